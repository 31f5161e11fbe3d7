import { describe, expect, it } from 'vitest';
import { ClinikoHttpError } from '../cliniko/http-client.js';
import { XeroPausedError } from '../xero/limiter.js';
import { XeroReconnectNeeded, XeroUnavailable } from '../xero/token-manager.js';
import { toXeroHttpError } from '../xero/xero-error.js';
import {
  backoffMs,
  classifyError,
  decideRetry,
  decideWriteFailure,
  errorCode,
  type FailureClass,
} from './failure-policy.js';

/** xero-node's rejection for an HTTP answer. */
const xeroNode = (statusCode: number, body: unknown, headers: Record<string, string> = {}) =>
  JSON.stringify({ response: { statusCode, body, headers, request: {} }, body });

const NOW = new Date('2026-03-02T00:00:00Z');

const server: FailureClass = {
  kind: 'retryable',
  reason: 'server',
  uncertain: true,
  retryAfterMs: null,
  status: 503,
  message: 'Xero answered HTTP 503',
};

describe('classifyError', () => {
  it('no response (xero-node statusCode 0: reset, refused, timeout) → retryable and uncertain', () => {
    const reset = classifyError(xeroNode(0, 'socket hang up'));
    expect(reset).toMatchObject({ kind: 'retryable', reason: 'network', uncertain: true, status: null });
    expect(reset.message).toMatch(/socket hang up/);
    expect(classifyError(xeroNode(0, 'timeout of 30000ms exceeded'))).toMatchObject({
      kind: 'retryable',
      reason: 'timeout',
      uncertain: true,
    });
    const econn = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(classifyError(econn)).toMatchObject({ kind: 'retryable', reason: 'network', uncertain: true });
    expect(classifyError(new TypeError('fetch failed', { cause: econn }))).toMatchObject({
      kind: 'retryable',
    });
  });

  it('5xx → retryable and uncertain; 429 → retryable, not uncertain, with Retry-After', () => {
    for (const s of [500, 502, 503, 504]) {
      expect(classifyError(xeroNode(s, { Title: 'x' }))).toMatchObject({
        kind: 'retryable',
        reason: 'server',
        uncertain: true,
        status: s,
      });
    }
    expect(
      classifyError(xeroNode(429, '', { 'Retry-After': '42', 'X-Rate-Limit-Problem': 'minute' })),
    ).toMatchObject({ kind: 'retryable', reason: 'rate_limit', uncertain: false, retryAfterMs: 42_000 });
    expect(classifyError(toXeroHttpError(xeroNode(503, 'down')))).toMatchObject({ reason: 'server' });
  });

  it('validation (400, 404, 413) → needs attention, never retried blindly', () => {
    const body = {
      ErrorNumber: 10,
      Type: 'ValidationException',
      Message: 'A validation exception occurred',
      Elements: [{ ValidationErrors: [{ Message: 'Account code 200 is not a valid code' }] }],
    };
    expect(classifyError(xeroNode(400, body))).toMatchObject({ kind: 'validation', status: 400 });
    expect(classifyError(xeroNode(404, { Title: 'Not Found' }))).toMatchObject({ kind: 'validation' });
    expect(classifyError(xeroNode(413, { Title: 'Too big' }))).toMatchObject({ kind: 'validation' });
  });

  it('a reused Idempotency-Key with another body → waits out Xero’s 6-minute window', () => {
    const c = classifyError(
      xeroNode(400, { Detail: 'The Idempotency-Key has already been used with a different request.' }),
    );
    expect(c).toMatchObject({
      kind: 'retryable',
      reason: 'conflict',
      uncertain: false,
      retryAfterMs: 360_000,
    });
  });

  it('lost connection → reconnect; a refresh that could not reach Xero → retryable', () => {
    expect(classifyError(new XeroReconnectNeeded())).toMatchObject({ kind: 'reconnect' });
    expect(classifyError(xeroNode(401, { Title: 'Unauthorized' }))).toMatchObject({ kind: 'reconnect' });
    expect(classifyError(xeroNode(403, { Title: 'Forbidden' }))).toMatchObject({ kind: 'reconnect' });
    expect(classifyError(new XeroUnavailable('Could not refresh'))).toMatchObject({
      kind: 'retryable',
      uncertain: false,
    });
  });

  it('a long pause → retryable until it ends, nothing was sent', () => {
    const until = new Date(Date.now() + 3_600_000);
    const c = classifyError(new XeroPausedError('t', until, 'daily limit'));
    expect(c).toMatchObject({ kind: 'retryable', reason: 'paused', uncertain: false });
    const d = decideRetry(c, 1, new Date());
    expect(d.action).toBe('retry');
    if (d.action === 'retry')
      expect(Math.abs(d.nextAttemptAt.getTime() - until.getTime())).toBeLessThan(1000);
  });

  it('Cliniko: network and 5xx and 429 retryable (reads: never uncertain), 401 reconnect, 404 validation', () => {
    expect(
      classifyError(new ClinikoHttpError('network', null, 'Could not reach Cliniko (ECONNRESET).')),
    ).toMatchObject({ kind: 'retryable', reason: 'network', uncertain: false });
    expect(classifyError(new ClinikoHttpError('http', 502, 'Cliniko answered HTTP 502'))).toMatchObject({
      kind: 'retryable',
      reason: 'server',
    });
    expect(classifyError(new ClinikoHttpError('rate_limited', 429, 'slow down'))).toMatchObject({
      reason: 'rate_limit',
    });
    expect(classifyError(new ClinikoHttpError('unauthorized', 401, 'no'))).toMatchObject({
      kind: 'reconnect',
    });
    expect(classifyError(new ClinikoHttpError('not_found', 404, 'gone'))).toMatchObject({
      kind: 'validation',
    });
  });

  it('a programming error is not mistaken for a network failure', () => {
    expect(classifyError(new TypeError("Cannot read properties of undefined (reading 'x')"))).toMatchObject({
      kind: 'validation',
    });
  });

  it('finds error codes in causes and in xero-node strings', () => {
    expect(errorCode({ cause: { code: 'ECONNRESET' } })).toBe('ECONNRESET');
    expect(errorCode('{"code":"ETIMEDOUT"}')).toBe('ETIMEDOUT');
    expect(errorCode(new Error('x'))).toBeNull();
  });
});

describe('backoff and decisions', () => {
  it('full jitter: uniform in [0, min(cap, base·2^(n−1))], never below Retry-After', () => {
    expect(backoffMs(1, { random: () => 0.999999 })).toBe(29_999);
    expect(backoffMs(3, { random: () => 0.5 })).toBe(60_000);
    expect(backoffMs(30, { random: () => 0.999999 })).toBe(3_599_996);
    expect(backoffMs(4, { random: () => 0 })).toBe(1);
    expect(backoffMs(1, { random: () => 0 }, 42_000)).toBe(42_000);
    const samples = Array.from({ length: 2000 }, () => backoffMs(5, { baseMs: 1000 }));
    expect(Math.max(...samples)).toBeLessThan(16_000);
    expect(Math.min(...samples)).toBeLessThan(2_000); // jitter spreads retries out
    expect(new Set(samples).size).toBeGreaterThan(500);
  });

  it('retryable → failed until nextAttemptAt; 5xx escalates after maxServerAttempts; network never does', () => {
    const d = decideRetry(server, 1, NOW, { random: () => 0.5 });
    expect(d).toEqual({
      action: 'retry',
      nextAttemptAt: new Date(NOW.getTime() + 15_000),
      uncertain: true,
      message: 'Xero answered HTTP 503',
    });
    expect(decideRetry(server, 8, NOW).action).toBe('needs_attention');
    expect(decideRetry(server, 3, NOW, { maxServerAttempts: 3 })).toMatchObject({
      action: 'needs_attention',
      message: expect.stringMatching(/failed 3 times in a row/) as unknown,
    });
    expect(decideRetry({ ...server, reason: 'network', status: null }, 50, NOW).action).toBe('retry');
  });

  it('validation → needs_attention at once; reconnect → reconnect', () => {
    expect(decideRetry({ kind: 'validation', status: 400, message: 'bad' }, 1, NOW)).toEqual({
      action: 'needs_attention',
      message: 'bad',
    });
    expect(decideRetry({ kind: 'reconnect', status: 401, message: 'gone' }, 1, NOW).action).toBe('reconnect');
  });
});

describe('a write that failed as a whole (was classify.ts classifyCallFailure)', () => {
  const decide = (status: number, body: unknown = { Title: 'x' }) =>
    decideWriteFailure('Invoice CL-1', classifyError(xeroNode(status, body)), 1, NOW).action;

  it('network, 5xx and 429 are retryable; 400 waits for the user', () => {
    expect(
      decideWriteFailure('Invoice CL-1', classifyError(xeroNode(0, 'socket hang up')), 1, NOW).action,
    ).toBe('uncertain');
    expect(decide(503)).toBe('retry');
    expect(decide(429)).toBe('retry');
    expect(decide(400)).toBe('needs_attention');
  });

  it('401 and 403 mean reconnect (one answer for the engine, settle and the CLI)', () => {
    expect(decide(401)).toBe('reconnect');
    expect(decide(403)).toBe('reconnect');
  });

  it('names the record and says what happens next', () => {
    const d = decideWriteFailure('Invoice CL-1', server, 8, NOW);
    expect(d).toMatchObject({
      action: 'needs_attention',
      message: expect.stringMatching(/^Invoice CL-1: Xero failed 8 times/) as unknown,
    });
    const r = decideWriteFailure('Invoice CL-1', server, 1, NOW, { random: () => 0.5 });
    expect(r).toEqual({
      action: 'retry',
      nextAttemptAt: new Date(NOW.getTime() + 15_000),
      message: 'Invoice CL-1: Xero answered HTTP 503. It will be retried automatically.',
    });
  });
});
