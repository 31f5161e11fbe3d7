import { afterEach, describe, expect, it } from 'vitest';
import { REDACTED, forgetSecret, redact, redactMessage, registerSecret } from './redact.js';

// Assembled at run time so no committed line looks like a real token to a secret scanner.
const JWT = [
  'eyJhbGciOiJSUzI1NiIsImtpZCI6IjFDQUY4RTY2NzcyRDZEQzAyOEQ2NzI2RkQwMjYxNTgxNTcwRUZDMTkifQ',
  'eyJuYmYiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMTgwMH0',
  'c2lnbmF0dXJlLXBhcnQtaGVyZQ',
].join('.');
const REFRESH = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
const CLINIKO_KEY = 'MxJrZXkiOiI1Njd1amJmZTQ1NyJ9-au2';
const BASIC = 'TXhKclpYa2lPaUkxTmpkMWFtSm1aVFExTnlKOS1hdTI6';

/** Nothing secret may survive anywhere in the output, whatever its shape. */
function expectClean(out: unknown, ...secrets: string[]) {
  const text = typeof out === 'string' ? out : JSON.stringify(out);
  for (const s of secrets) expect(text).not.toContain(s);
}

afterEach(() => forgetSecret('super-secret-value-123'));

describe('redact: strings', () => {
  it('removes Authorization header lines (Bearer and Basic)', () => {
    const s = `GET /api.xro/2.0/Invoices\r\nAuthorization: Bearer ${JWT}\r\nAccept: application/json`;
    const out = redact(s);
    expectClean(out, JWT);
    expect(out).toContain('Accept: application/json');
    expect(out).toContain(`Authorization: ${REDACTED}`);
    expectClean(redact(`authorization: Basic ${BASIC}`), BASIC);
    expectClean(redact(`Proxy-Authorization: Basic ${BASIC}`), BASIC);
  });

  it('removes bare bearer and basic credentials but keeps the English word "Basic"', () => {
    expectClean(redact(`sent with Bearer ${REFRESH} today`), REFRESH);
    expectClean(redact(`header was Basic ${BASIC}`), BASIC);
    expect(redact('Basic information about the patient')).toBe('Basic information about the patient');
  });

  it('removes token fields in JSON text, query strings and forms', () => {
    const json = JSON.stringify({
      access_token: JWT,
      refresh_token: REFRESH,
      id_token: JWT,
      token_type: 'Bearer',
    });
    const out = redact(json);
    expectClean(out, JWT, REFRESH);
    expect(out).toContain('"token_type":"Bearer"');
    expectClean(redact(`grant_type=refresh_token&refresh_token=${REFRESH}&client_id=abc`), REFRESH);
    expectClean(redact(`https://x.test/cb?code=1&access_token=${REFRESH}`), REFRESH);
    expectClean(redact(`{'api_key': '${REFRESH}'}`), REFRESH);
    expectClean(redact(`apiKey=${REFRESH}`), REFRESH);
    expectClean(redact(`client_secret: ${REFRESH}`), REFRESH);
  });

  it('removes JWTs, Cliniko API keys and URL credentials wherever they appear', () => {
    expectClean(redact(`token ${JWT} expired`), JWT);
    expectClean(redact(`Invalid key ${CLINIKO_KEY} for shard au2`), CLINIKO_KEY);
    const out = redact(`https://user:${REFRESH}@api.au2.cliniko.com/v1/invoices`);
    expectClean(out, REFRESH);
    expect(out).toContain('api.au2.cliniko.com/v1/invoices');
  });

  it('removes registered and given secrets verbatim', () => {
    registerSecret('super-secret-value-123');
    expectClean(redact('it was super-secret-value-123!'), 'super-secret-value-123');
    expectClean(redact('xyz opaque-one xyz', { secrets: ['opaque-one'] }), 'opaque-one');
  });

  it('leaves ordinary text alone', () => {
    const s = 'Invoice INV-1042 for Zoë Smith: account 200 is archived. Pick another account in Mappings.';
    expect(redact(s)).toBe(s);
  });
});

describe('redact: values', () => {
  it('redacts secret keys at any depth, in any spelling, without touching the input', () => {
    const input = {
      headers: {
        Authorization: `Bearer ${JWT}`,
        'xero-tenant-id': 'abc',
        'X-Api-Key': REFRESH,
        Cookie: 'sid=1',
      },
      tokenSet: { accessToken: JWT, refreshToken: REFRESH, idToken: JWT, expires_in: 1800 },
      auth: { username: CLINIKO_KEY, password: '' },
      list: [{ client_secret: REFRESH }],
      body: `{"refresh_token":"${REFRESH}"}`,
      idempotencyKey: 'keep-me',
    };
    const copy = structuredClone(input);
    const out = redact(input) as typeof input;
    expectClean(out, JWT, REFRESH, CLINIKO_KEY, 'sid=1');
    expect(input).toEqual(copy);
    expect(out.headers['xero-tenant-id']).toBe('abc');
    expect(out.tokenSet.expires_in).toBe(1800);
    expect(out.idempotencyKey).toBe('keep-me');
  });

  it('handles errors with secrets in message, stack, cause and props (axios-shaped)', () => {
    const err = Object.assign(new Error(`Request failed: Authorization: Bearer ${JWT}`), {
      config: { headers: { Authorization: `Basic ${BASIC}` }, url: `https://x/?access_token=${REFRESH}` },
      response: { status: 401, data: { error: 'invalid_grant', refresh_token: REFRESH } },
      cause: new Error(`inner ${CLINIKO_KEY}`),
    });
    const out = redact(err) as Record<string, unknown>;
    expectClean(out, JWT, BASIC, REFRESH, CLINIKO_KEY);
    expect(out['name']).toBe('Error');
    expect(JSON.stringify(out)).toContain('invalid_grant');
    expectClean(redactMessage(err), JWT);
  });

  it('uses toJSON (AxiosHeaders, Dates), survives cycles, binaries and sockets', () => {
    class HeadersLike {
      toJSON() {
        return { Authorization: `Bearer ${JWT}`, Accept: 'application/json' };
      }
    }
    class ClientRequest {
      _header = `Authorization: Bearer ${JWT}`;
    }
    const cyclic: Record<string, unknown> = { when: new Date('2026-03-02T00:00:00Z'), h: new HeadersLike() };
    cyclic['self'] = cyclic;
    cyclic['buf'] = Buffer.from('secret bytes');
    cyclic['req'] = new ClientRequest();
    const out = redact(cyclic) as Record<string, unknown>;
    expectClean(out, JWT, 'secret bytes');
    expect(out['when']).toBe('2026-03-02T00:00:00.000Z');
    expect(out['self']).toBe('[Circular]');
    expect(out['req']).toBe('[ClientRequest]');
    expect(out['h']).toEqual({ Authorization: REDACTED, Accept: 'application/json' });
  });

  it('redactMessage turns anything into one redacted string', () => {
    expect(redactMessage(`refresh_token=${REFRESH}`)).not.toContain(REFRESH);
    expect(redactMessage({ access_token: JWT })).not.toContain(JWT);
    expect(typeof redactMessage(undefined)).toBe('string');
  });
});
