/** Issue 11 item 6: `--max-wait` caps the total time `sync --once` waits, not each wait. */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../connections/helpers.js';
import { cleanup, closeSims, setupSync, summaryOf } from './helpers.js';

afterEach(async () => {
  await closeSims();
  await cleanup();
});

describe('sync --once --max-wait', () => {
  it('waits at most --max-wait in all; records that cannot succeed in time end as needs attention', async () => {
    const s = await setupSync({ invoices: 20, seed: 21 });
    // Xero refuses every invoice with a 503, for longer than any retry.
    s.xero.faults.failNext(10_000, 503, { method: 'PUT', pathPrefix: '/api.xro/2.0/Invoices' });
    const run = await runCli(['sync', '--once', '--json', '--max-wait', '3'], {
      ...s.env,
      CXS_RETRY_BASE_MS: '1000',
    });
    expect(run.code).toBe(2);
    const waited = [...run.stderr.matchAll(/Waiting (\d+(?:\.\d+)?) s:/g)].reduce(
      (t, m) => t + Number(m[1]),
      0,
    );
    expect(waited).toBeLessThanOrEqual(3);
    expect(run.stderr).toMatch(
      /Not everything is synced: \d+ record\(s\) could not be sent within --max-wait \(3 s\) and now need attention/,
    );
    const sum = summaryOf(run);
    expect(sum.failed).toBe(0);
    expect(sum.needsAttention).toBeGreaterThan(0);
    const log = await runCli(['log', '--json', '--state', 'needs_attention'], s.env);
    expect(log.stdout).toMatch(/could not be sent within --max-wait \(3 s\)/);
    expect(log.stdout).toMatch(/retry --all/);
  }, 120_000);
});
