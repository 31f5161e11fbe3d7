import { afterEach, describe, expect, it } from 'vitest';
import type { AppStatus } from '../../../shared/api.js';
import {
  cleanup,
  duplicatesIn,
  fingerprint,
  noDuplicates,
  openService,
  runCli,
  startWorld,
} from './harness.js';

afterEach(cleanup);

describe('exactly-once harness', () => {
  it('connects a data folder to both simulators through the app’s own flows; the CLI child sees it', async () => {
    const w = await startWorld({ invoices: 3 });
    const service = openService(w.dataDir, w.env);
    const s = await service.status();
    await service.close();
    expect(s.cliniko.connected).toBe(true);
    expect(s.xero).toMatchObject({ connected: true, tenantId: w.tenantId });
    const r = await runCli(['status', '--json'], w.env, { timeoutMs: 120_000 });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as AppStatus).xero.connected).toBe(true);
    expect(duplicatesIn(w.xero)).toEqual(noDuplicates);
    expect(fingerprint(w.xero).invoices).toEqual([]);
  });
});
