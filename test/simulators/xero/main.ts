// `npm run sim:xero` — starts the Xero simulator and prints how to point the app at it.
// Options via env: XERO_SIM_PORT (default 0 = any free port), XERO_SIM_TIME_SCALE, XERO_SIM_LATENCY_MS.
import { startXeroSim } from './index.js';

const port = Number(process.env['XERO_SIM_PORT'] ?? 0);
const timeScale = Number(process.env['XERO_SIM_TIME_SCALE'] ?? 1);
const latencyMs = Number(process.env['XERO_SIM_LATENCY_MS'] ?? 0);

const sim = await startXeroSim({ port, timeScale, latencyMs });
const lines = [
  `Xero simulator listening on ${sim.url}`,
  `  client id:      ${sim.clientId}`,
  `  redirect URIs:  ${sim.redirectUris.join(', ')}`,
  ...sim.tenants.map((t) => `  organisation:   ${t.name} (tenantId ${t.tenantId})`),
  '',
  'Point the app at it with:',
  `  CXS_XERO_LOGIN_URL=${sim.url}`,
  `  CXS_XERO_IDENTITY_URL=${sim.url}`,
  `  CXS_XERO_API_URL=${sim.url}`,
  `  CXS_XERO_CLIENT_ID=${sim.clientId}`,
  '',
  `Control API (act as the bookkeeper, lock dates, snapshots): ${sim.url}/__sim/orgs/default/…`,
];
console.log(lines.join('\n'));

const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
