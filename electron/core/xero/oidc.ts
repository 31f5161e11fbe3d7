import { custom, Issuer, type Client } from 'openid-client';
import { requireClientId, type XeroEndpoints } from './endpoints.js';

/**
 * The openid-client v5 public client for Xero, built from static metadata (no network discovery):
 * `token_endpoint_auth_method: 'none'`, so client_id goes in the body and no secret exists.
 */
/**
 * How long a token, refresh or revocation request to Xero Identity may take. openid-client's own
 * default, 3.5 s, failed "Connect to Xero" whenever Xero or the PC was slow, though Xero answered.
 */
export const IDENTITY_TIMEOUT_MS = 30_000;

export function xeroOidcClient(e: XeroEndpoints, redirectUri?: string): Client {
  const issuer = new Issuer({
    issuer: e.issuer,
    authorization_endpoint: e.authorizeUrl,
    token_endpoint: e.tokenUrl,
    revocation_endpoint: e.revocationUrl,
  });
  const client = new issuer.Client({
    client_id: requireClientId(e),
    token_endpoint_auth_method: 'none',
    response_types: ['code'],
    ...(redirectUri ? { redirect_uris: [redirectUri] } : {}),
  });
  client[custom.http_options] = (_url, options) => ({ ...options, timeout: IDENTITY_TIMEOUT_MS });
  return client;
}
