import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, closeSims, setupSync, TEST_SETTINGS } from './helpers.js';

afterAll(async () => {
  await closeSims();
  await cleanup();
});

async function until(check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('background sync (desktop app and serve)', () => {
  it('does not poll before the mapping defaults are set, then starts by itself once they are', async () => {
    const s = await setupSync({ invoices: 10, settings: null });
    const service = s.service();
    try {
      service.syncInBackground();
      await new Promise((r) => setTimeout(r, 300));
      expect(service.sync.loop.running).toBe(false);
      expect(s.xero.org().invoices()).toHaveLength(0);

      // What the setup wizard does last: the defaults arrive through the contract.
      const res = await service.dispatch('settings.import', { json: JSON.stringify(TEST_SETTINGS()) });
      expect(res.ok).toBe(true);
      await until(() => service.sync.loop.running);
      await until(() => s.xero.org().invoices().length > 0);
    } finally {
      await service.close();
    }
    expect(service.sync.loop.running).toBe(false);
  });

  it('starts at once when everything is already set up', async () => {
    const s = await setupSync({ invoices: 10 });
    const service = s.service();
    try {
      expect(service.sync.loop.running).toBe(false);
      service.syncInBackground();
      await until(() => service.sync.loop.running);
      await until(() => s.xero.org().invoices().length > 0);
    } finally {
      await service.close();
    }
  });
});
