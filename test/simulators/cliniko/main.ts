/**
 * `npm run sim:cliniko [-- --port 4010 --invoices 300 --seed 42]`: starts the Cliniko simulator with a
 * generated clinic and prints its URL and API key.
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
if (!Number.isInteger(port) || !Number.isInteger(invoices) || invoices < 0) {
  console.error('usage: sim:cliniko [--port N] [--invoices N] [--seed N]');
  process.exit(2);
}

const sim = await startClinikoSim({ port, data: generateClinic({ invoices, seed }) });
console.log(`Cliniko simulator listening on ${sim.url}`);
console.log(`API key: ${sim.apiKey}`);
console.log(`Invoices: ${sim.store.list('invoices').length}`);
console.log(
  `Try: curl -u ${sim.apiKey}: -H 'Accept: application/json' -H 'User-Agent: Me (me@example.com)' '${sim.url}/invoices?per_page=2'`,
);

const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
