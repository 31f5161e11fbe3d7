/**
 * `npm run bench:backfill [-- SIZE… --scale N]`: measured backfills against the simulators (the
 * compiled CLI as a child process; both simulators here). The floor is worked out independently
 * of the app from what Xero holds afterwards: ⌈contacts/50⌉ + ⌈invoices/50⌉ + ⌈payments/50⌉ + the
 * reads, and that many calls at 60 a minute for the time. Exits 1 when a run is over a bar (issue
 * 15): more calls than the floor, first→last Xero call over 1.15× the floor time, more than 0.5 s
 * of CPU per 1,000 invoices, any 429, more than 60 calls in a simulator minute, any duplicate.
 * Default sizes 2,000, 5,000 and 10,000; the simulator's clock runs `--scale` times faster
 * (default 10: a minute lasts 6 s).
 */
import { spawnSync } from 'node:child_process';
import { cleanup, repoRoot, useCompiledCli } from '../test/integration/exactly-once/harness.js';
import {
  cpuPerThousand,
  describeFigures,
  measureBackfill,
  type BackfillFigures,
} from '../test/integration/exactly-once/backfill-measure.js';

const BARS = { ratioToFloor: 1.15, cpuSecondsPerThousand: 0.5 };

const args = process.argv.slice(2);
const scaleAt = args.indexOf('--scale');
const scale = scaleAt >= 0 ? Number(args[scaleAt + 1]) : 10;
const sizes = args
  .filter((a, i) => !a.startsWith('--') && (scaleAt < 0 || i !== scaleAt + 1))
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
if (!(scale > 0)) {
  console.error('usage: bench:backfill [SIZE…] [--scale N]');
  process.exit(2);
}

// The compiled CLI, built first if a source changed (what `npm run cli` runs).
const build = spawnSync(process.execPath, ['scripts/run-cli.mjs', '--version'], {
  cwd: repoRoot,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(1);
useCompiledCli();

/** Every bar this run is over, in words (none: OK). */
function overBars(f: BackfillFigures): string[] {
  const over: string[] = [];
  const dupes = f.duplicates.invoices.length + f.duplicates.contacts.length + f.duplicates.payments.length;
  if (f.exitCode !== 0) over.push(`exit ${f.exitCode}`);
  if (f.calls > f.floorCalls) over.push(`${f.calls} Xero calls, the floor is ${f.floorCalls}`);
  if (!(f.ratioToFloor <= BARS.ratioToFloor))
    over.push(`wall time ${f.ratioToFloor.toFixed(3)}× the floor (bar ${BARS.ratioToFloor}×)`);
  const cpu = cpuPerThousand(f);
  if (!(cpu <= BARS.cpuSecondsPerThousand))
    over.push(`CPU ${cpu.toFixed(3)} s per 1,000 invoices (bar ${BARS.cpuSecondsPerThousand} s)`);
  if (f.rateLimited > 0) over.push(`${f.rateLimited} answers were 429`);
  if (f.maxPerSimMinute > 60) over.push(`${f.maxPerSimMinute} calls in one simulator minute`);
  if (dupes > 0) over.push(`${dupes} duplicates in Xero`);
  return over;
}

let failed = false;
for (const n of sizes.length ? sizes : [2000, 5000, 10_000]) {
  try {
    const { figures } = await measureBackfill({ invoices: n, timeScale: scale, timeoutMs: 1_800_000 });
    console.log(describeFigures(figures));
    const over = overBars(figures);
    console.log(over.length === 0 ? '  OK\n' : `  NOT OK: ${over.join('; ')}\n`);
    failed ||= over.length > 0;
  } finally {
    await cleanup();
  }
}
process.exit(failed ? 1 : 0);
