/**
 * One measured backfill: a clinic whose steady sync starts in 2026 (so nothing older is sent), then
 * `sync --once --since 2024-07-01` sends its whole history. Used by backfill.test.ts and by
 * `npm run bench:backfill` (scripts/bench-backfill.ts).
 */
import {
  apiCalls,
  duplicatesIn,
  maxCallsInSimWindow,
  maxCallsInWindow,
  progressLines,
  runCli,
  startWorld,
  usageIn,
  type Duplicates,
  type World,
} from './harness.js';
import type { XeroSimOptions } from '../../simulators/xero/index.js';

export type BackfillFigures = {
  invoices: number;
  /** Invoices, contacts and payments Xero holds afterwards. */
  inXero: { invoices: number; contacts: number; payments: number };
  /** Accounting API calls the simulator counted during the backfill (429s excluded). */
  calls: number;
  callsPerInvoice: number;
  rateLimited: number;
  maxConcurrent: number;
  /** Most calls in one of the simulator's (fixed) minutes, and in any rolling minute. */
  maxPerSimMinute: number;
  maxPerRollingMinute: number;
  /** Real ms of one simulated minute. */
  windowMs: number;
  /** First to last Xero call, real ms. */
  xeroWallMs: number;
  /**
   * The fewest calls this backfill can take, worked out from what Xero holds afterwards, not from
   * the app: ⌈contacts/50⌉ + ⌈invoices/50⌉ + ⌈payments/50⌉ (Xero takes 50 a batch) + the reads
   * (the chart of accounts and the tax rates, once each).
   */
  floorCalls: number;
  /** The time those calls take at 60 a (simulated) minute: floorCalls / 60 minutes, real ms. */
  floorMs: number;
  /** xeroWallMs / floorMs. */
  ratioToFloor: number;
  /** The whole CLI run (Cliniko reads, planning, Xero). */
  totalMs: number;
  /** The backfill process's CPU time and peak RSS (with useCompiledCli; else null). */
  cpuMs: number | null;
  maxRssMb: number | null;
  exitCode: number | null;
  progressEvents: number;
  firstEtaSeconds: number | null;
  duplicates: Duplicates;
};

/** Reads a backfill needs at least: GET Accounts and GET TaxRates (to check the mappings). */
const READS = 2;

export async function measureBackfill(o: {
  invoices: number;
  timeScale: number;
  /** More simulator options (token lifetime, latency). */
  xero?: Omit<XeroSimOptions, 'timeScale'>;
  since?: string;
  timeoutMs?: number;
}): Promise<{ figures: BackfillFigures; world: World; stderr: string; stdout: string }> {
  const world = await startWorld({
    invoices: o.invoices,
    xero: { timeScale: o.timeScale, limits: { perDay: 100_000 }, ...o.xero },
    settings: { syncFrom: '2026-01-01' },
  });
  const timeoutMs = o.timeoutMs ?? 300_000;
  // The steady sync first: it reads Cliniko (caching it) and sends nothing from before 2026.
  const steady = await runCli(['sync', '--once', '--json'], world.env, { timeoutMs });
  if (steady.code !== 0) throw new Error(`steady sync failed: ${steady.stderr}`);
  if (apiCalls(world.xero).total !== 0) throw new Error('the steady sync sent something before 2026');
  world.xero.resetRequestLog();

  const run = await runCli(
    ['sync', '--once', '--json', '--progress', '--since', o.since ?? '2024-07-01'],
    world.env,
    { timeoutMs },
  );
  const windowMs = 60_000 / o.timeScale;
  const api = world.xero.requests.filter((r) => r.path.startsWith('/api.xro/2.0/'));
  const { counted, rateLimited } = apiCalls(world.xero);
  const first = api[0]?.at ?? 0;
  const last = api.at(-1)?.at ?? 0;
  const org = world.xero.org();
  const batches = (n: number): number => Math.ceil(n / 50);
  const floorCalls =
    batches(org.contacts().length) + batches(org.invoices().length) + batches(org.payments().length) + READS;
  const floorMs = (floorCalls / 60) * windowMs;
  const usage = usageIn(run.stderr);
  const progress = progressLines(run.stderr);
  const figures: BackfillFigures = {
    invoices: o.invoices,
    inXero: {
      invoices: org.invoices().length,
      contacts: org.contacts().length,
      payments: org.payments().length,
    },
    calls: counted,
    callsPerInvoice: counted / o.invoices,
    rateLimited,
    maxConcurrent: world.xero.maxConcurrentSeen(world.tenantId),
    maxPerSimMinute: maxCallsInSimWindow(world.xero, windowMs),
    maxPerRollingMinute: maxCallsInWindow(world.xero, windowMs),
    windowMs,
    xeroWallMs: last - first,
    floorCalls,
    floorMs,
    ratioToFloor: floorMs > 0 ? (last - first) / floorMs : Number.NaN,
    totalMs: run.ms,
    cpuMs: usage?.cpuMs ?? null,
    maxRssMb: usage?.maxRssMb ?? null,
    exitCode: run.code,
    progressEvents: progress.length,
    firstEtaSeconds: progress.find((p) => p.etaSeconds !== null && p.phase !== 'done')?.etaSeconds ?? null,
    duplicates: duplicatesIn(world.xero),
  };
  return { figures, world, stderr: run.stderr, stdout: run.stdout };
}

export function describeFigures(f: BackfillFigures): string {
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  return [
    `backfill of ${f.invoices} invoices → Xero now holds ${f.inXero.invoices} invoices, ${f.inXero.contacts} contacts, ${f.inXero.payments} payments`,
    `  Xero calls: ${f.calls} (${f.callsPerInvoice.toFixed(4)} per invoice; floor ${f.floorCalls} = ⌈contacts/50⌉+⌈invoices/50⌉+⌈payments/50⌉+${READS} reads), 429s: ${f.rateLimited}`,
    `  peak concurrency at the simulator: ${f.maxConcurrent}; most calls in one simulator minute: ${f.maxPerSimMinute} (in any rolling minute: ${f.maxPerRollingMinute})`,
    `  wall time first→last Xero call: ${s(f.xeroWallMs)}; floor ${f.floorCalls} calls / 60 a minute, a ${s(f.windowMs)} minute: ${s(f.floorMs)}; ratio ${f.ratioToFloor.toFixed(3)}`,
    `  whole run (Cliniko + planning + Xero): ${s(f.totalMs)} (${(f.totalMs / f.floorMs).toFixed(3)}× the floor); progress events: ${f.progressEvents}, first ETA ${f.firstEtaSeconds ?? '–'} s; exit ${f.exitCode}`,
    ...(f.cpuMs === null
      ? []
      : [
          `  backfill process: CPU ${s(f.cpuMs)} (${cpuPerThousand(f).toFixed(3)} s per 1,000 invoices), peak RSS ${f.maxRssMb} MB`,
        ]),
    `  duplicates: invoices ${f.duplicates.invoices.length}, contacts ${f.duplicates.contacts.length}, payments ${f.duplicates.payments.length}`,
  ].join('\n');
}

/** CPU seconds per 1,000 invoices of the backfill process (ms per invoice = s per 1,000). */
export function cpuPerThousand(f: BackfillFigures): number {
  return (f.cpuMs ?? Number.NaN) / Math.max(1, f.inXero.invoices);
}
