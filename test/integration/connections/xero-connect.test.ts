import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppStatus, XeroConnectResult } from '../../../shared/api.js';
import { FileSecretStore } from '../../../electron/core/secrets/file-store.js';
import { SECRET_ACCOUNTS } from '../../../electron/core/ports.js';
import type { Service } from '../../../electron/core/service/create-service.js';
import { cleanup, openService, playBrowser, privatePorts, startSims, tempDataDir } from './helpers.js';
import { patiently } from '../../support/waits.js';

afterEach(cleanup);

function watch(service: Service): { results: XeroConnectResult[]; statuses: AppStatus[] } {
  const results: XeroConnectResult[] = [];
  const statuses: AppStatus[] = [];
  service.bus.on('xero.connect.result', (r) => results.push(r));
  service.bus.on('status.changed', (s) => statuses.push(s));
  return { results, statuses };
}

async function startConnect(service: Service): Promise<string> {
  const r = await service.dispatch('xero.connect', {});
  if (!r.ok) throw new Error(r.error.message);
  return (r.result as { authorizeUrl: string }).authorizeUrl;
}

async function refused(url: string): Promise<number | 'refused'> {
  try {
    return (await fetch(url)).status;
  } catch {
    return 'refused';
  }
}

describe('Connect to Xero (OAuth 2.0 + PKCE through the system browser, against the simulator)', () => {
  it('opens the consent URL, receives the callback on a registered loopback port and ends connected', async () => {
    const { xero, env } = await startSims();
    const dir = await tempDataDir();
    const opened: string[] = [];
    const service = openService(dir, env, {
      openExternal: (u) => {
        opened.push(u);
        return Promise.resolve();
      },
    });
    const { results, statuses } = watch(service);
    const authorizeUrl = await startConnect(service);
    expect(opened).toEqual([authorizeUrl]);

    const u = new URL(authorizeUrl);
    expect(`${u.origin}${u.pathname}`).toBe(`${xero.url}/identity/connect/authorize`);
    const q = u.searchParams;
    expect(q.get('client_id')).toBe(xero.clientId);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')?.length).toBeGreaterThanOrEqual(32);
    expect(q.get('scope')).toBe(
      'offline_access accounting.invoices accounting.payments accounting.contacts accounting.settings',
    );
    expect(q.get('redirect_uri')).toMatch(/^http:\/\/localhost:505[1-5]\/callback$/);

    const browser = await playBrowser(xero, authorizeUrl);
    expect(browser.status).toBe(200);
    expect(browser.body).toContain('You can close this window');
    await vi.waitFor(() => expect(results).toHaveLength(1), patiently);
    const tenant = xero.tenants[0];
    expect(results[0]).toEqual({ ok: true, message: `Connected to Xero organisation "${tenant?.name}".` });
    expect(statuses.at(-1)?.xero).toEqual({
      connected: true,
      tenantId: tenant?.tenantId,
      tenantName: tenant?.name,
      needsReconnect: false,
    });
    expect((await service.status()).xero.connected).toBe(true);

    // Tokens went to the SecretStore only; the API works with them.
    const stored = JSON.parse(
      (await new FileSecretStore(path.join(dir, 'secrets.json')).get(SECRET_ACCOUNTS.xeroTokenSet)) ?? '{}',
    ) as { access_token: string; refresh_token: string };
    expect(stored.refresh_token).toBeTruthy();
    const state = await readFile(path.join(dir, 'connections.json'), 'utf8');
    expect(state).not.toContain(stored.access_token);
    expect(state).not.toContain(stored.refresh_token);
    const orgs = await service.connections.withAccounting((api, tenantId) => api.getOrganisations(tenantId));
    expect(orgs.body.organisations?.[0]?.name).toBe(tenant?.name);
  });

  it('lets the user pick when several organisations were connected', async () => {
    const { xero, env } = await startSims({
      organisations: [{ name: 'North Clinic' }, { name: 'South Clinic' }],
    });
    const service = openService(await tempDataDir(), env);
    const { results } = watch(service);
    const authorizeUrl = await startConnect(service);
    await playBrowser(xero, authorizeUrl, { tenantIds: xero.tenants.map((t) => t.tenantId) });
    await vi.waitFor(() => expect(results).toHaveLength(1), patiently);
    const [north, south] = xero.tenants;
    expect(results[0]).toMatchObject({
      ok: true,
      tenants: [
        { tenantId: north?.tenantId, tenantName: 'North Clinic' },
        { tenantId: south?.tenantId, tenantName: 'South Clinic' },
      ],
    });
    expect((await service.status()).xero).toMatchObject({ connected: false, tenantId: null });
    expect(await service.dispatch('xero.tenants', {})).toMatchObject({ ok: true, result: { chosen: null } });
    expect(await service.dispatch('xero.chooseTenant', { tenantId: 'not-connected' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await service.dispatch('xero.chooseTenant', { tenantId: south?.tenantId })).toEqual({
      ok: true,
      result: { tenantId: south?.tenantId, tenantName: 'South Clinic' },
    });
    expect((await service.status()).xero).toMatchObject({ connected: true, tenantName: 'South Clinic' });
    const orgs = await service.connections.withAccounting((api, tenantId) => api.getOrganisations(tenantId));
    expect(orgs.body.organisations?.[0]?.name).toBe('South Clinic');
  });

  it('refuses a wrong state, a wrong path and a second callback, and still completes the real one', async () => {
    const ports = privatePorts([55211, 55212]);
    const { xero, env } = await startSims({ redirectUris: ports.redirectUris });
    const service = openService(await tempDataDir(), { ...env, ...ports.env });
    const { results } = watch(service);
    const authorizeUrl = await startConnect(service);
    const location = await xero.identity.approveConsent(authorizeUrl);
    const forged = new URL(location);
    forged.searchParams.set('state', 'forged-state');
    expect(await refused(forged.toString())).toBe(400);
    const wrongPath = new URL(location);
    wrongPath.pathname = '/elsewhere';
    expect(await refused(wrongPath.toString())).toBe(404);
    expect(results).toHaveLength(0);
    expect(await refused(location)).toBe(200);
    expect([409, 'refused']).toContain(await refused(location));
    await vi.waitFor(() => expect(results).toHaveLength(1), patiently);
    expect(results[0]?.ok).toBe(true);
    // The listener is gone after the one accepted callback.
    await vi.waitFor(async () => expect(await refused(location)).toBe('refused'), patiently);
  });

  it('times out when no callback arrives, says so, and frees the port', async () => {
    const ports = privatePorts([55213, 55214]);
    const { env } = await startSims({ redirectUris: ports.redirectUris });
    const service = openService(
      await tempDataDir(),
      { ...env, ...ports.env },
      { xeroCallbackTimeoutMs: 300 },
    );
    const { results } = watch(service);
    const authorizeUrl = await startConnect(service);
    const redirect = new URL(authorizeUrl).searchParams.get('redirect_uri') ?? '';
    await vi.waitFor(() => expect(results).toHaveLength(1), patiently);
    expect(results[0]).toMatchObject({ ok: false, message: expect.stringMatching(/No answer from Xero/) });
    expect(await refused(`${redirect}?state=x`)).toBe('refused');
    expect((await service.status()).xero.connected).toBe(false);
  });

  it('reports a declined consent', async () => {
    const { xero, env } = await startSims();
    const service = openService(await tempDataDir(), env);
    const { results } = watch(service);
    await playBrowser(xero, await startConnect(service), { deny: true });
    await vi.waitFor(() => expect(results).toHaveLength(1), patiently);
    expect(results[0]).toMatchObject({ ok: false, message: expect.stringMatching(/not allowed/) });
    expect((await service.status()).xero.connected).toBe(false);
  });

  it('disconnects: deletes the connection, revokes the refresh token at Xero and removes the secrets', async () => {
    const { xero, env } = await startSims();
    const dir = await tempDataDir();
    const service = openService(dir, env);
    const { results } = watch(service);
    await playBrowser(xero, await startConnect(service));
    await vi.waitFor(() => expect(results).toHaveLength(1), patiently);
    const secrets = new FileSecretStore(path.join(dir, 'secrets.json'));
    const tokens = JSON.parse((await secrets.get(SECRET_ACCOUNTS.xeroTokenSet)) ?? '{}') as {
      access_token: string;
    };
    expect(await service.dispatch('xero.disconnect', {})).toEqual({
      ok: true,
      result: { disconnected: true, warnings: [] },
    });
    expect(xero.identity.stats()).toMatchObject({ revocations: 1, connectionsDeleted: 1 });
    expect(await secrets.get(SECRET_ACCOUNTS.xeroTokenSet)).toBeNull();
    expect((await service.status()).xero).toEqual({
      connected: false,
      tenantId: null,
      tenantName: null,
      needsReconnect: false,
    });
    const after = await fetch(`${xero.url}/connections`, {
      headers: { Authorization: `Bearer ${tokens.access_token}` },
    });
    expect(after.status).toBe(401);
  });
});
