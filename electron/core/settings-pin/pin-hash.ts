import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** A stored PIN: never the PIN itself, only a salted scrypt hash and the parameters used. */
export type PinHash = {
  algorithm: 'scrypt';
  /** base64 */
  salt: string;
  /** base64 */
  hash: string;
  N: number;
  r: number;
  p: number;
  keyLength: number;
};

/**
 * N=2^15, r=8, p=1: 32 MiB and ~0.1 s per check. A short PIN has little entropy whatever the cost, so the
 * hash mainly keeps the PIN itself out of the file; wrong guesses through the app are also throttled.
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 } as const;

function derive(
  pin: string,
  salt: Buffer,
  params: Omit<PinHash, 'algorithm' | 'salt' | 'hash'>,
): Promise<Buffer> {
  const opts: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 128 * 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(pin.normalize('NFC'), salt, params.keyLength, opts, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPin(pin: string): Promise<PinHash> {
  const salt = randomBytes(16);
  const key = await derive(pin, salt, PARAMS);
  return { algorithm: 'scrypt', salt: salt.toString('base64'), hash: key.toString('base64'), ...PARAMS };
}

/** Constant-time comparison of a candidate PIN with a stored hash. */
export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const key = await derive(pin, Buffer.from(stored.salt, 'base64'), stored);
  return key.length === expected.length && timingSafeEqual(key, expected);
}
