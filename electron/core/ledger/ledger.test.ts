import { afterEach, describe, expect, it } from 'vitest';
import { openLedger } from './ledger.js';
import type { Ledger, LedgerOptions } from './ledger.js';
import { fakeClock, tempDir, wanted } from '../../../test/support/ledger.js';
import type { RecordKey } from './types.js';

const open: Ledger[] = [];
const dirs: Array<{ cleanup(): void }> = [];
afterEach(() => {
  open.splice(0).forEach((l) => l.close());
  dirs.splice(0).forEach((d) => d.cleanup());
});

function mem(options: LedgerOptions = {}) {
  const clock = fakeClock();
  const l = openLedger(':memory:', { clock, ...options });
  open.push(l);
  return { l, clock };
}

function onDisk() {
  const d = tempDir();
  dirs.push(d);
  const clock = fakeClock();
  const reopen = () => {
    const l = openLedger(d.file, { clock });
    open.push(l);
    return l;
  };
  return { file: d.file, clock, reopen };
}

const inv = (sourceId: string): RecordKey => ({ sourceType: 'invoice', sourceId });
const HOUR = 3_600_000;

describe('connection', () => {
  it('uses WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    const { reopen } = onDisk();
    expect(reopen().pragmas()).toEqual({
      journalMode: 'wal',
      synchronous: 2,
      foreignKeys: 1,
      busyTimeout: 5000,
    });
  });
});

describe('records: state transitions', () => {
  it('new → pending; unchanged re-upsert is a no-op', () => {
    const { l } = mem();
    expect(l.upsertWanted([wanted('1'), wanted('2')])).toEqual({ inserted: 2, changed: 0, unchanged: 0 });
    expect(l.get('invoice', '1')).toMatchObject({
      state: 'pending',
      attempts: 0,
      sentHash: null,
      wantHash: 'h-1',
    });
    expect(l.upsertWanted([wanted('1')])).toEqual({ inserted: 0, changed: 0, unchanged: 1 });
  });

  it('pending → synced; synced → pending on change; changed back → synced', () => {
    const { l } = mem();
    l.upsertWanted([wanted('1')]);
    expect(
      l.markSynced(inv('1'), { xeroId: 'X1', sentHash: 'h-1', xeroUrl: 'https://go.xero.com/x' }),
    ).toMatchObject({
      state: 'synced',
      xeroId: 'X1',
      sentHash: 'h-1',
    });
    l.upsertWanted([wanted('1')]);
    expect(l.get('invoice', '1')?.state).toBe('synced');
    l.upsertWanted([wanted('1', { wantHash: 'h-1b' })]);
    expect(l.get('invoice', '1')).toMatchObject({ state: 'pending', sentHash: 'h-1', xeroId: 'X1' });
    l.upsertWanted([wanted('1', { wantHash: 'h-1' })]);
    expect(l.get('invoice', '1')?.state).toBe('synced');
  });

  it('markSynced with a stale hash (data changed in flight) leaves the record pending', () => {
    const { l } = mem();
    l.upsertWanted([wanted('1')]);
    l.upsertWanted([wanted('1', { wantHash: 'h-newer' })]);
    expect(l.markSynced(inv('1'), { xeroId: 'X1', sentHash: 'h-1' })).toMatchObject({
      state: 'pending',
      sentHash: 'h-1',
      xeroId: 'X1',
    });
  });

  it('pending → failed → failed (attempts count up) → synced (reset)', () => {
    const { l, clock } = mem();
    l.upsertWanted([wanted('1')]);
    const t1 = new Date(clock.now().getTime() + 60_000).toISOString();
    expect(
      l.markFailed(inv('1'), { retryable: true, error: 'Xero is busy (503)', nextAttemptAt: t1 }),
    ).toMatchObject({
      state: 'failed',
      attempts: 1,
      errorKind: 'retryable',
      nextAttemptAt: t1,
      lastError: 'Xero is busy (503)',
    });
    expect(l.markFailed(inv('1'), { retryable: true, error: 'again', nextAttemptAt: t1 })).toMatchObject({
      state: 'failed',
      attempts: 2,
    });
    expect(l.markSynced(inv('1'), { xeroId: 'X', sentHash: 'h-1' })).toMatchObject({
      state: 'synced',
      attempts: 0,
      lastError: null,
      errorKind: null,
      nextAttemptAt: null,
    });
  });

  it('pending → needs_attention; failed → needs_attention; unchanged data keeps it; changed data → pending', () => {
    const { l, clock } = mem();
    l.upsertWanted([wanted('1'), wanted('2')]);
    expect(l.markNeedsAttention(inv('1'), { error: 'Account 200 is archived' })).toMatchObject({
      state: 'needs_attention',
      errorKind: 'validation',
      attempts: 1,
      nextAttemptAt: null,
    });
    l.markFailed(inv('2'), { retryable: true, error: 'timeout', nextAttemptAt: clock.now() });
    expect(l.markFailed(inv('2'), { retryable: false, error: 'period locked' })).toMatchObject({
      state: 'needs_attention',
      attempts: 2,
    });
    l.upsertWanted([wanted('1')]);
    expect(l.get('invoice', '1')?.state).toBe('needs_attention');
    l.upsertWanted([wanted('1', { wantHash: 'h-fixed' })]);
    expect(l.get('invoice', '1')).toMatchObject({
      state: 'pending',
      attempts: 0,
      lastError: null,
      errorKind: null,
    });
  });

  it('failed → pending on data change; unchanged data keeps the backoff', () => {
    const { l, clock } = mem();
    l.upsertWanted([wanted('1')]);
    const later = new Date(clock.now().getTime() + HOUR).toISOString();
    l.markFailed(inv('1'), { retryable: true, error: 'x', nextAttemptAt: later });
    l.upsertWanted([wanted('1')]);
    expect(l.get('invoice', '1')).toMatchObject({ state: 'failed', nextAttemptAt: later, attempts: 1 });
    l.upsertWanted([wanted('1', { wantHash: 'h-2' })]);
    expect(l.get('invoice', '1')).toMatchObject({ state: 'pending', nextAttemptAt: null, attempts: 0 });
  });

  it('a failure reported for data that has changed since sends the record back to pending', () => {
    const { l } = mem();
    l.upsertWanted([wanted('1')]);
    l.upsertWanted([wanted('1', { wantHash: 'h-2' })]);
    expect(l.markNeedsAttention(inv('1'), { error: 'bad account', attemptedHash: 'h-1' })).toMatchObject({
      state: 'pending',
      attempts: 0,
    });
  });

  it('requeue: failed and needs_attention → pending with attempts reset, by id or all', () => {
    const { l, clock } = mem();
    l.upsertWanted(['1', '2', '3', '4'].map((id) => wanted(id)));
    l.markFailed(inv('1'), {
      retryable: true,
      error: 'x',
      nextAttemptAt: new Date(clock.now().getTime() + HOUR),
    });
    l.markNeedsAttention(inv('2'), { error: 'y' });
    l.markNeedsAttention(inv('3'), { error: 'z' });
    l.markSynced(inv('4'), { xeroId: 'X4', sentHash: 'h-4' });
    const id2 = l.get('invoice', '2')?.id ?? -1;
    const id4 = l.get('invoice', '4')?.id ?? -1;
    expect(l.requeue([id2, id4])).toBe(1);
    expect(l.get('invoice', '2')).toMatchObject({
      state: 'pending',
      attempts: 0,
      errorKind: null,
      lastError: 'y',
    });
    expect(l.get('invoice', '4')?.state).toBe('synced');
    expect(l.requeue('all')).toBe(2);
    expect(l.counts()).toMatchObject({ pending: 3, synced: 1, failed: 0, needsAttention: 0 });
  });

  it('a different Xero organisation means not sent there yet', () => {
    const { l } = mem();
    l.upsertWanted([wanted('1')]);
    l.markSynced(inv('1'), { xeroId: 'X1', sentHash: 'h-1' });
    l.upsertWanted([wanted('1', { tenantId: 'tenant-2' })]);
    expect(l.get('invoice', '1')).toMatchObject({
      state: 'pending',
      tenantId: 'tenant-2',
      sentHash: null,
      xeroId: null,
    });
  });

  it('refuses bad input and unknown records; an upsert is all-or-nothing', () => {
    const { l } = mem();
    expect(() => l.markSynced(inv('nope'), { xeroId: 'X', sentHash: 'h' })).toThrow(/no record invoice:nope/);
    expect(() => l.upsertWanted([wanted('1'), wanted('2', { issueDate: '02/03/2026' })])).toThrow(
      /YYYY-MM-DD/,
    );
    expect(() => l.upsertWanted([wanted('3', { totalCents: 12.5 })])).toThrow(/cents/);
    expect(l.counts().pending).toBe(0);
    l.upsertWanted([wanted('1')]);
    expect(() => l.markFailed(inv('1'), { retryable: true, error: 'x' })).toThrow(/nextAttemptAt/);
  });

  it('stores errors, payloads and responses redacted', () => {
    const { l } = mem();
    l.upsertWanted([wanted('1')]);
    l.markNeedsAttention(inv('1'), {
      error: 'Xero said no. Authorization: Bearer abc.def.ghi',
      payload: { Invoices: [{ InvoiceNumber: 'INV-1' }] },
      response: {
        status: 400,
        headers: { authorization: 'Bearer zzz' },
        body: { refresh_token: 'rrrrrrrr' },
      },
    });
    const r = l.get('invoice', '1');
    expect(r?.lastError).not.toContain('abc.def.ghi');
    expect(JSON.stringify(r?.lastResponse)).not.toMatch(/zzz|rrrrrrrr/);
    expect(r?.lastPayload).toEqual({ Invoices: [{ InvoiceNumber: 'INV-1' }] });
    expect(r?.sourceSnapshot).toEqual({ id: '1' });
  });

  it('findByInvoiceNumber returns every record carrying the number', () => {
    const { l } = mem();
    l.upsertWanted([
      wanted('77', { invoiceNumber: '1042' }),
      wanted('77', { sourceType: 'payment', invoiceNumber: '1042', wantHash: 'p' }),
      wanted('78', { invoiceNumber: '1043' }),
    ]);
    expect(l.findByInvoiceNumber('1042').map((r) => r.sourceType)).toEqual(['invoice', 'payment']);
  });
});

describe('nextDue', () => {
  it('never-tried first, then the oldest due retry: a failing record never starves the others', () => {
    const { l, clock } = mem();
    l.upsertWanted([wanted('bad'), wanted('old-fail')]);
    const t0 = clock.now().getTime();
    l.markFailed(inv('old-fail'), { retryable: true, error: 'x', nextAttemptAt: new Date(t0 - 10 * 60_000) });
    l.markFailed(inv('bad'), { retryable: true, error: 'x', nextAttemptAt: new Date(t0 - 60_000) });
    l.upsertWanted(['a', 'b', 'c'].map((id) => wanted(id)));
    expect(l.nextDue('invoice', clock.now(), 10).map((r) => r.sourceId)).toEqual([
      'a',
      'b',
      'c',
      'old-fail',
      'bad',
    ]);
    expect(l.nextDue('invoice', clock.now(), 2).map((r) => r.sourceId)).toEqual(['a', 'b']);

    // 'bad' keeps failing with growing backoff; new work keeps arriving and is always served first,
    // and 'bad' comes back only when its time has come.
    let backoff = 60_000;
    for (let round = 0; round < 5; round++) {
      const due = l.nextDue('invoice', clock.now(), 100).map((r) => r.sourceId);
      for (const id of due) {
        if (id === 'bad') {
          backoff *= 2;
          l.markFailed(inv('bad'), {
            retryable: true,
            error: 'still 500',
            nextAttemptAt: new Date(clock.now().getTime() + backoff),
          });
        } else l.markSynced(inv(id), { xeroId: `X-${id}`, sentHash: `h-${id}` });
      }
      l.upsertWanted([wanted(`new-${round}`)]);
      expect(l.nextDue('invoice', clock.now(), 1).map((r) => r.sourceId)).toEqual([`new-${round}`]);
      clock.advance(backoff / 3);
    }
    expect(l.get('invoice', 'bad')?.attempts).toBeGreaterThan(1);
    expect(l.counts().pending).toBe(1);
  });

  it('only returns the asked kind, with the snapshot, and never records of an open batch', () => {
    const { l, clock } = mem();
    l.upsertWanted([wanted('1'), wanted('2'), wanted('9', { sourceType: 'contact', wantHash: 'c' })]);
    expect(l.nextDue('contact', clock.now(), 10).map((r) => [r.sourceId, r.sourceSnapshot])).toEqual([
      ['9', { id: '9' }],
    ]);
    l.beginBatch({
      kind: 'invoice',
      tenantId: 'tenant-1',
      idempotencyKey: 'k',
      recordKeys: [inv('1')],
      payloadHash: 'p',
    });
    expect(l.nextDue('invoice', clock.now(), 10).map((r) => r.sourceId)).toEqual(['2']);
    expect(l.nextDue('invoice', clock.now(), 0)).toEqual([]);
  });
});

describe('counts and list', () => {
  function seed(l: Ledger) {
    const names = ['Zoë Smith', 'Jack Jones', 'Mia Nguyen', 'Noah Brown', '100% Fit Pty'];
    const recs = Array.from({ length: 50 }, (_, i) =>
      wanted(String(i + 1), {
        invoiceNumber: String(i + 1),
        patientName: names[i % names.length] ?? null,
        issueDate: `2026-02-${String((i % 28) + 1).padStart(2, '0')}`,
        totalCents: (i + 1) * 100,
      }),
    );
    recs.push(
      wanted('c1', { sourceType: 'contact', invoiceNumber: null, patientName: 'Zoë Smith', issueDate: null }),
    );
    l.upsertWanted(recs);
  }

  it('counts by state and synced today (bounded by the given local midnight)', () => {
    const { l, clock } = mem();
    seed(l);
    clock.set('2026-03-01T10:00:00Z');
    l.markSynced(inv('1'), { xeroId: 'X', sentHash: 'h-1' });
    clock.set('2026-03-02T10:00:00Z');
    l.markSynced(inv('2'), { xeroId: 'X', sentHash: 'h-2' });
    l.markNeedsAttention(inv('3'), { error: 'e' });
    l.markFailed(inv('4'), { retryable: true, error: 'e', nextAttemptAt: clock.now() });
    expect(l.counts({ todayStart: '2026-03-01T13:00:00Z' })).toEqual({
      synced: 2,
      pending: 47,
      failed: 1,
      needsAttention: 1,
      syncedToday: 1,
    });
    expect(l.counts({ sourceType: 'contact', todayStart: '2026-03-01T13:00:00Z' })).toEqual({
      synced: 0,
      pending: 1,
      failed: 0,
      needsAttention: 0,
      syncedToday: 0,
    });
  });

  it('filters by state, kind and dates; pages without overlap; counts the total', () => {
    const { l } = mem();
    seed(l);
    l.markNeedsAttention(inv('5'), { error: 'e' });
    l.markNeedsAttention(inv('6'), { error: 'e' });
    expect(l.list({ state: 'needs_attention' })).toMatchObject({ total: 2 });
    expect(l.list({ state: ['needs_attention', 'pending'] }).total).toBe(51);
    expect(l.list({ sourceType: 'contact' }).rows.map((r) => r.sourceId)).toEqual(['c1']);
    const feb = l.list({ from: '2026-02-10', to: '2026-02-12', sourceType: 'invoice' });
    expect(feb.total).toBe(6);
    expect(feb.rows.every((r) => r.issueDate! >= '2026-02-10' && r.issueDate! <= '2026-02-12')).toBe(true);

    const seen = new Set<number>();
    let total = 0;
    for (let offset = 0; offset < 51; offset += 7) {
      const page = l.list({ offset, limit: 7 });
      total = page.total;
      page.rows.forEach((r) => seen.add(r.id));
    }
    expect(total).toBe(51);
    expect(seen.size).toBe(51);
    expect(() => l.list({ from: '1/2/2026' })).toThrow(/YYYY-MM-DD/);
  });

  it('searches invoice numbers and patient names, ignoring case and accents, literally', () => {
    const { l } = mem();
    seed(l);
    expect(l.list({ search: 'zoe', sourceType: 'invoice' }).total).toBe(10);
    expect(l.list({ search: 'ZOË SMITH' }).total).toBe(11);
    expect(l.list({ search: '  nguyen ' }).total).toBe(10);
    expect(l.list({ search: '42' }).rows.map((r) => r.invoiceNumber)).toEqual(['42']);
    expect(l.list({ search: '100%' }).total).toBe(10);
    expect(l.list({ search: '%' }).total).toBe(10);
    expect(l.list({ search: 'nobody' })).toEqual({ rows: [], total: 0 });
  });

  it('a common search term (>2,000 matches, other query plan) gives the same pages as filtering by hand', () => {
    const { l } = mem();
    const recs = Array.from({ length: 3000 }, (_, i) =>
      wanted(String(i), {
        patientName: i % 4 === 0 ? `Rare Person ${i}` : `Sam Smith ${i}`,
        issueDate: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
        totalCents: (i * 7919) % 10_007,
      }),
    );
    l.upsertWanted(recs);
    for (const [term, want] of [
      ['smith', (n: string) => n.startsWith('Sam Smith')],
      ['rare person 1', (n: string) => n.startsWith('Rare Person 1')],
    ] as const) {
      const expected = recs
        .filter((r) => want(r.patientName ?? ''))
        .sort((a, b) => (b.totalCents ?? 0) - (a.totalCents ?? 0) || Number(b.sourceId) - Number(a.sourceId));
      const got = [0, 1, 2].flatMap(
        (p) => l.list({ search: term, sort: 'totalCents', offset: p * 50, limit: 50 }).rows,
      );
      expect(l.list({ search: term }).total).toBe(expected.length);
      expect(got.map((r) => r.sourceId)).toEqual(expected.slice(0, 150).map((r) => r.sourceId));
    }
    expect(l.list({ search: 'smith' }).total).toBeGreaterThan(2000);
    expect(l.list({ search: 'rare person 1' }).total).toBeLessThan(2000);
  });

  it('sorts by each column, numbers numerically', () => {
    const { l } = mem();
    seed(l);
    const nums = (q: Parameters<Ledger['list']>[0]) => l.list({ sourceType: 'invoice', limit: 5, ...q }).rows;
    expect(nums({ sort: 'invoiceNumber', dir: 'asc' }).map((r) => r.invoiceNumber)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    expect(nums({ sort: 'invoiceNumber' }).map((r) => r.invoiceNumber)).toEqual([
      '50',
      '49',
      '48',
      '47',
      '46',
    ]);
    expect(nums({ sort: 'totalCents' }).map((r) => r.totalCents)).toEqual([5000, 4900, 4800, 4700, 4600]);
    expect(nums({ sort: 'issueDate' }).map((r) => r.issueDate)).toEqual([
      '2026-02-28',
      '2026-02-27',
      '2026-02-26',
      '2026-02-25',
      '2026-02-24',
    ]);
    expect(nums({ sort: 'issueDate', dir: 'asc' }).map((r) => r.invoiceNumber)).toEqual([
      '1',
      '29',
      '2',
      '30',
      '3',
    ]);
    expect(nums({ sort: 'patientName', dir: 'asc' }).map((r) => r.patientName)[0]).toBe('100% Fit Pty');
    l.markNeedsAttention(inv('9'), { error: 'e' });
    expect(nums({ sort: 'state', dir: 'asc' }).map((r) => r.state)[0]).toBe('needs_attention');
    expect(nums({ sort: 'updatedAt' })[0]?.sourceId).toBe('50');
  });
});

describe('outbox', () => {
  const begin = (l: Ledger, ids: string[], key = `key-${ids.join(',')}`) =>
    l.beginBatch({
      kind: 'invoice',
      tenantId: 'tenant-1',
      idempotencyKey: key,
      recordKeys: ids.map(inv),
      payloadHash: `p-${key}`,
    });

  it('a begun batch survives close + reopen as uncertain; completing it clears it', () => {
    const { reopen } = onDisk();
    let l = reopen();
    l.upsertWanted([wanted('1'), wanted('2'), wanted('3')]);
    const b = begin(l, ['1', '2']);
    expect(b).toMatchObject({ kind: 'invoice', idempotencyKey: 'key-1,2', completedAt: null });
    l.close();

    l = reopen();
    const [u, ...more] = l.uncertainBatches();
    expect(more).toEqual([]);
    expect(u).toMatchObject({
      id: b.id,
      idempotencyKey: 'key-1,2',
      payloadHash: 'p-key-1,2',
      tenantId: 'tenant-1',
    });
    expect(u?.records.map((r) => [r.sourceId, r.inflightBatchId, r.sourceSnapshot])).toEqual([
      ['1', b.id, { id: '1' }],
      ['2', b.id, { id: '2' }],
    ]);
    expect(l.nextDue('invoice', new Date(), 10).map((r) => r.sourceId)).toEqual(['3']);

    const after = l.completeBatch(b.id, [
      { ...inv('1'), result: 'synced', xeroId: 'X1', response: { Authorization: 'Bearer t0k3n' } },
      { ...inv('2'), result: 'needs_attention', error: 'Account code 200 is archived' },
    ]);
    expect(after.map((r) => [r.state, r.inflightBatchId])).toEqual([
      ['synced', null],
      ['needs_attention', null],
    ]);
    l.close();

    l = reopen();
    expect(l.uncertainBatches()).toEqual([]);
    expect(l.getBatch(b.id)?.completedAt).not.toBeNull();
    expect(l.get('invoice', '1')).toMatchObject({ state: 'synced', sentHash: 'h-1', xeroId: 'X1' });
    expect(JSON.stringify(l.get('invoice', '1')?.lastResponse)).not.toContain('t0k3n');
  });

  it('uses the hash sent at beginBatch: data changed in flight stays pending after success', () => {
    const { l } = mem();
    l.upsertWanted([wanted('1'), wanted('2')]);
    const b = begin(l, ['1', '2']);
    l.upsertWanted([wanted('1', { wantHash: 'h-1-edited' }), wanted('2', { wantHash: 'h-2-edited' })]);
    const [r1, r2] = l.completeBatch(b.id, [
      { ...inv('1'), result: 'synced', xeroId: 'X1' },
      { ...inv('2'), result: 'needs_attention', error: 'bad' },
    ]);
    expect(r1).toMatchObject({ state: 'pending', sentHash: 'h-1', wantHash: 'h-1-edited' });
    expect(r2).toMatchObject({ state: 'pending', attempts: 0 });
  });

  it('is strict: every record needs exactly one outcome; a batch closes once', () => {
    const { l, clock } = mem();
    l.upsertWanted([wanted('1'), wanted('2'), wanted('3')]);
    const b = begin(l, ['1', '2']);
    expect(() => l.completeBatch(b.id, [{ ...inv('1'), result: 'synced', xeroId: 'X' }])).toThrow(
      /no outcome for invoice:2/,
    );
    expect(() =>
      l.completeBatch(b.id, [
        { ...inv('1'), result: 'synced', xeroId: 'X' },
        { ...inv('3'), result: 'synced', xeroId: 'X' },
      ]),
    ).toThrow(/not in batch/);
    // the failed attempts above changed nothing
    expect(l.get('invoice', '1')).toMatchObject({ state: 'pending', inflightBatchId: b.id });
    l.completeBatch(b.id, [
      { ...inv('1'), result: 'synced', xeroId: 'X' },
      { ...inv('2'), result: 'failed', error: '503', nextAttemptAt: clock.now() },
    ]);
    expect(() => l.completeBatch(b.id, [])).toThrow(/already closed/);
    expect(() => l.resolveBatch(b.id)).toThrow(/already closed/);
    expect(() => l.resolveBatch(999)).toThrow(/no batch 999/);
  });

  it('refuses records already in flight, of another organisation, unknown, or a duplicate open key', () => {
    const { l } = mem();
    l.upsertWanted([wanted('1'), wanted('2'), wanted('3', { tenantId: 'other' })]);
    const b = begin(l, ['1'], 'same-key');
    expect(() => begin(l, ['1', '2'], 'k2')).toThrow(/already in open batch/);
    expect(() => begin(l, ['3'], 'k3')).toThrow(/another Xero organisation/);
    expect(() => begin(l, ['404'], 'k4')).toThrow(/no record/);
    expect(() => begin(l, ['2'], 'same-key')).toThrow(/still open/);
    expect(() => begin(l, [], 'k5')).toThrow(/no records/);
    expect(l.uncertainBatches().map((u) => u.id)).toEqual([b.id]);
    expect(l.get('invoice', '2')?.inflightBatchId).toBeNull();
    l.completeBatch(b.id, [{ ...inv('1'), result: 'synced', xeroId: 'X' }]);
    expect(begin(l, ['2'], 'same-key').idempotencyKey).toBe('same-key');
  });

  it('resolveBatch applies what reconciliation found; records without an outcome keep their state', () => {
    const { l, clock } = mem();
    l.upsertWanted([wanted('1'), wanted('2'), wanted('3')]);
    const b = begin(l, ['1', '2', '3']);
    clock.advance(10 * 60_000);
    expect(l.uncertainBatches({ begunBefore: new Date(clock.now().getTime() - 11 * 60_000) })).toEqual([]);
    expect(l.uncertainBatches({ begunBefore: new Date(clock.now().getTime() - 5 * 60_000) })).toHaveLength(1);
    l.resolveBatch(b.id, [
      { ...inv('1'), result: 'synced', xeroId: 'found-in-xero' },
      { ...inv('2'), result: 'pending' },
    ]);
    expect(l.uncertainBatches()).toEqual([]);
    expect(l.getBatch(b.id)?.resolvedAt).not.toBeNull();
    expect(l.get('invoice', '1')).toMatchObject({
      state: 'synced',
      xeroId: 'found-in-xero',
      inflightBatchId: null,
    });
    expect(l.nextDue('invoice', clock.now(), 10).map((r) => r.sourceId)).toEqual(['2', '3']);
  });

  it('prunes closed batches only', () => {
    const { l, clock } = mem();
    l.upsertWanted([wanted('1'), wanted('2')]);
    const closed = begin(l, ['1']);
    l.completeBatch(closed.id, [{ ...inv('1'), result: 'synced', xeroId: 'X' }]);
    const openBatch = begin(l, ['2']);
    clock.advance(HOUR);
    expect(l.pruneBatches(clock.now())).toBe(1);
    expect(l.getBatch(closed.id)).toBeNull();
    expect(l.getBatch(openBatch.id)).not.toBeNull();
  });
});

describe('cursors and tx', () => {
  it('a throw inside tx leaves neither the records nor the cursor', () => {
    const { reopen } = onDisk();
    let l = reopen();
    l.setCursor('invoices', '2026-03-01T00:00:00Z');
    expect(() =>
      l.tx(() => {
        l.upsertWanted([wanted('1'), wanted('2')]);
        l.setCursor('invoices', '2026-03-02T00:00:00Z');
        throw new Error('mapper blew up');
      }),
    ).toThrow('mapper blew up');
    expect(l.getCursor('invoices')).toBe('2026-03-01T00:00:00Z');
    expect(l.get('invoice', '1')).toBeNull();

    l.tx(() => {
      l.upsertWanted([wanted('1'), wanted('2')]);
      l.setCursor('invoices', '2026-03-02T00:00:00Z');
    });
    l.close();
    l = reopen();
    expect(l.getCursor('invoices')).toBe('2026-03-02T00:00:00Z');
    expect(l.counts().pending).toBe(2);
    expect(l.getCursor('patients')).toBeNull();
  });

  it('nests (savepoints) and refuses async functions, rolling back', () => {
    const { l } = mem();
    l.tx(() => {
      l.setCursor('a', '1');
      expect(() =>
        l.tx(() => {
          l.setCursor('a', '2');
          throw new Error('inner');
        }),
      ).toThrow('inner');
    });
    expect(l.getCursor('a')).toBe('1');
    expect(() =>
      l.tx(async () => {
        l.setCursor('a', '3');
      }),
    ).toThrow(/synchronous/);
    expect(l.getCursor('a')).toBe('1');
  });
});

describe('pauses, events, kv', () => {
  it('a pause survives reopen, expires, and can be cleared', () => {
    const { reopen, clock } = onDisk();
    let l = reopen();
    const until = new Date(clock.now().getTime() + 18 * HOUR);
    l.setPause('tenant-1', until, 'Xero daily limit reached (429); resumes tomorrow');
    l.close();
    l = reopen();
    expect(l.getPause('tenant-1')).toMatchObject({ until: until.toISOString(), reason: /daily limit/ });
    expect(l.getPause('tenant-2')).toBeNull();
    clock.advance(18 * HOUR);
    expect(l.getPause('tenant-1')).toBeNull();
    l.setPause('tenant-1', new Date(clock.now().getTime() + 60_000), 'again');
    l.clearPause('tenant-1');
    expect(l.getPause('tenant-1')).toBeNull();
  });

  it('events: redacted, tail by sinceId, newest page, per record, pruned beyond N', () => {
    const { l } = mem({ maxEvents: 5 });
    for (let i = 1; i <= 8; i++) {
      l.addEvent({ level: 'info', kind: 'sync', message: `event ${i}`, ...(i % 2 ? inv('1') : {}) });
    }
    const e = l.addEvent({
      level: 'error',
      kind: 'auth',
      message: 'refresh failed: refresh_token=abcdef123456',
    });
    expect(e.message).not.toContain('abcdef123456');
    expect(l.events({ limit: 100 }).map((x) => x.id)).toEqual([5, 6, 7, 8, 9]);
    expect(l.events({ limit: 2 }).map((x) => x.id)).toEqual([8, 9]);
    expect(l.events({ sinceId: 6, limit: 2 }).map((x) => x.id)).toEqual([7, 8]);
    expect(l.events({ source: inv('1') }).map((x) => x.message)).toEqual(['event 5', 'event 7']);
  });

  it('kv stores small JSON values across reopen', () => {
    const { reopen } = onDisk();
    let l = reopen();
    expect(l.getKv('lastSyncAt')).toBeUndefined();
    l.setKv('lastSyncAt', '2026-03-02T09:00:00.000Z');
    l.setKv('budget', { remaining: 4321, day: '2026-03-02' });
    l.setKv('budget', { remaining: 4000, day: '2026-03-02' });
    l.close();
    l = reopen();
    expect(l.getKv('budget')).toEqual({ remaining: 4000, day: '2026-03-02' });
    l.deleteKv('lastSyncAt');
    expect(l.getKv('lastSyncAt')).toBeUndefined();
  });
});
