import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { XeroConnectResult } from '../../../shared/api.js';
import { SECRET_ACCOUNTS } from '../../../electron/core/ports.js';
import { KeytarSecretStore } from '../../../electron/core/secrets/keytar-store.js';
import { keychainAvailable } from '../../support/keychain.js';
import { cleanup, openService, playBrowser, startSims, tempDataDir } from './helpers.js';
import { patiently } from '../../support/waits.js';

const available = await keychainAvailable();
afterEach(cleanup);

// In CI this runs against gnome-keyring under scripts/with-keyring.sh (a missing keyring fails there).
describe.skipIf(!available)('connections with the OS keychain', () => {
  it('keeps the Cliniko key and the Xero token set in the keychain, never in a file', async () => {
    const { xero, cliniko, env } = await startSims();
    const dir = await tempDataDir();
    const store = await KeytarSecretStore.open(`clinic-xero-sync-test-${randomUUID()}`);
    const service = openService(dir, env, { secrets: store });
    expect(await service.dispatch('cliniko.connect', { apiKey: cliniko.apiKey })).toMatchObject({ ok: true });
    const results: XeroConnectResult[] = [];
    service.bus.on('xero.connect.result', (r) => results.push(r));
    const started = await service.dispatch('xero.connect', {});
    await playBrowser(xero, (started as { result: { authorizeUrl: string } }).result.authorizeUrl);
    await vi.waitFor(() => expect(results).toEqual([expect.objectContaining({ ok: true })]), patiently);

    expect(await store.get(SECRET_ACCOUNTS.clinikoApiKey)).toBe(cliniko.apiKey);
    const tokens = JSON.parse((await store.get(SECRET_ACCOUNTS.xeroTokenSet)) ?? '{}') as Record<
      string,
      unknown
    >;
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(existsSync(path.join(dir, 'secrets.json'))).toBe(false);
    expect((await service.status()).xero.connected).toBe(true);

    await service.dispatch('xero.disconnect', {});
    await service.dispatch('cliniko.disconnect', {});
    expect(await store.get(SECRET_ACCOUNTS.xeroTokenSet)).toBeNull();
    expect(await store.get(SECRET_ACCOUNTS.clinikoApiKey)).toBeNull();
  });
});
