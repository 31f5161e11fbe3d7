import { z } from 'zod';
import { registerSecret } from '../secrets/redact.js';
import { SECRET_ACCOUNTS, type SecretStore } from '../ports.js';

/** What is kept in the SecretStore under `xero-token-set` (and nowhere else). */
const storedTokenSetSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  /** Epoch seconds. */
  expires_at: z.number(),
  scope: z.string().default(''),
  token_type: z.string().default('Bearer'),
});

export type StoredTokenSet = z.output<typeof storedTokenSetSchema>;

export function toStoredTokenSet(
  t: {
    access_token?: string;
    refresh_token?: string;
    expires_at?: number;
    expires_in?: number;
    scope?: string;
    token_type?: string;
  },
  nowMs: number,
): StoredTokenSet {
  if (!t.access_token) throw new Error('Xero returned no access token.');
  if (!t.refresh_token)
    throw new Error('Xero returned no refresh token (is offline_access among the scopes?).');
  const expiresAt = t.expires_at ?? Math.floor(nowMs / 1000) + (t.expires_in ?? 1800);
  return {
    access_token: t.access_token,
    refresh_token: t.refresh_token,
    expires_at: expiresAt,
    scope: t.scope ?? '',
    token_type: t.token_type ?? 'Bearer',
  };
}

export async function loadTokenSet(secrets: SecretStore): Promise<StoredTokenSet | null> {
  const raw = await secrets.get(SECRET_ACCOUNTS.xeroTokenSet);
  if (!raw) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = storedTokenSetSchema.safeParse(json);
  if (!parsed.success) return null;
  registerSecret(parsed.data.access_token);
  registerSecret(parsed.data.refresh_token);
  return parsed.data;
}

export async function saveTokenSet(secrets: SecretStore, t: StoredTokenSet): Promise<void> {
  registerSecret(t.access_token);
  registerSecret(t.refresh_token);
  await secrets.set(SECRET_ACCOUNTS.xeroTokenSet, JSON.stringify(t));
}

export async function deleteTokenSet(secrets: SecretStore): Promise<boolean> {
  return secrets.delete(SECRET_ACCOUNTS.xeroTokenSet);
}
