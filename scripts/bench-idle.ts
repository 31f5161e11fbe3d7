/**
 * `npm run bench:idle [-- --scale N --changes N]`: the always-on loop against both simulators
 * (issue 11, item 4). Prints and checks:
 *
 * - Xero calls per minute while nothing changes (bar: 0);
 * - Cliniko calls per minute while nothing changes at 15 s / 30 s / 60 s (bars: ≤ 12 at 15 s,
 *   ≤ 4 at 30 s; 60 s has none). Measured on an accelerated schedule: the loop's interval and the
 *   read schedule's clock both run `--scale` times faster (default 30: a 30 s interval lasts 1 s),
 *   so the same cycles make the same calls in less time; calls are counted at the simulator and
 *   divided by the simulated minutes. Idle cycles take a few tens of ms, far below the scaled
 *   interval, so the schedule is the same as in real time.
 * - p50/p95 change-to-Xero latency over `--changes` (default 24) changes at the default 30 s
 *   interval, in REAL time (nothing scaled: processing time counts in full). Changes are made at
 *   random moments, independent of the loop's phase: new invoices (known and new patients), edited
 *   lines, invoices marked paid. A change has reached Xero when the Xero simulator holds it.
 *
 * Exits 1 when a figure misses its bar. Not part of `npm test`.
 */
import { SyncRuntime } from '../electron/core/sync/runtime.js';
import { SyncLoop } from '../electron/core/sync/loop.js';
import { systemClock } from '../electron/core/ports.js';
import { cleanup, closeSims, setupSync, TEST_SETTINGS } from '../test/integration/sync/helpers.js';
import type { ClinikoStore } from '../test/simulators/cliniko/index.js';
import type { XeroSim } from '../test/simulators/xero/index.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : dflt;
  if (!(v > 0)) {
    console.error('usage: bench:idle [--scale N] [--changes N] [--idle-minutes N]');
    process.exit(2);
  }
  return v;
};
const SCALE = arg('--scale', 30);
const CHANGES = Math.max(20, Math.floor(arg('--changes', 24)));
/** Simulated minutes measured per interval, after one warm-up cycle (2 full rounds of the schedule at 30 s). */
const IDLE_MINUTES = arg('--idle-minutes', 14);
const DEFAULT_INTERVAL_S = 30;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
};

const settings = TEST_SETTINGS({ pollIntervalSeconds: DEFAULT_INTERVAL_S });
const s = await setupSync({ invoices: 200, seed: 5, settings });
const service = s.service();
let failed = false;
try {
  // Fully synced first: idle means "nothing changed since the last cycle".
  const first = await service.sync.runCycle();
  console.log(
    `bench:idle — ${s.cliniko.store.list('invoices').length} Cliniko invoices, ${first.synced} records in Xero after the first sync.`,
  );

  // ---------------------------------------------------------------- idle, accelerated
  console.log(
    `\nIdle (accelerated ×${SCALE}: the loop interval and the read schedule's clock run ${SCALE}× faster; ${IDLE_MINUTES} simulated minutes per interval after one warm-up cycle)`,
  );
  let idleXero = 0;
  let idleMinutes = 0;
  const perInterval: Record<number, { perMin: number; peak: number }> = {};
  for (const interval of [15, 30, 60]) {
    const t0 = Date.now();
    const virtualNow = (): number => t0 + (Date.now() - t0) * SCALE;
    // A fresh runtime (a restarted app) on the same data folder, its schedule on the virtual clock.
    const runtime = new SyncRuntime({
      dataDir: s.dir,
      connections: service.connections,
      settings: service.settings,
      clock: systemClock,
      readSchedule: { now: virtualNow },
    });
    const starts: number[] = [];
    const loop = new SyncLoop({
      runCycle: (shouldStop) => {
        starts.push(Date.now());
        return runtime.runCycle({ shouldStop });
      },
      intervalMs: () => (interval * 1000) / SCALE,
      minWaitMs: 1,
    });
    loop.start();
    // Warm-up: the first cycle of a started app reads every list once.
    while (starts.length < 2) await sleep(5);
    s.cliniko.resetRequestLog();
    s.xero.resetRequestLog();
    const from = Date.now();
    const windowMs = (IDLE_MINUTES * 60_000) / SCALE;
    await sleep(windowMs);
    const clinikoAt = s.cliniko.requests.map((r) => Date.parse(r.at));
    const clinikoCalls = clinikoAt.length;
    const xeroCalls = s.xero.callCount();
    await loop.stop();
    await runtime.close();
    // Peak: the most calls in any simulated minute starting at a cycle start.
    const minuteReal = 60_000 / SCALE;
    let peak = 0;
    for (const t of starts.filter((x) => x >= from && x + minuteReal <= from + windowMs))
      peak = Math.max(peak, clinikoAt.filter((a) => a >= t && a < t + minuteReal).length);
    const perMin = clinikoCalls / IDLE_MINUTES;
    perInterval[interval] = { perMin, peak };
    idleXero += xeroCalls;
    idleMinutes += IDLE_MINUTES;
    const bar = interval === 15 ? 12 : interval === 30 ? 4 : null;
    const ok = bar === null || (perMin <= bar && peak <= bar);
    failed ||= !ok;
    console.log(
      `  every ${String(interval).padStart(2)} s: Cliniko ${perMin.toFixed(2)} calls/min (${clinikoCalls} in ${IDLE_MINUTES} min; busiest minute ${peak})` +
        `${bar === null ? '' : `, bar ≤ ${bar}: ${ok ? 'OK' : 'NOT OK'}`}; Xero ${xeroCalls} calls`,
    );
  }
  const xeroPerMin = idleXero / idleMinutes;
  failed ||= idleXero !== 0;
  console.log(
    `  Xero while idle: ${xeroPerMin.toFixed(2)} calls/min (${idleXero} in ${idleMinutes} simulated min), bar 0: ${idleXero === 0 ? 'OK' : 'NOT OK'}`,
  );

  // ---------------------------------------------------------------- latency, real time
  console.log(
    `\nChange → Xero at the default ${DEFAULT_INTERVAL_S} s interval (real time, ${CHANGES} changes at random moments)`,
  );
  const loop = service.sync.loop; // the app's own loop, pollIntervalSeconds = 30
  loop.start();
  await sleep(1000);
  const latencies = await measureChanges(s.cliniko.store, s.xero, CHANGES);
  await loop.stop();
  const p50 = quantile(latencies, 0.5) / 1000;
  const p95 = quantile(latencies, 0.95) / 1000;
  const ok = latencies.length === CHANGES && p95 <= 30;
  failed ||= !ok;
  console.log(
    `  p50 ${p50.toFixed(1)} s, p95 ${p95.toFixed(1)} s, max ${(Math.max(...latencies) / 1000).toFixed(1)} s over ${latencies.length}/${CHANGES} changes; bar p95 ≤ 30 s: ${ok ? 'OK' : 'NOT OK'}`,
  );
} finally {
  await service.close();
  await closeSims();
  await cleanup();
}
console.log(`\n${failed ? 'NOT OK' : 'OK'}`);
process.exit(failed ? 1 : 0);

// ------------------------------------------------------------------ the changes

type Pending = { what: string; at: number; landed: () => boolean };

async function measureChanges(store: ClinikoStore, xero: XeroSim, n: number): Promise<number[]> {
  const org = () => xero.org();
  const prefix = settings.invoicePrefix;
  const business = store.list('businesses').find((b) => b.archived_at === null)?.id ?? '';
  const practitioner = store.list('practitioners').find((p) => p.active)?.id ?? '';
  const billable = store.list('billable_items').find((b) => b.archived_at === null)?.id ?? '';
  const patients = store.list('patients').filter((p) => p.archived_at === null);
  // Open invoices already in Xero: edited or marked paid (each once).
  const open = store
    .list('invoices')
    .filter((i) => i.status === 10 && i.archived_at === null && org().invoice(`${prefix}${i.number}`));
  const today = new Date().toISOString().slice(0, 10);
  const makers: (() => Pending)[] = [
    () => {
      const inv = store.createInvoice({
        patientId: patients[Math.floor(Math.random() * patients.length)]?.id ?? '',
        businessId: business,
        practitionerId: practitioner,
        issueDate: today,
        items: [{ billableItemId: billable }],
      });
      return { what: 'new invoice', at: Date.now(), landed: () => !!org().invoice(`${prefix}${inv.number}`) };
    },
    () => {
      const p = store.createPatient({
        first_name: 'Bench',
        last_name: `Patient ${Math.random().toString(36).slice(2, 8)}`,
      });
      const inv = store.createInvoice({
        patientId: p.id,
        businessId: business,
        practitionerId: practitioner,
        issueDate: today,
        items: [{ billableItemId: billable }],
      });
      return {
        what: 'new invoice, new patient',
        at: Date.now(),
        landed: () => !!org().invoice(`${prefix}${inv.number}`),
      };
    },
    () => {
      const inv = open.shift();
      if (!inv) throw new Error('bench: no open invoice left to edit');
      const item = store.getInvoiceItems(inv.id).find((i) => i.archived_at === null);
      store.editInvoiceItem(item?.id ?? '', { unitPrice: (100 + Math.floor(Math.random() * 50)).toFixed(2) });
      const total = Number(store.getInvoice(inv.id)?.total_amount);
      return {
        what: 'edited line',
        at: Date.now(),
        landed: () => Math.abs((org().invoice(`${prefix}${inv.number}`)?.Total ?? NaN) - total) < 0.005,
      };
    },
    () => {
      const inv = open.shift();
      if (!inv) throw new Error('bench: no open invoice left to mark paid');
      store.markInvoicePaid(inv.id, new Date().toISOString());
      return {
        what: 'marked paid',
        at: Date.now(),
        landed: () => {
          const x = org().invoice(`${prefix}${inv.number}`);
          return (
            !!x &&
            org()
              .payments()
              .some((p) => p.InvoiceID === x.InvoiceID && p.Status === 'AUTHORISED')
          );
        },
      };
    },
  ];
  const pending: Pending[] = [];
  const latencies: number[] = [];
  const watch = setInterval(() => {
    for (let i = pending.length - 1; i >= 0; i--) {
      const p = pending[i] as Pending;
      if (p.landed()) {
        latencies.push(Date.now() - p.at);
        pending.splice(i, 1);
      }
    }
  }, 100);
  try {
    for (let k = 0; k < n; k++) {
      // Random moments: 2–10 s apart, independent of when the loop's cycles start.
      await sleep(2000 + Math.random() * 8000);
      pending.push((makers[k % makers.length] as () => Pending)());
    }
    const deadline = Date.now() + 90_000;
    while (pending.length && Date.now() < deadline) await sleep(200);
    for (const p of pending) console.log(`  never reached Xero within 90 s: ${p.what}`);
  } finally {
    clearInterval(watch);
  }
  return latencies;
}
