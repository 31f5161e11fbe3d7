import { ApiError } from '../api-error.js';
import type { ConnectionStateFile, ClinikoState } from '../secrets/connection-state.js';
import { registerSecret } from '../secrets/redact.js';
import { SECRET_ACCOUNTS, type Clock, type SecretStore } from '../ports.js';
import { ClinikoClient, ClinikoHttpError } from './http-client.js';
import { clinikoLimiterFor } from './limiter.js';
import { clinikoEndpoint } from './shard.js';

export type ClinikoConnectDeps = {
  secrets: SecretStore;
  state: ConnectionStateFile;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  contactEmail: () => Promise<string | null>;
};

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

function rec(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}

/**
 * Checks a pasted key with real calls (`GET /user`, then `GET /settings/public` for the account
 * name) and only then stores it in the SecretStore. A 401 is "Cliniko rejected this API key".
 */
export async function connectCliniko(deps: ClinikoConnectDeps, apiKey: string): Promise<ClinikoState> {
  const key = apiKey.trim();
  const endpoint = clinikoEndpoint(key, deps.env);
  registerSecret(key);
  const client = new ClinikoClient({
    apiKey: key,
    baseUrl: endpoint.baseUrl,
    contactEmail: await deps.contactEmail(),
    timeoutMs: 20_000,
    maxRateLimitRetries: 1,
  });
  let user: string | null;
  let account: string | null = null;
  try {
    const u = rec(await client.get('/user'));
    user = [str(u.first_name), str(u.last_name)].filter(Boolean).join(' ') || str(u.email);
    try {
      account = str(rec(rec(await client.get('/settings/public')).account).name);
    } catch (err) {
      // Public settings are open to every role; if they still fail, the user's name will do.
      if (!(err instanceof ClinikoHttpError) || err.kind === 'unauthorized' || err.kind === 'network')
        throw err;
    }
  } catch (err) {
    throw toUserError(err, endpoint.baseUrl);
  }
  const state: ClinikoState = {
    account: account ?? user ?? 'Cliniko',
    user,
    baseUrl: endpoint.baseUrl,
    connectedAt: deps.clock.now().toISOString(),
  };
  await deps.secrets.set(SECRET_ACCOUNTS.clinikoApiKey, key);
  await deps.state.update((s) => ({ ...s, cliniko: state }));
  return state;
}

export async function disconnectCliniko(
  deps: Pick<ClinikoConnectDeps, 'secrets' | 'state'>,
): Promise<boolean> {
  const removed = await deps.secrets.delete(SECRET_ACCOUNTS.clinikoApiKey);
  const before = await deps.state.read();
  await deps.state.update((s) => ({ ...s, cliniko: null }));
  return removed || before.cliniko !== null;
}

/** A client for the stored key (for the sync engine); null when Cliniko is not connected. */
export async function openClinikoClient(
  deps: Pick<ClinikoConnectDeps, 'secrets' | 'state' | 'contactEmail'>,
  observe?: (error?: ClinikoHttpError) => void,
): Promise<ClinikoClient | null> {
  const [key, state] = await Promise.all([
    deps.secrets.get(SECRET_ACCOUNTS.clinikoApiKey),
    deps.state.read(),
  ]);
  if (!key || !state.cliniko) return null;
  registerSecret(key);
  return new ClinikoClient({
    apiKey: key,
    baseUrl: state.cliniko.baseUrl,
    contactEmail: await deps.contactEmail(),
    limiter: clinikoLimiterFor(key),
    ...clinikoTimeoutFromEnv(),
    ...(observe ? { observe } : {}),
  });
}

/** CXS_CLINIKO_TIMEOUT_MS: how long one Cliniko call may take (default 30 s; tests shorten it). */
function clinikoTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): { timeoutMs?: number } {
  const ms = Number(env.CXS_CLINIKO_TIMEOUT_MS);
  return Number.isFinite(ms) && ms > 0 ? { timeoutMs: ms } : {};
}

function toUserError(err: unknown, baseUrl: string): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof ClinikoHttpError) {
    switch (err.kind) {
      case 'unauthorized':
        return new ApiError(
          'unauthorized',
          'Cliniko rejected this API key. Check that you copied the whole key, and that it has not been revoked.',
        );
      case 'network':
        return new ApiError('failed', `${err.message} Check your internet connection and try again.`);
      case 'forbidden':
        return new ApiError('unauthorized', `Cliniko accepted the key but refused access: ${err.message}`);
      default:
        return new ApiError('failed', `Cliniko could not check this key (${err.message}).`);
    }
  }
  return new ApiError('failed', `Could not check the key against ${new URL(baseUrl).host}.`);
}
