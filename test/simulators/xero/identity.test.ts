import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Issuer, generators } from 'openid-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createIdentity, decodeJwtPayload } from './identity.js';
import type { Identity, IdentityConfig, IdentityTenant } from './identity.js';

const CLIENT_ID = 'sim-client-id';
const REDIRECT = 'http://localhost:5051/callback';
const SCOPES =
  'offline_access accounting.invoices accounting.payments accounting.contacts accounting.settings.read';
const TENANTS: IdentityTenant[] = [
  {
    tenantId: '11111111-1111-4111-8111-111111111111',
    tenantName: 'Harbour Physio',
    tenantType: 'ORGANISATION',
  },
  {
    tenantId: '22222222-2222-4222-8222-222222222222',
    tenantName: 'Hillside Clinic',
    tenantType: 'ORGANISATION',
  },
];
const [T1, T2] = TENANTS.map((t) => t.tenantId) as [string, string];

interface Sim {
  base: string;
  identity: Identity;
  advance(sec: number): void;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** A node:http server routing to identity.handle, plus /api.xro/2.0/* guarded by identity.authorize. */
async function startSim(overrides: Partial<IdentityConfig> = {}): Promise<Sim> {
  let clock = Date.parse('2026-11-25T09:00:00Z');
  const identity = createIdentity({
    clientId: CLIENT_ID,
    redirectUris: [REDIRECT, 'http://localhost:5052/callback'],
    tenants: () => TENANTS,
    accessTokenTtlSec: 1800,
    refreshGraceSec: 1800,
    now: () => clock,
    ...overrides,
  });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
      if (identity.handle(req, res, url, Buffer.concat(chunks).toString('utf8'))) return;
      if (url.pathname.startsWith('/api.xro/2.0/')) {
        const tenantHeader = req.headers['xero-tenant-id'];
        const auth = identity.authorize(
          req.headers.authorization,
          typeof tenantHeader === 'string' ? tenantHeader : undefined,
        );
        if (!auth.ok) {
          res.writeHead(auth.status, { 'Content-Type': 'application/json', ...auth.headers });
          res.end(JSON.stringify(auth.body));
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ tenantId: auth.tenantId }));
        return;
      }
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { base: `http://localhost:${port}`, identity, advance: (sec) => (clock += sec * 1000) };
}

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url'); // 64 chars
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(base: string, params: Record<string, string | undefined>): string {
  const u = new URL('/identity/connect/authorize', base);
  const all: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT,
    scope: SCOPES,
    state: 'st-123',
    code_challenge_method: 'S256',
    ...params,
  };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

async function postForm(
  base: string,
  path: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(new URL(path, base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  const text = await res.text();
  return {
    status: res.status,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: res.headers,
  };
}

interface Tokens {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  token_type: string;
  scope: string;
  id_token?: string;
}

/** Authorize → consent → callback; returns the code and the verifier. */
async function getCode(sim: Sim, opts: { tenantIds?: string[]; scope?: string } = {}) {
  const { verifier, challenge } = pkce();
  const loc = new URL(
    await sim.identity.approveConsent(
      authorizeUrl(sim.base, { code_challenge: challenge, ...(opts.scope ? { scope: opts.scope } : {}) }),
      opts.tenantIds ? { tenantIds: opts.tenantIds } : {},
    ),
  );
  return { code: loc.searchParams.get('code') ?? '', verifier, location: loc };
}

async function exchange(sim: Sim, code: string, verifier: string) {
  return postForm(sim.base, '/connect/token', {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    client_id: CLIENT_ID,
    code_verifier: verifier,
  });
}

async function login(sim: Sim, opts: { tenantIds?: string[]; scope?: string } = {}): Promise<Tokens> {
  const { code, verifier } = await getCode(sim, opts);
  const r = await exchange(sim, code, verifier);
  expect(r.status).toBe(200);
  return r.json as unknown as Tokens;
}

const refresh = (sim: Sim, rt: string) =>
  postForm(sim.base, '/connect/token', {
    grant_type: 'refresh_token',
    refresh_token: rt,
    client_id: CLIENT_ID,
  });

async function api(sim: Sim, token: string | undefined, tenant: string | undefined) {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  if (tenant !== undefined) headers['xero-tenant-id'] = tenant;
  const res = await fetch(new URL('/api.xro/2.0/Invoices', sim.base), { headers });
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

async function connections(sim: Sim, token: string, query = '') {
  const res = await fetch(new URL(`/connections${query}`, sim.base), {
    headers: { Authorization: `Bearer ${token}` },
  });
  return { status: res.status, json: (await res.json()) as unknown };
}

describe('authorize + consent page', () => {
  it('renders a real consent page with the app, scopes, organisations, Allow access and Cancel', async () => {
    const sim = await startSim({ appName: 'Clinic Sync' });
    const res = await fetch(authorizeUrl(sim.base, { code_challenge: pkce().challenge }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('Clinic Sync');
    expect(html).toContain('data-scope="accounting.invoices"');
    expect(html).toContain('data-scope="offline_access"');
    expect(html).toMatch(/<form id="consent" method="get"/);
    expect(html).toMatch(
      /<input type="checkbox" name="tenant" value="11111111-[^"]+" checked>\s*Harbour Physio/,
    );
    expect(html).toMatch(/<input type="checkbox" name="tenant" value="22222222-[^"]+">\s*Hillside Clinic/);
    expect(html).toMatch(/<button id="allow"[^>]*value="allow">Allow access<\/button>/);
    expect(html).toMatch(/<button id="cancel"[^>]*value="deny"[^>]*>Cancel<\/button>/);
  });

  it('Allow access (one GET) redirects to redirect_uri with code and state; Cancel gives access_denied', async () => {
    const sim = await startSim();
    const { location } = await getCode(sim);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('code')).toMatch(/^[0-9A-F]{64}$/);
    expect(location.searchParams.get('state')).toBe('st-123');

    const denied = new URL(
      await sim.identity.approveConsent(authorizeUrl(sim.base, { code_challenge: pkce().challenge }), {
        deny: true,
      }),
    );
    expect(`${denied.origin}${denied.pathname}`).toBe(REDIRECT);
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('st-123');
    expect(denied.searchParams.has('code')).toBe(false);
  });

  it('a consent request cannot be approved twice, and Allow without an organisation re-asks', async () => {
    const sim = await startSim();
    const page = await (await fetch(authorizeUrl(sim.base, { code_challenge: pkce().challenge }))).text();
    const requestId = /name="request" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const allow = new URL(`/identity/connect/authorize/consent?request=${requestId}&action=allow`, sim.base);
    const none = await fetch(allow, { redirect: 'manual' });
    expect(none.status).toBe(200);
    expect(await none.text()).toContain('Select at least one organisation');
    allow.searchParams.append('tenant', T1);
    expect((await fetch(allow, { redirect: 'manual' })).status).toBe(302);
    const again = await fetch(allow, { redirect: 'manual' });
    expect(again.status).toBe(400);
    expect(again.headers.get('location')).toBeNull();
  });

  it.each([
    [
      'unregistered redirect_uri',
      { redirect_uri: 'http://localhost:5059/callback' },
      'unauthorized_client : Invalid redirect_uri',
    ],
    [
      'redirect_uri with trailing slash',
      { redirect_uri: `${REDIRECT}/` },
      'unauthorized_client : Invalid redirect_uri',
    ],
    [
      '127.0.0.1 instead of localhost',
      { redirect_uri: 'http://127.0.0.1:5051/callback' },
      'Invalid redirect_uri',
    ],
    ['unknown client_id', { client_id: 'someone-else' }, 'unauthorized_client'],
    ['missing code_challenge', { code_challenge: undefined }, 'code challenge required'],
    ['plain PKCE method', { code_challenge_method: 'plain' }, 'Transform algorithm not supported'],
    ['missing PKCE method', { code_challenge_method: undefined }, 'Transform algorithm not supported'],
    ['unknown scope', { scope: 'offline_access accounting.everything' }, 'invalid_scope'],
    ['response_type token', { response_type: 'token' }, 'unsupported_response_type'],
    ['missing state', { state: undefined }, 'state is missing'],
  ])('%s → error page, never a redirect', async (_name, params, message) => {
    const sim = await startSim();
    const res = await fetch(authorizeUrl(sim.base, { code_challenge: pkce().challenge, ...params }), {
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain(message);
  });
});

describe('token endpoint: authorization_code + PKCE', () => {
  it('runs the whole PKCE flow and the tokens work for the granted organisation', async () => {
    const sim = await startSim();
    const tokens = await login(sim);
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 1800, scope: SCOPES });
    expect(tokens.refresh_token).toMatch(/^[0-9A-F]{64}$/);
    expect(tokens.id_token).toBeUndefined(); // no openid scope requested
    const claims = decodeJwtPayload(tokens.access_token);
    expect(claims.client_id).toBe(CLIENT_ID);
    expect(claims.authentication_event_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.exp).toBe(Math.floor(Date.parse('2026-11-25T09:00:00Z') / 1000) + 1800);

    const conns = await connections(
      sim,
      tokens.access_token,
      `?authEventId=${String(claims.authentication_event_id)}`,
    );
    expect(conns.status).toBe(200);
    expect(conns.json).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        authEventId: claims.authentication_event_id,
        tenantId: T1,
        tenantType: 'ORGANISATION',
        tenantName: 'Harbour Physio',
        createdDateUtc: '2026-11-25T09:00:00.0000000',
        updatedDateUtc: '2026-11-25T09:00:00.0000000',
      },
    ]);
    expect(await api(sim, tokens.access_token, T1)).toMatchObject({ status: 200, json: { tenantId: T1 } });
    // tenant ids are GUIDs: case does not matter
    expect((await api(sim, tokens.access_token, T1.toUpperCase())).json).toEqual({ tenantId: T1 });
    expect(sim.identity.stats()).toMatchObject({ tokensIssued: 1, refreshes: 0, invalidGrants: 0 });
  });

  it('without offline_access there is no refresh token', async () => {
    const sim = await startSim();
    const tokens = await login(sim, { scope: 'accounting.invoices accounting.contacts' });
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.scope).toBe('accounting.invoices accounting.contacts');
  });

  it('rejects a wrong verifier with invalid_grant, and the code is then burnt', async () => {
    const sim = await startSim();
    const { code, verifier } = await getCode(sim);
    const wrong = await exchange(sim, code, pkce().verifier);
    expect(wrong).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
    expect(wrong.headers.get('cache-control')).toBe('no-store');
    expect((await exchange(sim, code, verifier)).json).toEqual({ error: 'invalid_grant' });
    expect(sim.identity.stats().invalidGrants).toBe(2);
  });

  it('rejects a missing or too-short verifier', async () => {
    const sim = await startSim();
    const a = await getCode(sim);
    const missing = await postForm(sim.base, '/connect/token', {
      grant_type: 'authorization_code',
      code: a.code,
      redirect_uri: REDIRECT,
      client_id: CLIENT_ID,
    });
    expect(missing).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
    const b = await getCode(sim);
    expect((await exchange(sim, b.code, b.verifier.slice(0, 42))).json).toEqual({ error: 'invalid_grant' });
  });

  it('codes are single-use', async () => {
    const sim = await startSim();
    const { code, verifier } = await getCode(sim);
    expect((await exchange(sim, code, verifier)).status).toBe(200);
    expect(await exchange(sim, code, verifier)).toMatchObject({
      status: 400,
      json: { error: 'invalid_grant' },
    });
  });

  it('codes expire after 5 minutes', async () => {
    const sim = await startSim();
    const fresh = await getCode(sim);
    sim.advance(299);
    expect((await exchange(sim, fresh.code, fresh.verifier)).status).toBe(200);
    const stale = await getCode(sim);
    sim.advance(301);
    expect(await exchange(sim, stale.code, stale.verifier)).toMatchObject({
      status: 400,
      json: { error: 'invalid_grant' },
    });
  });

  it('redirect_uri must match the one used to authorize', async () => {
    const sim = await startSim();
    const { code, verifier } = await getCode(sim);
    const r = await postForm(sim.base, '/connect/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://localhost:5052/callback',
      client_id: CLIENT_ID,
      code_verifier: verifier,
    });
    expect(r).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
  });

  it('a public client must not authenticate: Basic header or client_secret → invalid_client', async () => {
    const sim = await startSim();
    const { code, verifier } = await getCode(sim);
    const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: CLIENT_ID };
    const basic = await postForm(
      sim.base,
      '/connect/token',
      { ...form, code_verifier: verifier },
      { Authorization: `Basic ${Buffer.from(`${CLIENT_ID}:secret`).toString('base64')}` },
    );
    expect(basic).toMatchObject({ status: 400, json: { error: 'invalid_client' } });
    const secret = await postForm(sim.base, '/connect/token', {
      ...form,
      code_verifier: verifier,
      client_secret: 'x',
    });
    expect(secret.json).toEqual({ error: 'invalid_client' });
    const other = await postForm(sim.base, '/connect/token', {
      ...form,
      code_verifier: verifier,
      client_id: 'nope',
    });
    expect(other.json).toEqual({ error: 'invalid_client' });
    const grant = await postForm(sim.base, '/connect/token', {
      grant_type: 'password',
      client_id: CLIENT_ID,
    });
    expect(grant).toMatchObject({ status: 400, json: { error: 'unsupported_grant_type' } });
  });
});

describe('refresh tokens', () => {
  it('rotate: a new access and refresh token each time; old access tokens live until they expire', async () => {
    const sim = await startSim();
    const first = await login(sim);
    const r1 = await refresh(sim, first.refresh_token ?? '');
    expect(r1.status).toBe(200);
    const second = r1.json as unknown as Tokens;
    expect(second.refresh_token).toBeDefined();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.scope).toBe(SCOPES);
    expect(decodeJwtPayload(second.access_token).authentication_event_id).toBe(
      decodeJwtPayload(first.access_token).authentication_event_id,
    );
    const r2 = await refresh(sim, second.refresh_token ?? '');
    expect(r2.status).toBe(200);
    expect((await api(sim, first.access_token, T1)).status).toBe(200);
    expect(sim.identity.stats()).toMatchObject({ tokensIssued: 3, refreshes: 2, refreshReplaysInGrace: 0 });
  });

  it('a rotated-out refresh token works again inside the grace period, then invalid_grant', async () => {
    const sim = await startSim({ refreshGraceSec: 60 });
    const first = await login(sim);
    const rt = first.refresh_token ?? '';
    const a = await refresh(sim, rt);
    sim.advance(59);
    const replay = await refresh(sim, rt); // the response to the first refresh was "lost"
    expect(replay.status).toBe(200);
    const replayed = replay.json as unknown as Tokens;
    expect(replayed.refresh_token).not.toBe((a.json as unknown as Tokens).refresh_token);
    expect((await api(sim, replayed.access_token, T1)).status).toBe(200);
    expect((await refresh(sim, replayed.refresh_token ?? '')).status).toBe(200);
    expect(sim.identity.stats().refreshReplaysInGrace).toBe(1);

    sim.advance(2); // 61 s after the first use
    expect(await refresh(sim, rt)).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
    expect(sim.identity.stats().invalidGrants).toBe(1);
  });

  it('expire after 60 days unused', async () => {
    const sim = await startSim();
    const a = await login(sim);
    const b = await login(sim);
    sim.advance(60 * 86400 - 1);
    expect((await refresh(sim, a.refresh_token ?? '')).status).toBe(200);
    sim.advance(2);
    expect(await refresh(sim, b.refresh_token ?? '')).toMatchObject({
      status: 400,
      json: { error: 'invalid_grant' },
    });
  });

  it('unknown refresh token or wrong client → error', async () => {
    const sim = await startSim();
    const t = await login(sim);
    expect((await refresh(sim, 'nonsense')).json).toEqual({ error: 'invalid_grant' });
    const wrongClient = await postForm(sim.base, '/connect/token', {
      grant_type: 'refresh_token',
      refresh_token: t.refresh_token ?? '',
      client_id: 'other',
    });
    expect(wrongClient.json).toEqual({ error: 'invalid_client' });
  });
});

describe('API authorization (identity.authorize)', () => {
  it('expired access token → 401 TokenExpired', async () => {
    const sim = await startSim({ accessTokenTtlSec: 5 });
    const t = await login(sim);
    sim.advance(4);
    expect((await api(sim, t.access_token, T1)).status).toBe(200);
    sim.advance(1);
    const r = await api(sim, t.access_token, T1);
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({
      Type: null,
      Title: 'Unauthorized',
      Status: 401,
      Detail: 'TokenExpired: token expired at 11/25/2026 09:00:05',
      Extensions: {},
    });
    expect(r.json.Instance).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect((await connections(sim, t.access_token)).status).toBe(401);
  });

  it('missing or unknown token → 401 AuthenticationUnsuccessful', async () => {
    const sim = await startSim();
    for (const token of [undefined, 'not-a-token']) {
      const r = await api(sim, token, T1);
      expect(r.status).toBe(401);
      expect(r.json).toMatchObject({
        Title: 'Unauthorized',
        Status: 401,
        Detail: 'AuthenticationUnsuccessful',
      });
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('missing xero-tenant-id or a tenant without a connection → 403 AuthenticationUnsuccessful', async () => {
    const sim = await startSim();
    const t = await login(sim, { tenantIds: [T1] });
    for (const tenant of [undefined, T2, '99999999-9999-4999-8999-999999999999']) {
      const r = await api(sim, t.access_token, tenant);
      expect(r.status).toBe(403);
      expect(r.json).toMatchObject({
        Type: null,
        Title: 'Forbidden',
        Status: 403,
        Detail: 'AuthenticationUnsuccessful',
      });
    }
  });

  it('mintAccessToken gives a working token without the browser', async () => {
    const sim = await startSim();
    const token = sim.identity.mintAccessToken([T2]);
    expect((await api(sim, token, T2)).json).toEqual({ tenantId: T2 });
    expect((await api(sim, token, T1)).status).toBe(403);
    expect(sim.identity.authorize(`Bearer ${token}`, T2)).toEqual({ ok: true, tenantId: T2 });
  });
});

describe('connections and revocation', () => {
  it('lists several organisations per login, filters by authEventId, deletes one', async () => {
    const sim = await startSim();
    const a = await login(sim, { tenantIds: [T1, T2] });
    sim.advance(60);
    const b = await login(sim, { tenantIds: [T2] }); // re-consent for T2: same connection, new authEventId
    const eventA = String(decodeJwtPayload(a.access_token).authentication_event_id);
    const eventB = String(decodeJwtPayload(b.access_token).authentication_event_id);
    expect(eventA).not.toBe(eventB);

    const all = (await connections(sim, a.access_token)).json as Record<string, string>[];
    expect(all.map((c) => [c.tenantName, c.authEventId])).toEqual([
      ['Harbour Physio', eventA],
      ['Hillside Clinic', eventB],
    ]);
    expect(all[1]?.createdDateUtc).toBe('2026-11-25T09:00:00.0000000');
    expect(all[1]?.updatedDateUtc).toBe('2026-11-25T09:01:00.0000000');
    const onlyB = (await connections(sim, a.access_token, `?authEventId=${eventB}`)).json as Record<
      string,
      string
    >[];
    expect(onlyB.map((c) => c.tenantId)).toEqual([T2]);
    // a token from the first login also reaches the re-consented tenant (connections belong to the user)
    expect((await api(sim, a.access_token, T2)).status).toBe(200);

    const del = await fetch(new URL(`/connections/${all[0]?.id ?? ''}`, sim.base), {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${b.access_token}` },
    });
    expect(del.status).toBe(204);
    expect((await api(sim, a.access_token, T1)).status).toBe(403);
    expect((await api(sim, a.access_token, T2)).status).toBe(200);
    const left = (await connections(sim, a.access_token)).json as Record<string, string>[];
    expect(left.map((c) => c.tenantId)).toEqual([T2]);

    const again = await fetch(new URL(`/connections/${all[0]?.id ?? ''}`, sim.base), {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${b.access_token}` },
    });
    expect(again.status).toBe(404);
    const anon = await fetch(new URL(`/connections/${all[1]?.id ?? ''}`, sim.base), { method: 'DELETE' });
    expect(anon.status).toBe(401);
    expect(sim.identity.stats().connectionsDeleted).toBe(1);
  });

  it('revocation kills the refresh token family and removes all connections', async () => {
    const sim = await startSim();
    const a = await login(sim, { tenantIds: [T1] });
    const other = await login(sim, { tenantIds: [T2] });
    const rotated = (await refresh(sim, a.refresh_token ?? '')).json as unknown as Tokens;
    const r = await postForm(sim.base, '/connect/revocation', {
      token: a.refresh_token ?? '',
      client_id: CLIENT_ID,
    });
    expect(r.status).toBe(200);
    expect(sim.identity.stats().revocations).toBe(1);
    for (const token of [a.access_token, rotated.access_token]) {
      expect((await api(sim, token, T1)).status).toBe(401);
      expect((await connections(sim, token)).status).toBe(401);
    }
    expect(await refresh(sim, rotated.refresh_token ?? '')).toMatchObject({
      status: 400,
      json: { error: 'invalid_grant' },
    });
    // the other login's token is still a valid token, but the user has no connections left
    expect((await connections(sim, other.access_token)).json).toEqual([]);
    expect((await api(sim, other.access_token, T2)).status).toBe(403);
    // unknown tokens: 200 as RFC 7009 says; a public client must not send a secret
    expect(
      (await postForm(sim.base, '/connect/revocation', { token: 'x', client_id: CLIENT_ID })).status,
    ).toBe(200);
    const secret = await postForm(sim.base, '/connect/revocation', {
      token: 'x',
      client_id: CLIENT_ID,
      client_secret: 's',
    });
    expect(secret).toMatchObject({ status: 400, json: { error: 'invalid_client' } });
  });
});

describe('openid-client v5 as a public PKCE client', () => {
  it('authorizationUrl → consent → oauthCallback → refresh → revoke', async () => {
    const sim = await startSim();
    const issuer = new Issuer({
      issuer: sim.base,
      authorization_endpoint: `${sim.base}/identity/connect/authorize`,
      token_endpoint: `${sim.base}/connect/token`,
      revocation_endpoint: `${sim.base}/connect/revocation`,
    });
    const client = new issuer.Client({
      client_id: CLIENT_ID,
      token_endpoint_auth_method: 'none',
      redirect_uris: [REDIRECT],
      response_types: ['code'],
    });
    const code_verifier = generators.codeVerifier();
    const state = generators.state();
    const url = client.authorizationUrl({
      scope: SCOPES,
      state,
      code_challenge: generators.codeChallenge(code_verifier),
      code_challenge_method: 'S256',
    });
    const redirect = await sim.identity.approveConsent(url, { tenantIds: [T1, T2] });
    const tokenSet = await client.oauthCallback(REDIRECT, client.callbackParams(redirect), {
      code_verifier,
      state,
    });
    expect(tokenSet.access_token).toBeDefined();
    expect(tokenSet.refresh_token).toBeDefined();
    expect(tokenSet.expires_in).toBe(1800);
    expect((await api(sim, tokenSet.access_token, T2)).status).toBe(200);

    const refreshed = await client.refresh(tokenSet.refresh_token ?? '');
    expect(refreshed.refresh_token).not.toBe(tokenSet.refresh_token);
    expect((await api(sim, refreshed.access_token, T1)).status).toBe(200);

    await expect(
      client.oauthCallback(REDIRECT, client.callbackParams(redirect), { code_verifier, state }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });

    await client.revoke(refreshed.refresh_token ?? '', 'refresh_token');
    expect((await api(sim, refreshed.access_token, T1)).status).toBe(401);
    await expect(client.refresh(refreshed.refresh_token ?? '')).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('with openid scope: discovery + callback() validates the signed id_token against the JWKS', async () => {
    const sim = await startSim({ now: () => Date.now() });
    const issuer = await Issuer.discover(sim.base);
    const client = new issuer.Client({
      client_id: CLIENT_ID,
      token_endpoint_auth_method: 'none',
      redirect_uris: [REDIRECT],
      response_types: ['code'],
    });
    const code_verifier = generators.codeVerifier();
    const state = generators.state();
    const nonce = generators.nonce();
    const url = client.authorizationUrl({
      scope: `openid profile email ${SCOPES}`,
      state,
      nonce,
      code_challenge: generators.codeChallenge(code_verifier),
      code_challenge_method: 'S256',
    });
    const redirect = await sim.identity.approveConsent(url);
    const tokenSet = await client.callback(REDIRECT, client.callbackParams(redirect), {
      code_verifier,
      state,
      nonce,
    });
    expect(tokenSet.claims()).toMatchObject({ email: 'practice.manager@example.com', aud: CLIENT_ID, nonce });
    const refreshed = await client.refresh(tokenSet);
    expect(refreshed.id_token).toBeDefined();
  });
});
