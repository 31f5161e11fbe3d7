import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, duplicatesIn, noDuplicates, runCli, startWorld, summaryOf } from './harness.js';

afterEach(cleanup);

describe('a Xero call that never answers', () => {
  it('is abandoned after CXS_XERO_TIMEOUT_MS, retried later, and creates no duplicate', async () => {
    const world = await startWorld({ invoices: 20, seed: 5, xero: { timeScale: 60 } });
    // Every Xero answer now takes 3 s; the app gives each call 300 ms.
    world.xero.faults.setLatency(3_000);
    const env = { CXS_XERO_TIMEOUT_MS: '300', CXS_RETRY_BASE_MS: '100' };
    const stuck = await runCli(['sync', '--once', '--json', '--max-wait', '1'], world.env, {
      extraEnv: env,
      timeoutMs: 120_000,
    });
    // Without a timeout the CLI would still be waiting on the first call here.
    expect(stuck.stderr).toMatch(/did not answer|timeout/);
    expect(stuck.code).toBe(2);
    expect(summaryOf(stuck.stdout).synced).toBe(0);

    world.xero.faults.setLatency(0);
    const again = await runCli(['sync', '--once', '--json'], world.env, { extraEnv: env });
    expect(again.code).toBe(0);
    expect(summaryOf(again.stdout)).toMatchObject({ pending: 0, failed: 0, needsAttention: 0 });
    expect(duplicatesIn(world.xero)).toEqual(noDuplicates);
  });
});
