/**
 * The counters behind stateCounts()/counts() (migration 007, decision 020) always equal a count
 * over the records: through every transition, a rolled-back transaction, a write from another
 * connection, and on a database that had records before the migration ran.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openLedger, type Ledger } from './ledger.js';
import { runMigrations } from './migrate.js';
import { migrations } from './migrations/index.js';
import { fakeClock, tempDir, wanted } from '../../../test/support/ledger.js';
import type { SourceType } from './types.js';

const dirs: Array<{ cleanup(): void }> = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));
function temp() {
  const d = tempDir();
  dirs.push(d);
  return d;
}

const TYPES: SourceType[] = ['invoice', 'contact', 'payment', 'creditnote'];

/** What a full count says (the pre-007 way). */
function recount(file: string, sourceType?: SourceType) {
  const db = new Database(file, { readonly: true });
  try {
    const rows = (
      sourceType
        ? db
            .prepare(`SELECT state, count(*) AS n FROM records WHERE source_type = ? GROUP BY state`)
            .all(sourceType)
        : db.prepare(`SELECT state, count(*) AS n FROM records GROUP BY state`).all()
    ) as { state: string; n: number }[];
    const by = (s: string) => rows.find((r) => r.state === s)?.n ?? 0;
    return {
      synced: by('synced'),
      pending: by('pending'),
      failed: by('failed'),
      needsAttention: by('needs_attention'),
    };
  } finally {
    db.close();
  }
}

function expectInStep(ledger: Ledger): void {
  expect(ledger.stateCounts()).toEqual(recount(ledger.file));
  for (const t of TYPES) expect(ledger.stateCounts({ sourceType: t })).toEqual(recount(ledger.file, t));
}

describe('record counters', () => {
  it('follow every transition, rollbacks and other connections', () => {
    const { file } = temp();
    const clock = fakeClock();
    const ledger = openLedger(file, { clock });
    try {
      ledger.upsertWanted(
        Array.from({ length: 40 }, (_, i) => wanted(String(i), { sourceType: TYPES[i % 4] as SourceType })),
      );
      expectInStep(ledger);
      expect(ledger.stateCounts().pending).toBe(40);

      const due = ledger.nextDue('invoice', clock.now(), 10);
      const b = ledger.beginBatch({
        kind: 'invoice-create',
        tenantId: 'tenant-1',
        idempotencyKey: 'k',
        recordKeys: due,
        payloadHash: 'p',
      });
      expectInStep(ledger);
      ledger.completeBatch(
        b.id,
        due
          .map(({ sourceType, sourceId }, i) => ({ r: { sourceType, sourceId }, i }))
          .map(({ r, i }) =>
            i % 3 === 0
              ? { ...r, result: 'synced' as const, xeroId: `x${i}` }
              : i % 3 === 1
                ? { ...r, result: 'failed' as const, error: 'e', nextAttemptAt: clock.now() }
                : { ...r, result: 'needs_attention' as const, error: 'e' },
          ),
      );
      expectInStep(ledger);
      ledger.markSynced(wanted('1', { sourceType: 'contact' }), { xeroId: 'c', sentHash: 'h-1' });
      ledger.upsertWanted([wanted('1', { sourceType: 'contact', wantHash: 'other' })]); // synced → pending
      ledger.upsertWanted([wanted('1', { sourceType: 'contact', wantHash: 'h-1' })]); // back to what Xero has
      expectInStep(ledger);
      expect(ledger.requeue('all')).toBeGreaterThan(0);
      expectInStep(ledger);

      expect(() =>
        ledger.tx(() => {
          ledger.markSynced(wanted('2', { sourceType: 'payment' }), { xeroId: 'p', sentHash: 'h-2' });
          throw new Error('rolled back');
        }),
      ).toThrow('rolled back');
      expectInStep(ledger);

      // Another process (the CLI beside the app) writes the same file: the counters are in the file.
      const other = openLedger(file, { clock });
      other.markNeedsAttention(wanted('3', { sourceType: 'creditnote' }), { error: 'x' });
      other.close();
      expectInStep(ledger);
      expect(ledger.counts().needsAttention).toBe(ledger.stateCounts().needsAttention);
    } finally {
      ledger.close();
    }
  });

  it('start from the records already there when migration 007 runs', () => {
    const { file } = temp();
    const db = new Database(file);
    const before = migrations.filter((m) => m.id < 5);
    runMigrations(db, before, () => new Date('2026-03-02T09:00:00Z'));
    db.close();
    const old = openLedger(file, { migrations: before });
    old.upsertWanted(Array.from({ length: 7 }, (_, i) => wanted(String(i))));
    old.markSynced(wanted('0'), { xeroId: 'x', sentHash: 'h-0' });
    old.markFailed(wanted('1'), { retryable: true, error: 'e', nextAttemptAt: '2026-03-02T10:00:00Z' });
    old.close();

    const ledger = openLedger(file);
    try {
      expect(ledger.stateCounts({ sourceType: 'invoice' })).toEqual({
        synced: 1,
        pending: 5,
        failed: 1,
        needsAttention: 0,
      });
      expectInStep(ledger);
    } finally {
      ledger.close();
    }
  });

  it('syncedToday counts records synced since the given instant, by type', () => {
    const { file } = temp();
    const clock = fakeClock('2026-03-01T10:00:00Z');
    const ledger = openLedger(file, { clock });
    try {
      ledger.upsertWanted([wanted('a'), wanted('b'), wanted('c', { sourceType: 'contact' })]);
      ledger.markSynced(wanted('a'), { xeroId: 'x', sentHash: 'h-a' }); // yesterday
      clock.set('2026-03-02T10:00:00Z');
      ledger.markSynced(wanted('b'), { xeroId: 'x', sentHash: 'h-b' });
      ledger.markSynced(wanted('c', { sourceType: 'contact' }), { xeroId: 'x', sentHash: 'h-c' });
      const todayStart = '2026-03-02T00:00:00Z';
      expect(ledger.counts({ todayStart }).syncedToday).toBe(2);
      expect(ledger.counts({ todayStart, sourceType: 'invoice' }).syncedToday).toBe(1);
      // A later write that keeps it synced (data changed back), with the clock set back: still counted.
      ledger.upsertWanted([wanted('b', { wantHash: 'changed' })]);
      clock.set('2026-03-02T09:00:00Z');
      ledger.upsertWanted([wanted('b', { wantHash: 'h-b' })]);
      expect(ledger.get('invoice', 'b')?.state).toBe('synced');
      expect(ledger.counts({ todayStart: '2026-03-02T09:30:00Z', sourceType: 'invoice' }).syncedToday).toBe(
        1,
      );
    } finally {
      ledger.close();
    }
  });
});
