import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, openService, startWorld } from '../exactly-once/harness.js';

afterEach(cleanup);

describe('outages are visible (issue 11 item 5)', () => {
  it('a Xero 503 shows in the status within the cycle that met it, and clears after a cycle that got through', async () => {
    const w = await startWorld({ invoices: 6 });
    // The failed batch waits for its backoff (minutes): the next cycle has nothing to send.
    const service = openService(w.dataDir, { ...w.env, CXS_RETRY_BASE_MS: '600000' });
    try {
      await service.sync.runCycle(); // all synced
      // A change to send (every patient renamed), and Xero answers its first call with a 503.
      for (const p of w.data.patients) w.cliniko.store.editPatient(p.id, { last_name: `${p.last_name}e` });
      w.xero.faults.failNext(1, 503);
      await service.sync.runCycle().catch(() => undefined);
      const down = await service.status();
      expect(down.outages).toEqual([
        { service: 'xero', since: expect.any(String) as string, reason: 'Xero answered HTTP 503' },
      ]);
      expect(down.health).toBe('disconnected');
      expect(down.summary).toMatch(
        /^Can't reach Xero since \d\d:\d\d \(Xero answered HTTP 503\) — retrying every \d+ s\.$/,
      );

      const api = (): number => w.xero.requests.filter((r) => r.path.includes('api.xro')).length;
      const before = api();
      await service.sync.runCycle();
      // Nothing was due (the failed records wait for their backoff): one small read said Xero answers.
      expect(api() - before).toBe(1);
      const up = await service.status();
      expect(up.outages).toEqual([]);
      expect(up.summary).not.toMatch(/Can't reach/);
    } finally {
      await service.close();
    }
  }, 90_000);

  it('a Cliniko that cannot be reached shows with its reason', async () => {
    const w = await startWorld({ invoices: 3 });
    await w.cliniko.close();
    const service = openService(w.dataDir, w.env);
    try {
      await expect(service.sync.runCycle()).rejects.toThrow();
      const s = await service.status();
      expect(s.outages?.map((o) => [o.service, o.reason])).toEqual([['cliniko', 'no connection to Cliniko']]);
      expect(s.summary).toMatch(/^Can't reach Cliniko since \d\d:\d\d \(no connection to Cliniko\)/);
      expect(s.lastCycleError).toBeNull();
    } finally {
      await service.close();
    }
  }, 60_000);
});
