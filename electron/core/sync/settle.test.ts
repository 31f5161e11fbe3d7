import { afterEach, describe, expect, it } from 'vitest';
import { openLedger, type Ledger } from '../ledger/index.js';
import { ClinikoHttpError } from '../cliniko/http-client.js';
import { XeroLimiter } from '../xero/limiter.js';
import { toXeroHttpError } from '../xero/xero-error.js';
import type { CycleSummary } from './context.js';
import { syncUntilSettled } from './settle.js';

const ok: CycleSummary = {
  synced: 0,
  failed: 0,
  needsAttention: 0,
  pending: 0,
  xeroCalls: 0,
  clinikoCalls: 0,
  durationMs: 0,
};
const noAnswer = (): Error =>
  toXeroHttpError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));

let ledger: Ledger;
afterEach(() => ledger?.close());

function deps(runCycle: (budgetMs: number) => Promise<CycleSummary>, maxWaitMs: number) {
  ledger = openLedger(':memory:');
  const waits: number[] = [];
  return {
    waits,
    d: {
      runCycle,
      ledger,
      limiter: new XeroLimiter(),
      tenantId: () => Promise.resolve('t-1'),
      maxWaitMs,
      retry: { baseMs: 1_000, random: () => 0.5 },
      sleep: (ms: number) => {
        waits.push(ms);
        return Promise.resolve();
      },
    },
  };
}

describe('syncUntilSettled', () => {
  it('retries a whole cycle that failed on the network, within --max-wait', async () => {
    let calls = 0;
    const { d, waits } = deps(
      () => (++calls <= 2 ? Promise.reject(noAnswer()) : Promise.resolve(ok)),
      60_000,
    );
    const r = await syncUntilSettled(d);
    expect(r).toMatchObject({ exitCode: 0, reason: null, cycles: 3 });
    expect(waits).toEqual([500, 1_000]);
  });

  it('stops with exit 2 and the reason when the next try is beyond --max-wait', async () => {
    const { d } = deps(() => Promise.reject(noAnswer()), 100);
    const r = await syncUntilSettled(d);
    expect(r.exitCode).toBe(2);
    expect(r.reason).toMatch(/could not finish: .*Xero.*try again later/);
    d.ledger.close();
    const cliniko = deps(
      () => Promise.reject(new ClinikoHttpError('network', null, 'Could not reach Cliniko (ECONNREFUSED).')),
      100,
    );
    const c = await syncUntilSettled(cliniko.d);
    expect(c.reason).toBe(
      'the sync could not finish: Could not reach Cliniko (ECONNREFUSED); try again later.',
    );
  });

  it('says why it waits in one sentence (no doubled full stop after a message that has one)', async () => {
    let calls = 0;
    const whys: string[] = [];
    const { d } = deps(
      () =>
        ++calls <= 1
          ? Promise.reject(
              new ClinikoHttpError(
                'network',
                null,
                'Could not reach Cliniko at http://127.0.0.1:9 (ECONNREFUSED).',
              ),
            )
          : Promise.resolve(ok),
      60_000,
    );
    await syncUntilSettled({ ...d, onWait: (_ms, why) => whys.push(`Waiting: ${why}.`) });
    expect(whys).toHaveLength(1);
    expect(whys[0]).not.toMatch(/\.\./);
  });

  it('lets a fatal error through (not a network problem)', async () => {
    const { d } = deps(() => Promise.reject(new TypeError('bug')), 60_000);
    await expect(syncUntilSettled(d)).rejects.toThrow('bug');
  });

  it('--max-wait caps the total of the waits, not each wait', async () => {
    const { d, waits } = deps(() => Promise.reject(noAnswer()), 3_000);
    const r = await syncUntilSettled(d);
    // Backoff 500, 1,000, 2,000…: each alone is under 3 s, but 500 + 1,000 + 2,000 is not.
    expect(waits).toEqual([500, 1_000]);
    expect(r.waitedMs).toBeLessThanOrEqual(3_000);
    expect(r.exitCode).toBe(2);
  });

  it('passes what is left of the budget to each cycle (lock and limiter waits)', async () => {
    let calls = 0;
    const budgets: number[] = [];
    const { d } = deps((budget) => {
      budgets.push(budget);
      return ++calls <= 2 ? Promise.reject(noAnswer()) : Promise.resolve(ok);
    }, 10_000);
    await syncUntilSettled(d);
    expect(budgets).toEqual([10_000, 9_500, 8_500]);
  });

  it('records whose retry falls beyond the budget end as needs attention, saying what to do', async () => {
    const at = Date.parse('2026-03-02T10:00:00Z');
    const { d, waits } = deps(() => Promise.resolve(ok), 60_000);
    d.ledger.upsertWanted([
      {
        sourceType: 'invoice',
        sourceId: '77',
        tenantId: 't-1',
        wantHash: 'h1',
        invoiceNumber: 'CL-77',
        sourceSnapshot: {},
      },
    ]);
    d.ledger.markFailed(
      { sourceType: 'invoice', sourceId: '77' },
      {
        retryable: true,
        error: 'Invoice CL-77: Xero answered HTTP 503.',
        nextAttemptAt: new Date(at + 10 * 60_000),
      },
    );
    const r = await syncUntilSettled({ ...d, now: () => at });
    expect(waits).toEqual([]);
    expect(r.exitCode).toBe(2);
    expect(r.reason).toMatch(
      /1 record\(s\) could not be sent within --max-wait \(60 s\) and now need attention/,
    );
    const rec = d.ledger.get('invoice', '77');
    expect(rec?.state).toBe('needs_attention');
    expect(rec?.lastError).toMatch(
      /^Invoice CL-77: Xero answered HTTP 503\. It could not be sent within --max-wait/,
    );
    expect(rec?.lastError).toMatch(/retry --all/);
    expect(d.ledger.counts().needsAttention).toBe(1);
  });
});
