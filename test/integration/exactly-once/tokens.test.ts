import { afterEach, describe, expect, it } from 'vitest';
import type { AppStatus } from '../../../shared/api.js';
import { describeFigures, measureBackfill } from './backfill-measure.js';
import { cleanup, runCli } from './harness.js';

afterEach(cleanup);

describe('access tokens that expire every second during a long backfill', () => {
  it('cause no failure, no refresh-token replay and no invalid_grant', async () => {
    const { figures: f, world } = await measureBackfill({
      invoices: 2000,
      timeScale: 20, // a simulated minute lasts 3 s: the backfill spans several token lifetimes
      xero: { accessTokenTtlSec: 1, latencyMs: 20 },
    });
    console.log(describeFigures(f));
    const refreshes = world.xero.requests.filter(
      (r) => r.method === 'POST' && r.path.startsWith('/connect/token'),
    );
    const stats = world.xero.identity.stats();
    console.log(
      `token refreshes: ${refreshes.length} over ${(f.xeroWallMs / 1000).toFixed(1)} s; ` +
        `refreshReplaysInGrace ${stats.refreshReplaysInGrace}, invalidGrants ${stats.invalidGrants}`,
    );
    expect(f.exitCode).toBe(0);
    expect(f.xeroWallMs).toBeGreaterThan(3000);
    expect(refreshes.length).toBeGreaterThanOrEqual(3);
    expect(refreshes.every((r) => r.status === 200)).toBe(true);
    expect(stats.refreshReplaysInGrace).toBe(0);
    expect(stats.invalidGrants).toBe(0);
    expect(f.duplicates).toEqual({ invoices: [], contacts: [], payments: [] });
    expect(f.inXero.invoices).toBeGreaterThan(1900);
    const s = await runCli(['status', '--json'], world.env);
    expect((JSON.parse(s.stdout) as AppStatus).xero).toMatchObject({
      connected: true,
      needsReconnect: false,
    });
  }, 480_000);
});
