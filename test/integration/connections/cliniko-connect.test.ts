import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../../electron/core/secrets/file-store.js';
import { SECRET_ACCOUNTS } from '../../../electron/core/ports.js';
import { startClinikoSim } from '../../simulators/cliniko/index.js';
import { cleanup, openService, tempDataDir } from './helpers.js';

afterEach(cleanup);

async function sim(apiKey?: string) {
  const s = await startClinikoSim({ seed: { invoices: 3 }, ...(apiKey ? { apiKey } : {}) });
  return s;
}

describe('Connect Cliniko (against the simulator)', () => {
  it('validates the key with real calls, shows the account, then stores it', async () => {
    const cliniko = await sim('MxJrZXkiOiI1Njd1amJmZTQ1NyJ9-au2');
    try {
      const dir = await tempDataDir();
      const service = openService(dir, { CXS_CLINIKO_API_URL: cliniko.url });
      const r = await service.dispatch('cliniko.connect', { apiKey: `  ${cliniko.apiKey}\n` });
      expect(r).toMatchObject({ ok: true, result: { account: 'Harbour Physio Group' } });
      // The simulator answers 400/406 without a proper User-Agent / Accept, and 401 without Basic auth.
      expect(cliniko.requests.map((q) => [q.path, q.status])).toEqual([
        ['/v1/user', 200],
        ['/v1/settings/public', 200],
      ]);
      expect(
        await new FileSecretStore(path.join(dir, 'secrets.json')).get(SECRET_ACCOUNTS.clinikoApiKey),
      ).toBe(cliniko.apiKey);
      expect((await service.status()).cliniko).toEqual({ connected: true, account: 'Harbour Physio Group' });
      const state = await readFile(path.join(dir, 'connections.json'), 'utf8');
      expect(state).toContain(cliniko.url);
      expect(state).not.toContain(cliniko.apiKey);
      // The stored connection gives the sync engine a working client.
      const client = await service.connections.clinikoClient();
      expect(client?.baseUrl).toBe(cliniko.url);
      const page = await client?.paginate('/invoices', { per_page: 2 }).next();
      expect(page?.value?.items.length).toBe(2);
      expect(typeof (page?.value?.items[0] as { id: unknown }).id).toBe('string');
      expect(await service.dispatch('cliniko.disconnect', {})).toEqual({
        ok: true,
        result: { disconnected: true },
      });
      expect((await service.status()).cliniko.connected).toBe(false);
    } finally {
      await cliniko.close();
    }
  });

  it('refuses a wrong key with a clear message and stores nothing', async () => {
    const cliniko = await sim();
    try {
      const dir = await tempDataDir();
      const service = openService(dir, { CXS_CLINIKO_API_URL: cliniko.url });
      const r = await service.dispatch('cliniko.connect', { apiKey: 'wrong-key-value-au1' });
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'unauthorized', message: expect.stringMatching(/^Cliniko rejected this API key/) },
      });
      expect(JSON.stringify(r)).not.toContain('wrong-key-value');
      expect(
        await new FileSecretStore(path.join(dir, 'secrets.json')).get(SECRET_ACCOUNTS.clinikoApiKey),
      ).toBeNull();
      expect((await service.status()).cliniko.connected).toBe(false);
      const bad = await service.dispatch('cliniko.connect', { apiKey: 'abc-au2!' });
      expect(bad).toMatchObject({
        ok: false,
        error: { message: expect.stringMatching(/should end in its region/) },
      });
    } finally {
      await cliniko.close();
    }
  });

  it('says when Cliniko cannot be reached', async () => {
    const cliniko = await sim();
    const url = cliniko.url;
    await cliniko.close();
    const service = openService(await tempDataDir(), { CXS_CLINIKO_API_URL: url });
    const r = await service.dispatch('cliniko.connect', { apiKey: 'some-key-au1' });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'failed',
        message: expect.stringMatching(
          /Could not reach Cliniko at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
        ),
      },
    });
  });
});
