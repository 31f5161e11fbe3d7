/**
 * A backlog read in bounded windows (issue 15 item 3): dueKeys lists ids in nextDue's order without
 * reading any JSON, dueWindows reads the details one window at a time and skips records that
 * stopped being due between windows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openLedger, type Ledger } from './ledger.js';
import { fakeClock, wanted } from '../../../test/support/ledger.js';

let ledger: Ledger;
afterEach(() => ledger.close());

function setup() {
  const clock = fakeClock();
  ledger = openLedger(':memory:', { clock });
  ledger.upsertWanted(Array.from({ length: 25 }, (_, i) => wanted(String(100 + i))));
  ledger.upsertWanted([wanted('c1', { sourceType: 'contact' })]);
  // Two failed ones: one due now, one later; one in flight; one synced.
  ledger.markFailed(wanted('100'), { retryable: true, error: 'busy', nextAttemptAt: clock.now() });
  ledger.markFailed(wanted('101'), { retryable: true, error: 'busy', nextAttemptAt: '2026-03-03T00:00:00Z' });
  ledger.markSynced(wanted('102'), { xeroId: 'x', sentHash: 'h-102' });
  ledger.beginBatch({
    kind: 'invoice-create',
    tenantId: 'tenant-1',
    idempotencyKey: 'k',
    recordKeys: [wanted('103')],
    payloadHash: 'p',
  });
  return clock;
}

describe('due windows', () => {
  it('dueKeys lists what nextDue returns, in the same order, without details', () => {
    const clock = setup();
    const all = ledger.nextDue('invoice', clock.now(), 1000);
    const keys = ledger.dueKeys('invoice', clock.now());
    expect(keys.map((k) => k.sourceId)).toEqual(all.map((r) => r.sourceId));
    expect(keys.map((k) => k.id)).toEqual(all.map((r) => r.id));
    expect(keys).toHaveLength(22); // 25 − synced − in flight − failed later
    expect(keys.at(-1)?.sourceId).toBe('100'); // the failed one after every pending one
    expect(ledger.dueKeys('contact', clock.now()).map((k) => k.sourceId)).toEqual(['c1']);
  });

  it('dueWindows yields every due record once, at most `size` at a time, with details', () => {
    const clock = setup();
    const windows = [...ledger.dueWindows('invoice', clock.now(), 10)];
    expect(windows.map((w) => w.length)).toEqual([10, 10, 2]);
    expect(windows.flat().map((r) => r.sourceId)).toEqual(
      ledger.nextDue('invoice', clock.now(), 1000).map((r) => r.sourceId),
    );
    expect(windows[0]?.[0]?.sourceSnapshot).toEqual({ id: '104' });
  });

  it('skips records that stopped being due after the ids were listed', () => {
    const clock = setup();
    const seen: string[] = [];
    for (const window of ledger.dueWindows('invoice', clock.now(), 10)) {
      seen.push(...window.map((r) => r.sourceId));
      if (seen.length === 10) {
        ledger.markSynced(wanted('120'), { xeroId: 'x', sentHash: 'h-120' }); // in the next window
        ledger.markFailed(wanted('121'), {
          retryable: true,
          error: 'busy',
          nextAttemptAt: '2026-03-04T00:00:00Z',
        });
      }
    }
    expect(seen).toHaveLength(20);
    expect(seen).not.toContain('120');
    expect(seen).not.toContain('121');
    expect(new Set(seen).size).toBe(20);
  });

  it('has() answers without reading details', () => {
    setup();
    expect(ledger.has('invoice', '100')).toBe(true);
    expect(ledger.has('invoice', 'nope')).toBe(false);
    expect(ledger.has('contact', 'c1')).toBe(true);
  });
});
