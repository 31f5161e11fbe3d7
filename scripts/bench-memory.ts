/**
 * `npm run bench:memory [-- SIZE…]`: peak RSS of a first sync — `sync --once` of a clinic whose
 * whole history is due, read from Cliniko and sent to Xero — for 10,000 and 100,000 invoices by
 * default. The compiled CLI runs as a child against both simulators (in this process, whose own
 * memory is not counted). Exits 1 over a bar (issue 15): 200 MB at 10,000 invoices, 250 MB at
 * 100,000 (sizes in between are held to 250 MB).
 */
import { spawnSync } from 'node:child_process';
import {
  apiCalls,
  cleanup,
  duplicatesIn,
  repoRoot,
  runCli,
  startWorld,
  usageIn,
  useCompiledCli,
} from '../test/integration/exactly-once/harness.js';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
const barMb = (n: number): number => (n <= 10_000 ? 200 : 250);

const build = spawnSync(process.execPath, ['scripts/run-cli.mjs', '--version'], {
  cwd: repoRoot,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(1);
useCompiledCli();

let failed = false;
for (const n of sizes.length ? sizes : [10_000, 100_000]) {
  try {
    const world = await startWorld({
      invoices: n,
      // A simulated minute lasts 0.1 s: the rate limit does not stretch the run, memory is measured.
      xero: { timeScale: 600, limits: { perDay: 10_000_000 } },
      settings: { syncFrom: '2024-01-01' },
    });
    const run = await runCli(['sync', '--once', '--json'], world.env, { timeoutMs: 7_200_000 });
    const usage = usageIn(run.stderr);
    const org = world.xero.org();
    const dupes = Object.values(duplicatesIn(world.xero)).flat().length;
    const bar = barMb(n);
    const ok = run.code === 0 && usage !== null && usage.maxRssMb <= bar && dupes === 0;
    console.log(
      `first sync of ${n.toLocaleString()} invoices: peak RSS ${usage?.maxRssMb ?? '?'} MB (bar ${bar} MB), ` +
        `CPU ${((usage?.cpuMs ?? 0) / 1000).toFixed(1)} s, wall ${(run.ms / 1000).toFixed(1)} s, exit ${run.code}; ` +
        `Xero holds ${org.invoices().length} invoices, ${org.contacts().length} contacts, ${org.payments().length} payments ` +
        `(${apiCalls(world.xero).counted} calls, ${dupes} duplicates) ${ok ? 'OK' : 'NOT OK'}`,
    );
    if (run.code !== 0) console.log(run.stderr.split('\n').slice(-5).join('\n'));
    failed ||= !ok;
  } finally {
    await cleanup();
  }
}
process.exit(failed ? 1 : 0);
