/**
 * The index review of issue 15 (decision 020), kept as a test: every statement the ledger runs for
 * the sync engine, the sync log and the status is captured (LedgerOptions.onQuery) and explained
 * (EXPLAIN QUERY PLAN) on a second connection. No statement may scan the records table without an
 * index, and every index on `records` must be chosen by some statement: an index nothing uses only
 * slows down every state change, so a new one must come with the query that needs it.
 * `CXS_PRINT_PLANS=1` prints the plans.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openLedger } from './ledger.js';
import { fakeClock, tempDir, wanted } from '../../../test/support/ledger.js';
import { LIST_SORTS } from './types.js';
import type { ListQuery, RecordState, SourceType } from './types.js';

const dirs: Array<{ cleanup(): void }> = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

/** Indexes no query reads, kept for another reason. */
const NOT_FOR_QUERIES: Record<string, string> = {
  // SQLite checks the foreign key records.inflight_batch_id → batches(id) through it when
  // pruneBatches deletes batches; without it every deleted batch scans the records.
  records_inflight: 'foreign key check on batch deletion',
};

function exercise(file: string): Map<string, readonly unknown[]> {
  const seen = new Map<string, readonly unknown[]>();
  const clock = fakeClock();
  const ledger = openLedger(file, { clock, onQuery: (sql, params) => void seen.set(sql, params) });
  try {
    const types: SourceType[] = ['invoice', 'contact', 'payment', 'creditnote'];
    ledger.upsertWanted(
      Array.from({ length: 200 }, (_, i) =>
        wanted(String(1000 + i), {
          sourceType: types[i % 4] as SourceType,
          issueDate: `2026-02-${String(1 + (i % 28)).padStart(2, '0')}`,
          totalCents: 100 * i,
        }),
      ),
    );
    ledger.upsertWanted([wanted('1000', { wantHash: 'changed' }), wanted('1004')]);
    for (const kind of types) ledger.nextDue(kind, clock.now(), 10);
    for (const kind of types) for (const w of ledger.dueWindows(kind, clock.now(), 7)) void w;
    ledger.has('invoice', '1000');
    const due = ledger.nextDue('invoice', clock.now(), 6);
    const batch = ledger.beginBatch({
      kind: 'invoice-create',
      tenantId: 'tenant-1',
      idempotencyKey: 'k1',
      recordKeys: due,
      payloadHash: 'p',
    });
    ledger.completeBatch(
      batch.id,
      due
        .map(({ sourceType, sourceId }, i) => ({ r: { sourceType, sourceId }, i }))
        .map(({ r, i }) =>
          i < 3
            ? { ...r, result: 'synced' as const, xeroId: `x-${r.sourceId}`, payload: {}, response: {} }
            : i === 3
              ? { ...r, result: 'failed' as const, error: 'busy', nextAttemptAt: clock.now() }
              : { ...r, result: 'needs_attention' as const, error: 'bad' },
        ),
    );
    const more = ledger.nextDue('invoice', clock.now(), 2);
    const open = ledger.beginBatch({
      kind: 'invoice-create',
      tenantId: 'tenant-1',
      idempotencyKey: 'k2',
      recordKeys: more,
      payloadHash: 'p',
    });
    for (const b of ledger.uncertainBatches())
      ledger.resolveBatch(b.id, [
        { sourceType: 'invoice', sourceId: more[0]?.sourceId ?? '', result: 'pending' },
      ]);
    ledger.uncertainBatches({ begunBefore: clock.now() });
    ledger.getBatch(open.id);
    ledger.markSynced(wanted('1008'), { xeroId: 'x', sentHash: 'h-1008' });
    ledger.markFailed(wanted('1012'), { retryable: true, error: 'e', nextAttemptAt: clock.now() });
    ledger.requeue([1, 2]);
    ledger.requeue('all');
    ledger.get('invoice', '1000');
    ledger.getById(1);
    ledger.findByInvoiceNumber('1000');
    ledger.counts();
    ledger.counts({ sourceType: 'invoice', todayStart: '2026-03-02T00:00:00Z' });
    const states: (RecordState | RecordState[] | undefined)[] = [
      undefined,
      'needs_attention',
      ['failed', 'needs_attention'],
    ];
    for (const sort of LIST_SORTS)
      for (const dir of ['asc', 'desc'] as const)
        for (const state of states) {
          const q: ListQuery = { sort, dir, limit: 50 };
          if (state) q.state = state;
          ledger.list(q);
        }
    ledger.list({ sourceType: 'invoice', state: 'synced' });
    ledger.list({ from: '2026-02-01', to: '2026-02-10' });
    ledger.list({ search: 'Patient 10' });
    ledger.list({ search: 'Pa' });
    ledger.list({ search: 'Patient 10', state: 'pending' });
    ledger.setCursor('invoices', 'x');
    ledger.getCursor('invoices');
    ledger.setPause('tenant-1', '2026-03-03T00:00:00Z', 'day');
    ledger.getPause('tenant-1');
    ledger.addEvent({ level: 'info', kind: 'k', message: 'm', sourceType: 'invoice', sourceId: '1000' });
    ledger.events({ source: { sourceType: 'invoice', sourceId: '1000' } });
    ledger.setKv('a', 1);
    ledger.getKv('a');
    ledger.pruneBatches('2027-01-01T00:00:00Z');
  } finally {
    ledger.close();
  }
  return seen;
}

describe('query plans (index review)', () => {
  it('every statement on records uses an index, and every index on records is used', () => {
    const d = tempDir();
    dirs.push(d);
    const statements = exercise(d.file);
    const db = new Database(d.file, { readonly: true });
    try {
      const indexes = (
        db
          .prepare(
            `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' AND name NOT LIKE 'sqlite_autoindex%'`,
          )
          .all() as { name: string }[]
      ).map((r) => r.name);
      const used = new Set<string>();
      const scans: string[] = [];
      const printed: string[] = [];
      for (const [sql, params] of statements) {
        const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(params as unknown[])) as {
          detail: string;
        }[];
        printed.push(
          `${sql.replace(/\s+/g, ' ').slice(0, 160)}\n    ${plan.map((p) => p.detail).join('\n    ')}`,
        );
        for (const { detail } of plan) {
          for (const m of detail.matchAll(/USING (?:COVERING )?INDEX (\w+)/g)) used.add(m[1] as string);
          // A 1–2 character search cannot use the trigram index: a substring LIKE over the table.
          if (/^SCAN (r|records)$/.test(detail) && !sql.includes('search_text LIKE')) {
            scans.push(`${detail}: ${sql}`);
          }
        }
      }
      if (process.env.CXS_PRINT_PLANS) console.log(printed.join('\n'));
      expect(scans).toEqual([]);
      const unused = indexes.filter((i) => !used.has(i) && !(i in NOT_FOR_QUERIES));
      expect(unused).toEqual([]);
    } finally {
      db.close();
    }
  });
});
