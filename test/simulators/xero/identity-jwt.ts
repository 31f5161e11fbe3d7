// RS256 JWTs for the simulated Xero identity server. Xero's access tokens are JWTs whose payload carries
// `authentication_event_id` (used with GET /connections?authEventId=); id_tokens are validated by openid-client
// against the JWKS, so they are signed for real.
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

let cached: SigningKey | undefined;

/** One RSA key per process (generating one per simulator instance would slow the tests down). */
export function signingKey(): SigningKey {
  if (!cached) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = randomUUID().replace(/-/g, '').toUpperCase();
    const jwk = {
      ...(publicKey.export({ format: 'jwk' }) as Record<string, unknown>),
      kid,
      use: 'sig',
      alg: 'RS256',
    };
    cached = { kid, privateKey, jwk };
  }
  return cached;
}

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

export function signJwt(payload: Record<string, unknown>): string {
  const key = signingKey();
  const head = b64url(JSON.stringify({ alg: 'RS256', kid: key.kid, typ: 'JWT' }));
  const body = b64url(JSON.stringify(payload));
  const signer = createSign('RSA-SHA256');
  signer.update(`${head}.${body}`);
  return `${head}.${body}.${signer.sign(key.privateKey).toString('base64url')}`;
}

/** Decodes (without verifying) a JWT payload; tests use it like the app would. */
export function decodeJwtPayload(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1];
  if (part === undefined) throw new Error('not a JWT');
  const parsed: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null) throw new Error('bad JWT payload');
  return parsed as Record<string, unknown>;
}
