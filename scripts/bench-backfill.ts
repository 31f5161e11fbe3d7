/**
 * `npm run bench:backfill [-- SIZE… --scale N]`: measured backfills against the simulators (the
 * real CLI as a child process; both simulators here), printing Xero calls per invoice, peak
 * concurrency, calls per simulator minute, and wall time against the floor that 60 calls a minute
 * imposes. Default sizes 2,000, 5,000 and 10,000; the simulator's clock runs `--scale` times faster
 * (default 10: a minute lasts 6 s).
 */
import { cleanup } from '../test/integration/exactly-once/harness.js';
import { describeFigures, measureBackfill } from '../test/integration/exactly-once/backfill-measure.js';

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

let failed = false;
for (const n of sizes.length ? sizes : [2000, 5000, 10_000]) {
  try {
    const { figures } = await measureBackfill({ invoices: n, timeScale: scale, timeoutMs: 1_800_000 });
    console.log(describeFigures(figures));
    const ok =
      figures.exitCode === 0 &&
      figures.callsPerInvoice <= 0.07 &&
      figures.rateLimited === 0 &&
      figures.maxPerSimMinute <= 60 &&
      figures.duplicates.invoices.length +
        figures.duplicates.contacts.length +
        figures.duplicates.payments.length ===
        0;
    console.log(`  ${ok ? 'OK' : 'NOT OK'}\n`);
    failed ||= !ok;
  } finally {
    await cleanup();
  }
}
process.exit(failed ? 1 : 0);
