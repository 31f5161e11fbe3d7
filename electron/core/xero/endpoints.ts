import { ApiError } from '../api-error.js';

/**
 * Where Xero lives. Defaults are Xero's real hosts; each can be overridden for tests, the demo and
 * self-hosting (docs/decisions/004-connections.md):
 *   CXS_XERO_LOGIN_URL    → `${it}/identity/connect/authorize`
 *   CXS_XERO_IDENTITY_URL → `${it}/connect/token`, `${it}/connect/revocation`
 *   CXS_XERO_API_URL      → `${it}/connections`, `${it}/api.xro/2.0/…`
 *   CXS_XERO_CLIENT_ID, CXS_XERO_SCOPES, CXS_XERO_REDIRECT_PORTS (comma list)
 */
export type XeroEndpoints = {
  issuer: string;
  authorizeUrl: string;
  tokenUrl: string;
  revocationUrl: string;
  connectionsUrl: string;
  accountingBasePath: string;
  /** How long one Accounting API call may take before it is abandoned (then looked up, retried). */
  callTimeoutMs: number;
  clientId: string;
  scopes: string;
  /** Loopback ports whose `http://localhost:PORT/callback` the Xero app registration lists. */
  redirectPorts: number[];
};

/** The client ID of the "Auth Code with PKCE" app registered for clinic-xero-sync (public: no secret). */
export const DEFAULT_XERO_CLIENT_ID = '';

/** Granular scopes (xero-api.md §1); `accounting.settings` (not .read) so tracking options can be created. */
export const DEFAULT_XERO_SCOPES =
  'offline_access accounting.invoices accounting.payments accounting.contacts accounting.settings';

/** The redirect URIs registered with the Xero app: http://localhost:{5051..5055}/callback. */
export const XERO_REDIRECT_PORTS: readonly number[] = [5051, 5052, 5053, 5054, 5055];

export const CALLBACK_PATH = '/callback';

function base(value: string | undefined, fallback: string, name: string): string {
  const raw = value?.trim() || fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ApiError('invalid_request', `${name} is not a URL: "${raw}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ApiError('invalid_request', `${name} must be an http(s) URL.`);
  }
  return raw.replace(/\/+$/, '');
}

export function xeroEndpoints(env: NodeJS.ProcessEnv = process.env): XeroEndpoints {
  const login = base(env.CXS_XERO_LOGIN_URL, 'https://login.xero.com', 'CXS_XERO_LOGIN_URL');
  const identity = base(env.CXS_XERO_IDENTITY_URL, 'https://identity.xero.com', 'CXS_XERO_IDENTITY_URL');
  const api = base(env.CXS_XERO_API_URL, 'https://api.xero.com', 'CXS_XERO_API_URL');
  const scopes = (env.CXS_XERO_SCOPES?.trim() || DEFAULT_XERO_SCOPES).split(/\s+/);
  if (scopes.includes('openid')) {
    // openid-client's oauthCallback() refuses a response with an id_token; we never need one.
    throw new ApiError('invalid_request', 'CXS_XERO_SCOPES must not include "openid".');
  }
  if (!scopes.includes('offline_access')) scopes.unshift('offline_access');
  let redirectPorts = [...XERO_REDIRECT_PORTS];
  if (env.CXS_XERO_REDIRECT_PORTS?.trim()) {
    redirectPorts = env.CXS_XERO_REDIRECT_PORTS.split(',').map((p) => Number(p.trim()));
    if (redirectPorts.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) {
      throw new ApiError(
        'invalid_request',
        'CXS_XERO_REDIRECT_PORTS must be a comma-separated list of ports.',
      );
    }
  }
  return {
    issuer: identity,
    authorizeUrl: `${login}/identity/connect/authorize`,
    tokenUrl: `${identity}/connect/token`,
    revocationUrl: `${identity}/connect/revocation`,
    connectionsUrl: `${api}/connections`,
    accountingBasePath: `${api}/api.xro/2.0`,
    callTimeoutMs: callTimeout(env.CXS_XERO_TIMEOUT_MS),
    clientId: env.CXS_XERO_CLIENT_ID?.trim() || DEFAULT_XERO_CLIENT_ID,
    scopes: scopes.join(' '),
    redirectPorts,
  };
}

/**
 * xero-node's HTTP calls have no timeout of their own: a connection that hangs without closing
 * would stall the sync forever. 60 s is far above Xero's normal answer times for a 50-element batch.
 */
export const DEFAULT_XERO_CALL_TIMEOUT_MS = 60_000;

function callTimeout(value: string | undefined): number {
  const ms = Number(value);
  return value && Number.isInteger(ms) && ms > 0 ? ms : DEFAULT_XERO_CALL_TIMEOUT_MS;
}

export function requireClientId(e: XeroEndpoints): string {
  if (!e.clientId) {
    throw new ApiError(
      'failed',
      'No Xero app is configured for this build: set CXS_XERO_CLIENT_ID to the client ID of your ' +
        '"Auth Code with PKCE" app (redirect URIs http://localhost:5051-5055/callback).',
    );
  }
  return e.clientId;
}
