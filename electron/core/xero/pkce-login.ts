import { generators, type TokenSet } from 'openid-client';
import type { OpenExternal } from '../ports.js';
import type { XeroEndpoints } from './endpoints.js';
import { startLoopbackListener } from './loopback-listener.js';
import { xeroOidcClient } from './oidc.js';

export type PkceLogin = {
  /** The consent URL opened in the system browser (also for the user to copy). */
  authorizeUrl: string;
  redirectUri: string;
  /** Settles when the callback arrived and the code was exchanged (or on timeout / refusal). */
  tokens: Promise<TokenSet>;
  cancel(): Promise<void>;
};

export type PkceLoginOptions = {
  endpoints: XeroEndpoints;
  openExternal: OpenExternal;
  timeoutMs?: number;
  /** Told when the browser could not be opened (the URL is still returned for the user). */
  onOpenFailed?: (err: unknown) => void;
};

/**
 * Authorization code + PKCE through the system browser (RFC 8252): a loopback listener on the first
 * free registered port, an S256 challenge from a 43-char verifier, a random state, the consent URL
 * opened with the platform's opener, and the code exchanged by openid-client as a public client.
 * No `openid` scope: openid-client's oauthCallback() refuses an id_token.
 */
export async function startPkceLogin(opts: PkceLoginOptions): Promise<PkceLogin> {
  const e = opts.endpoints;
  const state = generators.state();
  const verifier = generators.codeVerifier(); // 43 chars of base64url: within 43–128
  const abort = new AbortController();
  const listener = await startLoopbackListener({
    ports: e.redirectPorts,
    state,
    signal: abort.signal,
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
  });
  let client;
  try {
    client = xeroOidcClient(e, listener.redirectUri);
  } catch (err) {
    await listener.close();
    throw err;
  }
  const authorizeUrl = client.authorizationUrl({
    scope: e.scopes,
    state,
    code_challenge: generators.codeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  const tokens = (async () => {
    try {
      const callback = await listener.callback;
      const params = client.callbackParams(callback.toString());
      return await client.oauthCallback(listener.redirectUri, params, { state, code_verifier: verifier });
    } finally {
      await listener.close();
    }
  })();
  tokens.catch(() => undefined);
  try {
    await opts.openExternal(authorizeUrl);
  } catch (err) {
    opts.onOpenFailed?.(err);
  }
  return {
    authorizeUrl,
    redirectUri: listener.redirectUri,
    tokens,
    cancel: async () => {
      abort.abort();
      await listener.close();
    },
  };
}
