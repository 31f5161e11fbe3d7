/**
 * The one failure policy (docs/decisions/013). After a failed call it decides between four things:
 * - **retry**: wait (exponential backoff with full jitter, capped; never before Retry-After) and send again;
 * - **needs attention**: the content was refused (or Xero kept failing): wait for the user;
 * - **reconnect**: the connection itself is gone (invalid_grant, 401, 403): stop, nothing is marked;
 * - **uncertain**: no answer at all, so the request may have been processed: look the records up in
 *   Xero and adopt what exists before anything is sent again.
 * The engine's outbox, `settle` (sync --once) and the CLI all ask this module; nothing else decides.
 * Pure: no I/O; the random source and the clock are passed in.
 */
import { ClinikoHttpError } from '../cliniko/http-client.js';
import { XeroPausedError } from '../xero/limiter.js';
import { XeroReconnectNeeded, XeroUnavailable } from '../xero/token-manager.js';
import { parseXeroError, XeroHttpError, type XeroErrorInfo } from '../xero/xero-error.js';
import { fixFor } from './classify.js';

export type RetryReason = 'network' | 'timeout' | 'server' | 'rate_limit' | 'paused' | 'conflict';

export type FailureClass =
  | {
      kind: 'retryable';
      reason: RetryReason;
      /**
       * The request may have reached Xero and been processed (no answer, a timeout, a reset, a
       * 5xx): before sending it again, look its records up in Xero and adopt what exists.
       */
      uncertain: boolean;
      /** The earliest retry the server asked for (Retry-After, a pause), in ms from now. */
      retryAfterMs: number | null;
      status: number | null;
      message: string;
    }
  | {
      /** Xero or Cliniko refused the content: never retried blindly, waits for the user. */
      kind: 'validation';
      status: number | null;
      message: string;
    }
  | {
      /** The connection itself is gone (invalid_grant, 401 after refresh, 403): stop syncing. */
      kind: 'reconnect';
      status: number | null;
      message: string;
    };

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'ERR_NETWORK',
]);

function rec(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : null;
}

/** The error code (`ECONNRESET`, `ECONNABORTED`, …) wherever it hides: the error, its cause, xero-node's JSON. */
export function errorCode(err: unknown): string | null {
  let cur: unknown = err;
  for (let i = 0; i < 4 && cur; i++) {
    if (typeof cur === 'string') {
      const m =
        /"code"\s*:\s*"([A-Z_]+)"/.exec(cur) ?? /\b(E[A-Z]{3,}|UND_ERR_[A-Z_]+|ERR_[A-Z_]+)\b/.exec(cur);
      return m?.[1] ?? null;
    }
    const r = rec(cur);
    if (!r) return null;
    if (typeof r.code === 'string' && r.code) return r.code;
    cur = r.cause ?? r.error ?? null;
  }
  return null;
}

function isTimeout(code: string | null, message: string): boolean {
  return (
    code === 'ECONNABORTED' ||
    code === 'ETIMEDOUT' ||
    code === 'ESOCKETTIMEDOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    /timeout|timed out/i.test(message)
  );
}

function retryAfterMs(headers: Record<string, string>): number | null {
  const v = headers['retry-after'];
  if (v === undefined) return null;
  const n = Number(v);
  if (Number.isFinite(n) && n >= 0) return n * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** Xero 400 bodies that are not about the content (so waiting helps). */
function isIdempotencyConflict(info: XeroErrorInfo): boolean {
  return /Idempotency-Key/i.test(info.message);
}

/** Classifies a Xero response status (with its parsed error). */
export function classifyXero(info: XeroErrorInfo, original?: unknown): FailureClass {
  const { status, message } = info;
  if (status === null) {
    const code = errorCode(original);
    return {
      kind: 'retryable',
      reason: isTimeout(code, message) ? 'timeout' : 'network',
      uncertain: true,
      retryAfterMs: null,
      status,
      message,
    };
  }
  if (status === 429) {
    return {
      kind: 'retryable',
      reason: 'rate_limit',
      uncertain: false,
      retryAfterMs: retryAfterMs(info.headers),
      status,
      message,
    };
  }
  if (status >= 500) {
    // A 500 can come after the write was committed; a 502/503/504 usually before, but nobody promises.
    return {
      kind: 'retryable',
      reason: 'server',
      uncertain: true,
      retryAfterMs: retryAfterMs(info.headers),
      status,
      message,
    };
  }
  if (status === 408) {
    return { kind: 'retryable', reason: 'timeout', uncertain: true, retryAfterMs: null, status, message };
  }
  if (status === 401 || status === 403) return { kind: 'reconnect', status, message };
  if (status === 400 && isIdempotencyConflict(info)) {
    // Same key, different body, inside Xero's 6-minute window: the key is content-derived so this
    // means the content changed under the same key; the window passes, and nothing was written.
    return {
      kind: 'retryable',
      reason: 'conflict',
      uncertain: false,
      retryAfterMs: 6 * 60_000,
      status,
      message,
    };
  }
  return { kind: 'validation', status, message };
}

/** Classifies whatever a Xero or Cliniko call threw. */
export function classifyError(err: unknown): FailureClass {
  if (err instanceof XeroPausedError) {
    return {
      kind: 'retryable',
      reason: 'paused',
      uncertain: false,
      retryAfterMs: Math.max(0, err.until.getTime() - Date.now()),
      status: 429,
      message: err.message,
    };
  }
  if (err instanceof XeroReconnectNeeded) return { kind: 'reconnect', status: null, message: err.message };
  if (err instanceof XeroUnavailable) {
    // The token refresh did not reach Xero: nothing was sent with the old token either.
    return {
      kind: 'retryable',
      reason: 'network',
      uncertain: false,
      retryAfterMs: null,
      status: null,
      message: err.message,
    };
  }
  if (err instanceof ClinikoHttpError) {
    const message = err.message;
    switch (err.kind) {
      case 'network':
        return {
          kind: 'retryable',
          reason: isTimeout(null, message) ? 'timeout' : 'network',
          uncertain: false, // reads only
          retryAfterMs: null,
          status: null,
          message,
        };
      case 'rate_limited':
        return {
          kind: 'retryable',
          reason: 'rate_limit',
          uncertain: false,
          retryAfterMs: null,
          status: 429,
          message,
        };
      case 'unauthorized':
      case 'forbidden':
        return { kind: 'reconnect', status: err.status, message };
      case 'http':
        if (err.status !== null && err.status >= 500) {
          return {
            kind: 'retryable',
            reason: 'server',
            uncertain: false,
            retryAfterMs: null,
            status: err.status,
            message,
          };
        }
        return { kind: 'validation', status: err.status, message };
      default:
        return { kind: 'validation', status: err.status, message };
    }
  }
  if (err instanceof XeroHttpError) return classifyXero(err.info, err);
  const info = parseXeroError(err);
  if (info.status === null) {
    const code = errorCode(err);
    // Not an HTTP failure at all (a bug, a parse error): do not pretend the network is down.
    if (!code || !NETWORK_CODES.has(code)) {
      if (!/socket hang up|network|fetch failed|timeout|aborted/i.test(info.message)) {
        return { kind: 'validation', status: null, message: info.message };
      }
    }
  }
  return classifyXero(info, err);
}

export type BackoffOptions = {
  /** First retry's ceiling (default 30 s). */
  baseMs?: number;
  /** No wait is longer (default 1 h). */
  capMs?: number;
  /** Uniform [0, 1) (default Math.random); tests pass a fixed one. */
  random?: () => number;
};

/**
 * "Full jitter" (AWS architecture blog): a uniform wait in [0, min(cap, base · 2^(attempt−1))],
 * never less than what the server asked for. `attempt` counts failures so far (1 = the first).
 */
export function backoffMs(
  attempt: number,
  opts: BackoffOptions = {},
  atLeastMs: number | null = null,
): number {
  const base = opts.baseMs ?? 30_000;
  const cap = opts.capMs ?? 3_600_000;
  const random = opts.random ?? Math.random;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, Math.min(attempt, 40) - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, atLeastMs ?? 0, 1);
}

export type RetryPolicyOptions = BackoffOptions & {
  /**
   * Consecutive 5xx failures of one record after which it goes to "Needs attention" instead of
   * waiting again (default 8). Network errors, timeouts and rate limits never escalate: they are
   * not the record's fault, and they end by themselves.
   */
  maxServerAttempts?: number;
};

export type RetryDecision =
  | { action: 'retry'; nextAttemptAt: Date; uncertain: boolean; message: string }
  | { action: 'needs_attention'; message: string }
  | { action: 'reconnect'; message: string };

/**
 * The decision for one record after `attempts` consecutive failures (this one included), at `now`.
 */
export function decideRetry(
  failure: FailureClass,
  attempts: number,
  now: Date,
  opts: RetryPolicyOptions = {},
): RetryDecision {
  if (failure.kind === 'reconnect') return { action: 'reconnect', message: failure.message };
  if (failure.kind === 'validation') return { action: 'needs_attention', message: failure.message };
  const max = opts.maxServerAttempts ?? 8;
  if (failure.reason === 'server' && attempts >= max) {
    return {
      action: 'needs_attention',
      message: `${failure.message} (Xero failed ${attempts} times in a row; retry it from the sync log once Xero is healthy)`,
    };
  }
  const wait =
    failure.reason === 'paused'
      ? Math.max(1, failure.retryAfterMs ?? 0)
      : backoffMs(attempts, opts, failure.retryAfterMs);
  return {
    action: 'retry',
    nextAttemptAt: new Date(now.getTime() + wait),
    uncertain: failure.uncertain,
    message: failure.message,
  };
}

export type WriteDecision =
  | { action: 'retry'; nextAttemptAt: Date; message: string }
  | { action: 'needs_attention'; message: string }
  | { action: 'reconnect'; message: string }
  | { action: 'uncertain'; message: string };

/**
 * A write call that failed as a whole, for one record that has now failed `failures` times in a row
 * (`what` names it for the user: "Invoice CL-10"). No answer at all is uncertain (reconciled at
 * once); a 5xx or 408 may also come after a commit, but it is retried later rather than looked up:
 * each writer's adoption rule (duplicate number, contact number, payment over the amount due)
 * recognises what landed. Network errors and rate limits never escalate; 5xx does after
 * `maxServerAttempts`.
 */
export function decideWriteFailure(
  what: string,
  failure: FailureClass,
  failures: number,
  now: Date,
  opts: RetryPolicyOptions = {},
): WriteDecision {
  if (failure.kind === 'reconnect') {
    return {
      action: 'reconnect',
      message: `${what}: Xero refused access (${failure.message}). Reconnect Xero, then sync again.`,
    };
  }
  if (failure.kind === 'validation') {
    return { action: 'needs_attention', message: `${what}: ${failure.message}. ${fixFor(failure.message)}` };
  }
  if (failure.status === null && failure.uncertain) return { action: 'uncertain', message: failure.message };
  const d = decideRetry(failure, failures, now, opts);
  if (d.action === 'needs_attention') {
    return {
      action: 'needs_attention',
      message: `${what}: Xero failed ${failures} times in a row (${failure.message}). Retry it from the sync log once Xero is working again.`,
    };
  }
  if (d.action === 'reconnect') return d;
  return {
    action: 'retry',
    nextAttemptAt: d.nextAttemptAt,
    message: `${what}: ${failure.message}. It will be retried automatically.`,
  };
}

/** `CXS_RETRY_BASE_MS` shortens the first backoff (tests against simulators); default 30 s. */
export function retryOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): RetryPolicyOptions {
  const base = Number(env.CXS_RETRY_BASE_MS);
  return Number.isFinite(base) && base > 0 ? { baseMs: base, capMs: Math.max(base, 3_600_000) } : {};
}
