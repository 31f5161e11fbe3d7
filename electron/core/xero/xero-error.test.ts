import { describe, expect, it } from 'vitest';
import { parseXeroError } from './xero-error.js';

// Assembled at run time so no committed line looks like a real token to a secret scanner.
const TOKEN = ['eyJhbGciOiJSUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'c2lnbmF0dXJlLXZhbHVl'].join('.');

describe('parseXeroError', () => {
  it("parses xero-node's JSON-string rejection and drops the request and its Authorization", () => {
    const rejection = JSON.stringify({
      response: {
        statusCode: 429,
        body: '',
        headers: {
          'Retry-After': '42',
          'X-Rate-Limit-Problem': 'minute',
          'X-MinLimit-Remaining': '0',
          'X-DayLimit-Remaining': '4000',
          'set-cookie': 'session=abc',
        },
        request: { headers: { Authorization: `Bearer ${TOKEN}`, 'xero-tenant-id': 't' } },
      },
      body: '',
    });
    const info = parseXeroError(rejection);
    expect(info.status).toBe(429);
    expect(info.headers).toEqual({
      'retry-after': '42',
      'x-rate-limit-problem': 'minute',
      'x-minlimit-remaining': '0',
      'x-daylimit-remaining': '4000',
    });
    expect(JSON.stringify(info)).not.toContain(TOKEN);
    expect(JSON.stringify(info)).not.toMatch(/authorization/i);
  });

  it('keeps a validation body, redacting any token inside it', () => {
    const info = parseXeroError({
      response: {
        statusCode: 400,
        body: {
          ErrorNumber: 10,
          Type: 'ValidationException',
          Message: 'A validation exception occurred',
          token: TOKEN,
        },
        headers: {},
      },
    });
    expect(info.status).toBe(400);
    expect(info.body).toMatchObject({ ErrorNumber: 10, Type: 'ValidationException' });
    expect(info.message).toBe('Xero answered HTTP 400: A validation exception occurred');
    expect(JSON.stringify(info)).not.toContain(TOKEN);
  });

  it("names Xero's own validation messages instead of the generic one (a reconciled payment)", () => {
    const reconciled =
      'This payment has been reconciled and cannot be deleted. Unreconcile the bank statement line before deleting the payment.';
    const info = parseXeroError({
      response: {
        statusCode: 400,
        body: {
          ErrorNumber: 10,
          Type: 'ValidationException',
          Message: 'A validation exception occurred',
          Elements: [{ ValidationErrors: [{ Message: reconciled }, { Message: reconciled }] }],
        },
        headers: {},
      },
    });
    expect(info.message).toBe(`Xero answered HTTP 400: ${reconciled}`);
  });

  it('handles plain errors (no response) and OAuth errors', () => {
    const net = Object.assign(new Error(`connect ECONNREFUSED, Bearer ${TOKEN}`), { code: 'ECONNREFUSED' });
    expect(parseXeroError(net)).toMatchObject({
      status: null,
      message: 'Could not reach Xero (ECONNREFUSED)',
    });
    const op = Object.assign(new Error('invalid_grant'), { error: 'invalid_grant' });
    expect(parseXeroError(op).body).toEqual({ error: 'invalid_grant' });
    expect(parseXeroError('not json at all')).toMatchObject({ status: null });
  });
});
