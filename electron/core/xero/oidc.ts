import { Issuer, type Client } from 'openid-client';
import { requireClientId, type XeroEndpoints } from './endpoints.js';

/**
 * The openid-client v5 public client for Xero, built from static metadata (no network discovery):
 * `token_endpoint_auth_method: 'none'`, so client_id goes in the body and no secret exists.
 */
export function xeroOidcClient(e: XeroEndpoints, redirectUri?: string): Client {
  const issuer = new Issuer({
    issuer: e.issuer,
    authorization_endpoint: e.authorizeUrl,
    token_endpoint: e.tokenUrl,
    revocation_endpoint: e.revocationUrl,
  });
  return new issuer.Client({
    client_id: requireClientId(e),
    token_endpoint_auth_method: 'none',
    response_types: ['code'],
    ...(redirectUri ? { redirect_uris: [redirectUri] } : {}),
  });
}
