import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppStatus, XeroConnectResult } from '../../../shared/api.js';
import { FileSecretStore } from '../../../electron/core/secrets/file-store.js';
import { SECRET_ACCOUNTS, type Clock } from '../../../electron/core/ports.js';
import type { Service } from '../../../electron/core/service/create-service.js';
import { XeroReconnectNeeded } from '../../../electron/core/xero/token-manager.js';
import type { ClinikoSim } from '../../simulators/cliniko/index.js';
import type { XeroSim, XeroSimOptions } from '../../simulators/xero/index.js';
import { cleanup, openService, playBrowser, startSims, tempDataDir } from './helpers.js';
import { patiently } from '../../support/waits.js';

afterEach(cleanup);

type Setup = {
  xero: XeroSim;
  cliniko: ClinikoSim;
  service: Service;
  secrets: FileSecretStore;
  clock: { offsetMs: number };
};

/** Connected to the simulator's one organisation, with an adjustable clock on the app's side. */
async function connected(opts: XeroSimOptions = {}, clockOffsetMs = 0): Promise<Setup> {
  const { xero, cliniko, env } = await startSims({ limits: { concurrent: 50 }, ...opts });
  const dir = await tempDataDir();
  const clock = { offsetMs: clockOffsetMs };
  const appClock: Clock = { now: () => new Date(Date.now() + clock.offsetMs) };
  const service = openService(dir, env, { clock: appClock });
  const results: XeroConnectResult[] = [];
  service.bus.on('xero.connect.result', (r) => results.push(r));
  await playBrowser(
    xero,
    ((await service.dispatch('xero.connect', {})) as { result: { authorizeUrl: string } }).result
      .authorizeUrl,
  );
  await vi.waitFor(() => expect(results).toEqual([expect.objectContaining({ ok: true })]), patiently);
  return { xero, cliniko, service, secrets: new FileSecretStore(path.join(dir, 'secrets.json')), clock };
}

const orgName = (service: Service): Promise<string | undefined> =>
  service.connections
    .withAccounting((api, tenantId) => api.getOrganisations(tenantId))
    .then((r) => r.body.organisations?.[0]?.name);

async function storedRefreshToken(secrets: FileSecretStore): Promise<string> {
  const raw = (await secrets.get(SECRET_ACCOUNTS.xeroTokenSet)) ?? '{}';
  return (JSON.parse(raw) as { refresh_token: string }).refresh_token;
}

describe('Xero token refresh: one place, single flight, rotation saved, reconnect on invalid_grant', () => {
  it('ten concurrent API calls with an expired access token cause exactly one refresh', async () => {
    const { xero, service, secrets, clock } = await connected();
    const before = await storedRefreshToken(secrets);
    clock.offsetMs = 60 * 60 * 1000; // the app's clock says the 30-minute token has expired
    const names = await Promise.all(Array.from({ length: 10 }, () => orgName(service)));
    expect(names).toEqual(Array(10).fill(xero.tenants[0]?.name));
    expect(xero.identity.stats().refreshes).toBe(1);
    const after = await storedRefreshToken(secrets);
    expect(after).not.toBe(before); // the rotated refresh token was saved
    // …and it is the live one: the next refresh (forced by time again) succeeds with it.
    clock.offsetMs = 2 * 60 * 60 * 1000;
    expect(await orgName(service)).toBe(xero.tenants[0]?.name);
    expect(xero.identity.stats()).toMatchObject({ refreshes: 2, invalidGrants: 0 });
  });

  it('a 401 TokenExpired from the API is retried once after one shared refresh', async () => {
    // The app's clock runs an hour behind, so it believes the 2-second token is still fresh.
    const { xero, service } = await connected({ accessTokenTtlSec: 2 }, -60 * 60 * 1000);
    await new Promise((r) => setTimeout(r, 2200));
    const names = await Promise.all(Array.from({ length: 10 }, () => orgName(service)));
    expect(names).toEqual(Array(10).fill(xero.tenants[0]?.name));
    expect(xero.identity.stats().refreshes).toBe(1);
    expect(xero.requests.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(1);
  });

  it('a refresh token replayed after the grace window leads to "Reconnect Xero", with no retry loop', async () => {
    const { xero, cliniko, service, secrets, clock } = await connected({ refreshGraceSec: 1 });
    expect(await service.dispatch('cliniko.connect', { apiKey: cliniko.apiKey })).toMatchObject({ ok: true });
    const original = (await secrets.get(SECRET_ACCOUNTS.xeroTokenSet)) ?? '';
    clock.offsetMs = 60 * 60 * 1000;
    await orgName(service); // rotates
    expect(xero.identity.stats().refreshes).toBe(1);
    // A lost rotation: the old token set comes back (e.g. restored from a backup), past the grace window.
    await secrets.set(SECRET_ACCOUNTS.xeroTokenSet, original);
    service.connections.tokens.reset(null);
    await new Promise((r) => setTimeout(r, 1300));
    const statuses: AppStatus[] = [];
    service.bus.on('status.changed', (s) => statuses.push(s));
    clock.offsetMs = 3 * 60 * 60 * 1000;
    await expect(orgName(service)).rejects.toBeInstanceOf(XeroReconnectNeeded);
    expect(xero.identity.stats().invalidGrants).toBe(1);
    const status = await service.status();
    expect(status.xero).toMatchObject({ connected: false, needsReconnect: true });
    expect(status.health).toBe('disconnected');
    expect(status.summary).toMatch(/reconnect Xero/i);
    await vi.waitFor(() => expect(statuses.at(-1)?.xero.needsReconnect).toBe(true), patiently);
    // Later calls fail at once: no new refresh attempts.
    await expect(orgName(service)).rejects.toThrow(/reconnect Xero/i);
    await expect(orgName(service)).rejects.toBeInstanceOf(XeroReconnectNeeded);
    expect(xero.identity.stats()).toMatchObject({ invalidGrants: 1, refreshes: 1 });
    // Connecting again clears it.
    const results: XeroConnectResult[] = [];
    service.bus.on('xero.connect.result', (r) => results.push(r));
    clock.offsetMs = 0;
    await playBrowser(
      xero,
      ((await service.dispatch('xero.connect', {})) as { result: { authorizeUrl: string } }).result
        .authorizeUrl,
    );
    await vi.waitFor(() => expect(results).toHaveLength(1), patiently);
    expect((await service.status()).xero).toMatchObject({ connected: true, needsReconnect: false });
    expect(await orgName(service)).toBe(xero.tenants[0]?.name);
  });

  it('a connection revoked at Xero (401 that a refresh cannot cure) leads to "Reconnect Xero"', async () => {
    const { xero, service, secrets } = await connected();
    const { refresh_token } = JSON.parse((await secrets.get(SECRET_ACCOUNTS.xeroTokenSet)) ?? '{}') as {
      refresh_token: string;
    };
    // The user removes the app in Xero: the grant is revoked behind the app's back.
    const res = await fetch(`${xero.url}/connect/revocation`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refresh_token, client_id: xero.clientId }).toString(),
    });
    expect(res.status).toBe(200);
    await expect(orgName(service)).rejects.toBeInstanceOf(XeroReconnectNeeded);
    expect((await service.status()).xero.needsReconnect).toBe(true);
  });
});
