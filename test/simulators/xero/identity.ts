// Simulated Xero identity service: OAuth 2.0 authorization code + PKCE for a public (desktop) client,
// refresh-token rotation with a grace period, revocation, and the /connections API.
// Real hosts: login.xero.com/identity/connect/authorize, identity.xero.com/connect/{token,revocation},
// api.xero.com/connections. Here they all live on the simulator's one origin.
// See shared/reference/xero-api.md §1 and xero-openapi/xero-identity.yaml.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONSENT_ACTION_PATH, consentPage, errorPage } from './identity-html.js';
import { signJwt, signingKey } from './identity-jwt.js';

export { decodeJwtPayload } from './identity-jwt.js';

export interface IdentityTenant {
  tenantId: string;
  tenantName: string;
  tenantType: 'ORGANISATION';
}

export interface IdentityConfig {
  clientId: string;
  redirectUris: string[];
  tenants: () => IdentityTenant[];
  accessTokenTtlSec: number;
  refreshGraceSec: number;
  authCodeTtlSec?: number;
  now: () => number;
  /** Shown on the consent page. Default 'clinic-xero-sync'. */
  appName?: string;
}

export type AuthorizeResult =
  | { ok: true; tenantId: string }
  | { ok: false; status: 401 | 403; body: unknown; headers?: Record<string, string> };

export interface IdentityStats {
  tokensIssued: number;
  refreshes: number;
  refreshReplaysInGrace: number;
  invalidGrants: number;
  revocations: number;
  connectionsDeleted: number;
}

export interface Identity {
  handle(req: IncomingMessage, res: ServerResponse, url: URL, body: string): boolean;
  authorize(authorization: string | undefined, tenantId: string | undefined): AuthorizeResult;
  approveConsent(authorizeUrl: string, opts?: { tenantIds?: string[]; deny?: boolean }): Promise<string>;
  mintAccessToken(tenantIds: string[]): string;
  stats(): IdentityStats;
}

export const AUTHORIZE_PATH = '/identity/connect/authorize';
export const TOKEN_PATH = '/connect/token';
export const REVOCATION_PATH = '/connect/revocation';
export const DISCOVERY_PATH = '/.well-known/openid-configuration';
export const JWKS_PATH = '/.well-known/openid-configuration/jwks';
const DEFAULT_ISSUER = 'https://identity.xero.com';
const REFRESH_TOKEN_TTL_MS = 60 * 24 * 3600 * 1000; // "expires after 60 days unused"
const PENDING_TTL_MS = 60 * 60 * 1000;
const PKCE_RE = /^[A-Za-z0-9\-._~]{43,128}$/;
const SIM_USER_ID = '5b9a8f4e-0c1d-4e2f-9a3b-7c6d5e4f3a2b';
const SIM_USER = { email: 'practice.manager@example.com', given_name: 'Pat', family_name: 'Manager' };

const KNOWN_SCOPES = new Set([
  'openid',
  'profile',
  'email',
  'offline_access',
  'accounting.transactions',
  'accounting.transactions.read',
  'accounting.invoices',
  'accounting.invoices.read',
  'accounting.payments',
  'accounting.payments.read',
  'accounting.banktransactions',
  'accounting.banktransactions.read',
  'accounting.manualjournals',
  'accounting.manualjournals.read',
  'accounting.classicexpenses',
  'accounting.classicexpenses.read',
  'accounting.contacts',
  'accounting.contacts.read',
  'accounting.settings',
  'accounting.settings.read',
  'accounting.attachments',
  'accounting.attachments.read',
  'accounting.journals.read',
  'accounting.reports.read',
  'accounting.budgets.read',
]);
const isKnownScope = (s: string): boolean =>
  KNOWN_SCOPES.has(s) || /^accounting\.reports\.[a-z]+\.read$/.test(s);
/** Scopes of tokens from mintAccessToken (no refresh token is minted). */
const MINT_SCOPES = [
  'accounting.invoices',
  'accounting.payments',
  'accounting.contacts',
  'accounting.settings',
];

interface PendingAuth {
  id: string;
  redirectUri: string;
  scopes: string[];
  state: string;
  codeChallenge: string;
  nonce: string | undefined;
  createdAt: number;
  issuer: string;
}

interface AuthCode {
  redirectUri: string;
  scopes: string[];
  codeChallenge: string;
  nonce: string | undefined;
  authEventId: string;
  sessionId: string;
  expiresAt: number;
  used: boolean;
  issuer: string;
}

interface Grant {
  id: string;
  scopes: string[];
  authEventId: string;
  sessionId: string;
  authTime: number;
  issuer: string;
  revoked: boolean;
}

interface RefreshRecord {
  grantId: string;
  issuedAt: number;
  firstUsedAt: number | undefined;
}

interface AccessRecord {
  grantId: string;
  expiresAt: number;
}

interface Connection {
  id: string;
  tenantId: string;
  authEventId: string;
  createdAt: number;
  updatedAt: number;
}

interface TokenResponse {
  id_token?: string;
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
  refresh_token?: string;
  scope: string;
}

/** Xero's ProblemDetails body for API auth failures, e.g. {"Type":null,"Title":"Unauthorized","Status":401,...}. */
function problem(status: number, title: string, detail: string): Record<string, unknown> {
  return { Type: null, Title: title, Status: status, Detail: detail, Instance: randomUUID(), Extensions: {} };
}

/** .NET-style `MM/dd/yyyy HH:mm:ss` (UTC), as in "TokenExpired: token expired at 04/09/2023 05:16:59". */
function dotnetDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** Connections dates look like "2019-12-07T18:46:19.5165400" (7 fractional digits, no zone). */
function connectionDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '0000');
}

const randomToken = (): string => randomBytes(32).toString('hex').toUpperCase();

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, JSON.stringify(body), { 'Content-Type': 'application/json; charset=utf-8', ...headers });
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  send(res, status, html, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
}

function redirect(res: ServerResponse, location: string): void {
  send(res, 302, '', { Location: location, 'Cache-Control': 'no-store' });
}

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

function oauthError(res: ServerResponse, error: string, status = 400): void {
  sendJson(res, status, { error }, NO_STORE);
}

export function createIdentity(cfg: IdentityConfig): Identity {
  const authCodeTtlMs = (cfg.authCodeTtlSec ?? 300) * 1000;
  const appName = cfg.appName ?? 'clinic-xero-sync';
  const pending = new Map<string, PendingAuth>();
  const codes = new Map<string, AuthCode>();
  const grants = new Map<string, Grant>();
  const refreshTokens = new Map<string, RefreshRecord>();
  const accessTokens = new Map<string, AccessRecord>();
  /** The simulated user's connections, keyed by lower-cased tenant id (one connection per tenant). */
  const connections = new Map<string, Connection>();
  const counters: IdentityStats = {
    tokensIssued: 0,
    refreshes: 0,
    refreshReplaysInGrace: 0,
    invalidGrants: 0,
    revocations: 0,
    connectionsDeleted: 0,
  };

  const findTenant = (id: string): IdentityTenant | undefined =>
    cfg.tenants().find((t) => t.tenantId.toLowerCase() === id.toLowerCase());

  function connect(tenantIds: string[], authEventId: string): void {
    const now = cfg.now();
    for (const id of tenantIds) {
      const tenant = findTenant(id);
      if (!tenant) throw new Error(`unknown tenant ${id}`);
      const key = tenant.tenantId.toLowerCase();
      const existing = connections.get(key);
      if (existing) {
        existing.authEventId = authEventId;
        existing.updatedAt = now;
      } else {
        connections.set(key, {
          id: randomUUID(),
          tenantId: tenant.tenantId,
          authEventId,
          createdAt: now,
          updatedAt: now,
        });
      }
    }
  }

  function issueTokens(grant: Grant, nonce: string | undefined): TokenResponse {
    const now = cfg.now();
    const nowSec = Math.floor(now / 1000);
    const expiresAt = now + cfg.accessTokenTtlSec * 1000;
    const accessToken = signJwt({
      nbf: nowSec,
      exp: Math.floor(expiresAt / 1000),
      iss: grant.issuer,
      aud: `${grant.issuer}/resources`,
      client_id: cfg.clientId,
      sub: SIM_USER_ID.replace(/-/g, ''),
      auth_time: Math.floor(grant.authTime / 1000),
      xero_userid: SIM_USER_ID,
      global_session_id: grant.sessionId,
      sid: grant.sessionId,
      jti: randomUUID().replace(/-/g, '').toUpperCase(),
      authentication_event_id: grant.authEventId,
      scope: grant.scopes,
    });
    accessTokens.set(accessToken, { grantId: grant.id, expiresAt });
    const out: TokenResponse = {
      access_token: accessToken,
      expires_in: cfg.accessTokenTtlSec,
      token_type: 'Bearer',
      scope: grant.scopes.join(' '),
    };
    if (grant.scopes.includes('openid')) {
      const claims: Record<string, unknown> = {
        nbf: nowSec,
        exp: nowSec + 300,
        iss: grant.issuer,
        aud: cfg.clientId,
        iat: nowSec,
        auth_time: Math.floor(grant.authTime / 1000),
        sub: SIM_USER_ID.replace(/-/g, ''),
        xero_userid: SIM_USER_ID,
        global_session_id: grant.sessionId,
        sid: grant.sessionId,
      };
      if (nonce !== undefined) claims.nonce = nonce;
      if (grant.scopes.includes('email')) claims.email = SIM_USER.email;
      if (grant.scopes.includes('profile')) {
        claims.preferred_username = SIM_USER.email;
        claims.given_name = SIM_USER.given_name;
        claims.family_name = SIM_USER.family_name;
      }
      out.id_token = signJwt(claims);
    }
    if (grant.scopes.includes('offline_access')) {
      const rt = randomToken();
      refreshTokens.set(rt, { grantId: grant.id, issuedAt: now, firstUsedAt: undefined });
      out.refresh_token = rt;
    }
    return out;
  }

  /** Validates a bearer token for API/connections calls; on failure returns Xero's 401 body. */
  function checkBearer(
    authorization: string | undefined,
  ): { ok: true; grant: Grant } | { ok: false; status: 401; body: unknown; headers: Record<string, string> } {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m || m[1] === undefined) {
      return {
        ok: false,
        status: 401,
        body: problem(401, 'Unauthorized', 'AuthenticationUnsuccessful'),
        headers: { 'WWW-Authenticate': 'Bearer' },
      };
    }
    const rec = accessTokens.get(m[1]);
    const grant = rec ? grants.get(rec.grantId) : undefined;
    if (!rec || !grant || grant.revoked) {
      return {
        ok: false,
        status: 401,
        body: problem(401, 'Unauthorized', 'AuthenticationUnsuccessful'),
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      };
    }
    if (cfg.now() >= rec.expiresAt) {
      const at = dotnetDate(rec.expiresAt);
      return {
        ok: false,
        status: 401,
        body: problem(401, 'Unauthorized', `TokenExpired: token expired at ${at}`),
        headers: {
          'WWW-Authenticate': `Bearer error="invalid_token", error_description="The token expired at '${at}'"`,
        },
      };
    }
    return { ok: true, grant };
  }

  function authorize(authorization: string | undefined, tenantId: string | undefined): AuthorizeResult {
    const bearer = checkBearer(authorization);
    if (!bearer.ok) return bearer;
    // Xero: "The Xero-tenant-id header is missing, incorrect or isn't authorized for use with this access token"
    // → 403 {"Title":"Forbidden","Detail":"AuthenticationUnsuccessful"} (developer.xero.com/documentation/oauth2/troubleshooting).
    const conn = tenantId ? connections.get(tenantId.trim().toLowerCase()) : undefined;
    if (!conn || !findTenant(conn.tenantId)) {
      return { ok: false, status: 403, body: problem(403, 'Forbidden', 'AuthenticationUnsuccessful') };
    }
    return { ok: true, tenantId: conn.tenantId };
  }

  // ---- GET /identity/connect/authorize ----
  function handleAuthorize(res: ServerResponse, url: URL): void {
    const q = url.searchParams;
    const fail = (msg: string): void => sendHtml(res, 400, errorPage(msg));
    const clientId = q.get('client_id');
    if (!clientId) return fail('invalid_request : client_id is missing');
    if (clientId !== cfg.clientId) return fail('unauthorized_client : Unknown client or client not enabled');
    const redirectUri = q.get('redirect_uri');
    if (!redirectUri) return fail('invalid_request : redirect_uri is missing');
    if (!cfg.redirectUris.includes(redirectUri)) return fail('unauthorized_client : Invalid redirect_uri');
    const responseType = q.get('response_type');
    if (!responseType) return fail('invalid_request : response_type is missing');
    if (responseType !== 'code') return fail('unsupported_response_type : Response type not supported');
    const scopeParam = q.get('scope');
    if (!scopeParam || !scopeParam.trim()) return fail('invalid_request : scope is missing');
    const scopes = [...new Set(scopeParam.trim().split(/ +/))];
    const badScope = scopes.find((s) => !isKnownScope(s));
    if (badScope !== undefined) return fail(`invalid_scope : Invalid scope: ${badScope}`);
    const state = q.get('state');
    if (!state) return fail('invalid_request : state is missing');
    const codeChallenge = q.get('code_challenge');
    if (!codeChallenge) return fail('invalid_request : code challenge required');
    if (q.get('code_challenge_method') !== 'S256')
      return fail('invalid_request : Transform algorithm not supported');
    if (!PKCE_RE.test(codeChallenge)) return fail('invalid_request : Invalid code_challenge');
    const id = randomToken();
    pending.set(id, {
      id,
      redirectUri,
      scopes,
      state,
      codeChallenge,
      nonce: q.get('nonce') ?? undefined,
      createdAt: cfg.now(),
      issuer: url.origin,
    });
    sendHtml(
      res,
      200,
      consentPage({
        requestId: id,
        appName,
        scopes,
        tenants: cfg.tenants().map((t) => ({ tenantId: t.tenantId, tenantName: t.tenantName })),
      }),
    );
  }

  // ---- GET /identity/connect/authorize/consent?request=…&action=allow|deny&tenant=… ----
  function handleConsent(res: ServerResponse, url: URL): void {
    const q = url.searchParams;
    const p = pending.get(q.get('request') ?? '');
    if (!p || cfg.now() - p.createdAt > PENDING_TTL_MS) {
      return sendHtml(
        res,
        400,
        errorPage('invalid_request : This authorisation request has expired or was already used'),
      );
    }
    const back = new URL(p.redirectUri);
    if (q.get('action') !== 'allow') {
      pending.delete(p.id);
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('state', p.state);
      return redirect(res, back.toString());
    }
    const chosen = q.getAll('tenant');
    const tenants = cfg.tenants();
    if (chosen.length === 0 && tenants.length > 0) {
      const list = tenants.map((t) => ({ tenantId: t.tenantId, tenantName: t.tenantName }));
      const html = consentPage({
        requestId: p.id,
        appName,
        scopes: p.scopes,
        tenants: list,
        error: 'Select at least one organisation',
      });
      return sendHtml(res, 200, html);
    }
    const unknown = chosen.find((id) => !findTenant(id));
    if (unknown !== undefined)
      return sendHtml(res, 400, errorPage(`invalid_request : Unknown organisation ${unknown}`));
    pending.delete(p.id);
    const authEventId = randomUUID();
    connect(chosen, authEventId);
    const code = randomToken();
    const sessionId = randomUUID().replace(/-/g, '');
    codes.set(code, {
      redirectUri: p.redirectUri,
      scopes: p.scopes,
      codeChallenge: p.codeChallenge,
      nonce: p.nonce,
      authEventId,
      sessionId,
      expiresAt: cfg.now() + authCodeTtlMs,
      used: false,
      issuer: p.issuer,
    });
    back.searchParams.set('code', code);
    back.searchParams.set('scope', p.scopes.join(' '));
    back.searchParams.set('state', p.state);
    back.searchParams.set('session_state', randomBytes(16).toString('base64url'));
    redirect(res, back.toString());
  }

  /** Public client: client_id in the body, no Authorization header, no secret. */
  function clientOk(req: IncomingMessage, form: URLSearchParams): boolean {
    if (req.headers.authorization !== undefined || form.has('client_secret')) return false;
    return form.get('client_id') === cfg.clientId;
  }

  function parseForm(req: IncomingMessage, body: string): URLSearchParams | undefined {
    const ct = req.headers['content-type'] ?? '';
    if (!ct.toLowerCase().includes('application/x-www-form-urlencoded')) return undefined;
    return new URLSearchParams(body);
  }

  // ---- POST /connect/token ----
  function handleToken(req: IncomingMessage, res: ServerResponse, body: string): void {
    const form = parseForm(req, body);
    if (!form) return oauthError(res, 'invalid_request');
    if (!clientOk(req, form)) return oauthError(res, 'invalid_client');
    const invalidGrant = (): void => {
      counters.invalidGrants++;
      oauthError(res, 'invalid_grant');
    };
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      if (!code || code.used || cfg.now() >= code.expiresAt) return invalidGrant();
      code.used = true; // single use, whatever happens next
      if (form.get('redirect_uri') !== code.redirectUri) return invalidGrant();
      const verifier = form.get('code_verifier') ?? '';
      if (!PKCE_RE.test(verifier)) return invalidGrant();
      if (createHash('sha256').update(verifier).digest('base64url') !== code.codeChallenge)
        return invalidGrant();
      const grant: Grant = {
        id: randomUUID(),
        scopes: code.scopes,
        authEventId: code.authEventId,
        sessionId: code.sessionId,
        authTime: cfg.now(),
        issuer: code.issuer,
        revoked: false,
      };
      grants.set(grant.id, grant);
      counters.tokensIssued++;
      return sendJson(res, 200, issueTokens(grant, code.nonce), NO_STORE);
    }
    if (grantType === 'refresh_token') {
      const rec = refreshTokens.get(form.get('refresh_token') ?? '');
      const grant = rec ? grants.get(rec.grantId) : undefined;
      if (!rec || !grant || grant.revoked) return invalidGrant();
      const now = cfg.now();
      if (now - rec.issuedAt > REFRESH_TOKEN_TTL_MS) return invalidGrant();
      if (rec.firstUsedAt === undefined) {
        rec.firstUsedAt = now;
      } else if (now - rec.firstUsedAt <= cfg.refreshGraceSec * 1000) {
        counters.refreshReplaysInGrace++;
      } else {
        return invalidGrant();
      }
      counters.refreshes++;
      counters.tokensIssued++;
      return sendJson(res, 200, issueTokens(grant, undefined), NO_STORE);
    }
    oauthError(res, 'unsupported_grant_type');
  }

  // ---- POST /connect/revocation ----
  function handleRevocation(req: IncomingMessage, res: ServerResponse, body: string): void {
    const form = parseForm(req, body);
    if (!form) return oauthError(res, 'invalid_request');
    if (!clientOk(req, form)) return oauthError(res, 'invalid_client');
    const token = form.get('token');
    if (!token) return oauthError(res, 'invalid_request');
    const rec = refreshTokens.get(token);
    const grant = rec ? grants.get(rec.grantId) : undefined;
    if (grant && !grant.revoked) {
      grant.revoked = true;
      connections.clear(); // revoking removes all of the user's connections to this app
      counters.revocations++;
    }
    send(res, 200, '', NO_STORE); // RFC 7009: 200 even for unknown tokens
  }

  function connectionJson(c: Connection, t: IdentityTenant): Record<string, unknown> {
    return {
      id: c.id,
      authEventId: c.authEventId,
      tenantId: c.tenantId,
      tenantType: t.tenantType,
      tenantName: t.tenantName,
      createdDateUtc: connectionDate(c.createdAt),
      updatedDateUtc: connectionDate(c.updatedAt),
    };
  }

  // ---- GET /connections, DELETE /connections/{id} ----
  function handleConnections(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    id: string | undefined,
  ): void {
    const bearer = checkBearer(req.headers.authorization);
    if (!bearer.ok) return sendJson(res, bearer.status, bearer.body, bearer.headers);
    if (id === undefined) {
      if (req.method !== 'GET') return send(res, 405, '', { Allow: 'GET' });
      const filter = url.searchParams.get('authEventId')?.toLowerCase();
      const out: Record<string, unknown>[] = [];
      for (const c of connections.values()) {
        if (filter && c.authEventId.toLowerCase() !== filter) continue;
        const t = findTenant(c.tenantId);
        if (t) out.push(connectionJson(c, t));
      }
      return sendJson(res, 200, out);
    }
    if (req.method !== 'DELETE') return send(res, 405, '', { Allow: 'DELETE' });
    const wanted = decodeURIComponent(id).toLowerCase();
    for (const [key, c] of connections) {
      if (c.id.toLowerCase() === wanted) {
        connections.delete(key);
        counters.connectionsDeleted++;
        return send(res, 204, '');
      }
    }
    sendJson(res, 404, problem(404, 'NotFound', 'Resource not found'));
  }

  function handle(req: IncomingMessage, res: ServerResponse, url: URL, body: string): boolean {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path === AUTHORIZE_PATH) {
      if (method !== 'GET') send(res, 405, '', { Allow: 'GET' });
      else handleAuthorize(res, url);
      return true;
    }
    if (path === CONSENT_ACTION_PATH) {
      if (method !== 'GET') send(res, 405, '', { Allow: 'GET' });
      else handleConsent(res, url);
      return true;
    }
    if (path === TOKEN_PATH || path === REVOCATION_PATH) {
      if (method !== 'POST') send(res, 405, '', { Allow: 'POST' });
      else if (path === TOKEN_PATH) handleToken(req, res, body);
      else handleRevocation(req, res, body);
      return true;
    }
    if (path === DISCOVERY_PATH) {
      const o = url.origin;
      sendJson(res, 200, {
        issuer: o,
        jwks_uri: `${o}${JWKS_PATH}`,
        authorization_endpoint: `${o}${AUTHORIZE_PATH}`,
        token_endpoint: `${o}${TOKEN_PATH}`,
        revocation_endpoint: `${o}${REVOCATION_PATH}`,
        scopes_supported: [...KNOWN_SCOPES],
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code', 'refresh_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['none'],
      });
      return true;
    }
    if (path === JWKS_PATH) {
      sendJson(res, 200, { keys: [signingKey().jwk] });
      return true;
    }
    const m = /^\/connections(?:\/([^/]+))?\/?$/i.exec(path);
    if (m) {
      handleConnections(req, res, url, m[1]);
      return true;
    }
    return false;
  }

  async function approveConsent(
    authorizeUrl: string,
    opts: { tenantIds?: string[]; deny?: boolean } = {},
  ): Promise<string> {
    const page = await fetch(authorizeUrl, { redirect: 'manual' });
    const html = await page.text();
    if (page.status !== 200)
      throw new Error(`authorize failed: HTTP ${page.status}: ${html.replace(/<[^>]+>/g, ' ')}`);
    const requestId = /name="request" value="([^"]+)"/.exec(html)?.[1];
    const action = /<form id="consent" method="get" action="([^"]+)"/.exec(html)?.[1];
    if (!requestId || !action) throw new Error('consent page has no consent form');
    const target = new URL(action, authorizeUrl);
    target.searchParams.set('request', requestId);
    target.searchParams.set('action', opts.deny ? 'deny' : 'allow');
    // Without tenantIds, submit what the page pre-selects (like a user who just clicks "Allow access").
    const checked = [...html.matchAll(/name="tenant" value="([^"]+)" checked/g)].map((x) => x[1] ?? '');
    for (const t of opts.tenantIds ?? checked) target.searchParams.append('tenant', t);
    const res = await fetch(target, { redirect: 'manual' });
    const location = res.headers.get('location');
    if (res.status !== 302 || !location) {
      throw new Error(`consent failed: HTTP ${res.status}: ${(await res.text()).replace(/<[^>]+>/g, ' ')}`);
    }
    return location;
  }

  function mintAccessToken(tenantIds: string[]): string {
    const authEventId = randomUUID();
    connect(tenantIds, authEventId);
    const grant: Grant = {
      id: randomUUID(),
      scopes: [...MINT_SCOPES],
      authEventId,
      sessionId: randomUUID().replace(/-/g, ''),
      authTime: cfg.now(),
      issuer: DEFAULT_ISSUER,
      revoked: false,
    };
    grants.set(grant.id, grant);
    return issueTokens(grant, undefined).access_token;
  }

  return {
    handle,
    authorize,
    approveConsent,
    mintAccessToken,
    stats: () => ({ ...counters }),
  };
}
