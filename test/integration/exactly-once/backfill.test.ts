import { afterEach, describe, expect, it } from 'vitest';
import { describeFigures, measureBackfill } from './backfill-measure.js';
import { cleanup, noDuplicates, openService, progressLines } from './harness.js';

afterEach(cleanup);

describe('backfill: sync --once --since DATE', () => {
  it('2,000 invoices: ≤ 0.07 Xero calls per invoice, ≤ 5 in flight, ≤ 60 per simulator minute, progress and budget (time against the floor: bench:backfill)', async () => {
    // A simulated minute lasts 6 real seconds.
    const { figures: f, world, stderr } = await measureBackfill({ invoices: 2000, timeScale: 10 });
    console.log(describeFigures(f));
    expect(f.exitCode).toBe(0);
    expect(f.duplicates).toEqual(noDuplicates);
    // Everything from the date on is in Xero: every non-archived invoice, paid ones with their payment.
    const live = world.data.invoices.filter((i) => !i.archived_at && i.issue_date >= '2024-07-01');
    expect(f.inXero.invoices).toBe(live.length);
    expect(f.inXero.payments).toBe(live.filter((i) => i.status === 20).length);
    expect(f.callsPerInvoice).toBeLessThanOrEqual(0.07);
    expect(f.rateLimited).toBe(0);
    expect(f.maxConcurrent).toBeLessThanOrEqual(5);
    expect(f.maxPerSimMinute).toBeLessThanOrEqual(60);
    expect(f.floorMs).toBeGreaterThan(0); // more than one minute's worth of calls
    // Progress: done/total per phase, with an ETA from the call budget.
    const progress = progressLines(stderr);
    const invoices = progress.filter((p) => p.phase === 'invoices');
    expect(invoices.length).toBeGreaterThan(10);
    expect(invoices.every((p) => p.total === invoices[0]?.total && p.done <= p.total)).toBe(true);
    expect(invoices.every((p) => typeof p.etaSeconds === 'number')).toBe(true);
    expect(progress.at(-1)).toEqual({ phase: 'done', done: 1, total: 1, etaSeconds: 0 });
    // The status shows the budget Xero reported.
    const service = openService(world.dataDir, world.env);
    const status = await service.status();
    await service.close();
    expect(status.xeroBudget?.dayRemaining).toBe(100_000 - f.calls);
    expect(status.counts).toMatchObject({ pending: 0, failed: 0, needsAttention: 0 });
  }, 480_000);
});
