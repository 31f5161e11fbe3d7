/**
 * `npm run sim:cliniko [-- --port 4010 --invoices 300 --seed 42 --credit-notes 5]`: starts the Cliniko simulator
 * with a generated clinic and prints its URL, API key and the payments-report URL of its control API.
 */
import { generateClinic } from '../seed/clinic.js';
import { startClinikoSim } from './index.js';

function flag(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

const port = Number(flag('port') ?? 0);
const invoices = Number(flag('invoices') ?? 300);
const seed = Number(flag('seed') ?? 42);
const creditNotes = Number(flag('credit-notes') ?? 0);
if (
  !Number.isInteger(port) ||
  !Number.isInteger(invoices) ||
  invoices < 0 ||
  !Number.isInteger(creditNotes)
) {
  console.error('usage: sim:cliniko [--port N] [--invoices N] [--seed N] [--credit-notes N]');
  process.exit(2);
}

const sim = await startClinikoSim({
  port,
  data: generateClinic({ invoices, seed }),
  seed: { invoices, seed, creditNotes },
});
console.log(`Cliniko simulator listening on ${sim.url}`);
console.log(`API key: ${sim.apiKey}`);
console.log(`Invoices: ${sim.store.list('invoices').length}`);
console.log(
  `Try: curl -u ${sim.apiKey}: -H 'Accept: application/json' -H 'User-Agent: Me (me@example.com)' '${sim.url}/invoices?per_page=2'`,
);
console.log(`Payments report: curl '${sim.controlUrl}/payments-report.csv?from=2025-03-01&to=2025-03-07'`);

const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
