/**
 * Ledger benchmark at sync-log scale: `npx tsx test/bench/ledger.ts [records=100000]`.
 * Builds a file ledger under os.tmpdir() (WAL, synchronous=FULL), then times the queries the UI
 * and the sync loop make. Prints median / p95 in milliseconds.
 */
import { performance } from 'node:perf_hooks';
import { openLedger } from '../../electron/core/ledger/ledger.js';
import { tempDir, wanted } from '../support/ledger.js';
import type { ListQuery } from '../../electron/core/ledger/types.js';

const N = Number(process.argv[2] ?? 100_000);
const FIRST = [
  'Olivia',
  'Jack',
  'Zoë',
  'Noah',
  'Ava',
  'Leo',
  'Isla',
  'Henry',
  'Grace',
  'Oscar',
  'Mia',
  'Liam',
];
const LAST = [
  'Smith',
  'Jones',
  'Williams',
  'Brown',
  'Wilson',
  'Taylor',
  'Nguyen',
  'Johnson',
  'Martin',
  'White',
];

function time<T>(label: string, runs: number, fn: () => T): T {
  let last: T = fn(); // warm-up (statement preparation, page cache)
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const med = ms[Math.floor(ms.length / 2)] ?? 0;
  const p95 = ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))] ?? 0;
  console.log(
    `${label.padEnd(58)} median ${med.toFixed(2).padStart(8)} ms   p95 ${p95.toFixed(2).padStart(8)} ms`,
  );
  return last;
}

const dir = tempDir('cxs-ledger-bench-');
try {
  const ledger = openLedger(dir.file);
  console.log(`ledger ${dir.file}: ${JSON.stringify(ledger.pragmas())}`);

  let t = performance.now();
  const CHUNK = 1000;
  for (let start = 0; start < N; start += CHUNK) {
    const recs = [];
    for (let i = start; i < Math.min(N, start + CHUNK); i++) {
      const day = 1 + (i % 28);
      recs.push(
        wanted(String(1_000_000_000_000 + i), {
          invoiceNumber: String(10_000 + i),
          patientName: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}-${i % 997}`,
          issueDate: `20${String(20 + ((i / 40_000) | 0)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
          totalCents: 5_000 + ((i * 37) % 20_000),
          sourceSnapshot: { id: String(i), items: [{ name: 'Consultation', amount: '85.00' }] },
        }),
      );
    }
    ledger.upsertWanted(recs);
  }
  console.log(
    `insert ${N} records (upsertWanted, chunks of ${CHUNK}): ${(performance.now() - t).toFixed(0)} ms`,
  );

  // 97% synced, 2% pending, 0.5% failed, 0.5% needs attention
  t = performance.now();
  const now = new Date();
  for (let start = 0; start < N; start += CHUNK) {
    ledger.tx(() => {
      for (let i = start; i < Math.min(N, start + CHUNK); i++) {
        const key = { sourceType: 'invoice' as const, sourceId: String(1_000_000_000_000 + i) };
        const r = i % 200;
        if (r < 194) ledger.markSynced(key, { xeroId: `x-${i}`, sentHash: `h-${key.sourceId}` });
        else if (r === 194)
          ledger.markFailed(key, { retryable: true, error: 'Xero 503', nextAttemptAt: now });
        else if (r === 195) ledger.markNeedsAttention(key, { error: 'Account 200 is archived' });
      }
    });
  }
  console.log(
    `apply ${N} outcomes (in transactions of ${CHUNK}): ${(performance.now() - t).toFixed(0)} ms\n`,
  );

  const page = (q: ListQuery) => () => ledger.list(q);
  const R = 30;
  time('list: first page (100, default sort issueDate desc)', R, page({ limit: 100 }));
  time('list: page at offset 50,000', R, page({ offset: 50_000, limit: 100 }));
  time('list: last page (offset N-100)', R, page({ offset: N - 100, limit: 100 }));
  time('list: state=needs_attention', R, page({ state: 'needs_attention', limit: 100 }));
  time('list: state=synced, sort patientName', R, page({ state: 'synced', sort: 'patientName', limit: 100 }));
  time('list: sort invoiceNumber asc', R, page({ sort: 'invoiceNumber', dir: 'asc', limit: 100 }));
  time(
    'list: sort totalCents desc, offset 20,000',
    R,
    page({ sort: 'totalCents', offset: 20_000, limit: 100 }),
  );
  time('list: date range (one month)', R, page({ from: '2021-03-01', to: '2021-03-31', limit: 100 }));
  const s1 = time('list: search patient "nguyen" (substring)', R, page({ search: 'nguyen', limit: 100 }));
  const s2 = time('list: search number "10042"', R, page({ search: '10042', limit: 100 }));
  time(
    'list: search + state=synced + date range',
    R,
    page({ search: 'smith', state: 'synced', from: '2022-01-01' }),
  );
  console.log(`  (search totals: "nguyen" ${s1.total}, "10042" ${s2.total})`);
  time('counts()', R, () => ledger.counts());
  time('get(invoice, id) with details', R, () => ledger.get('invoice', '1000000050000'));
  time('findByInvoiceNumber', R, () => ledger.findByInvoiceNumber('60000'));
  time('nextDue(invoice, now, 50)', R, () => ledger.nextDue('invoice', new Date(), 50));

  // Write path, each a separate durable commit (fsync of the WAL at every commit: synchronous=FULL)
  let k = 0;
  time('beginBatch(50) + completeBatch(50): 2 durable commits', 20, () => {
    const due = ledger.nextDue('invoice', new Date(), 50);
    const b = ledger.beginBatch({
      kind: 'invoice',
      tenantId: 'tenant-1',
      idempotencyKey: `bench-${k++}`,
      recordKeys: due.map((r) => ({ sourceType: r.sourceType, sourceId: r.sourceId })),
      payloadHash: 'p',
    });
    return ledger.completeBatch(
      b.id,
      due.map((r) => ({
        sourceType: r.sourceType,
        sourceId: r.sourceId,
        result: 'needs_attention' as const,
        error: 'bench',
      })),
    );
  });
  time('setCursor (one durable commit)', 50, () => ledger.setCursor('bench', String(k++)));
  time('addEvent (one durable commit)', 50, () =>
    ledger.addEvent({ level: 'info', kind: 'bench', message: 'x' }),
  );
  ledger.close();
} finally {
  dir.cleanup();
}
