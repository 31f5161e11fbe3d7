/**
 * `npm run bench:reconcile` — what reconciling a month of a 400-invoice clinic costs in Xero calls.
 * Seeds the Cliniko simulator with 400 invoices in one month, syncs them into the Xero simulator with
 * the real engine, then asks `reconcile.cost` and runs `reconcile.run`, counting the calls the Xero
 * simulator actually received.
 *
 *   npm run bench:reconcile                  400 invoices in March 2025
 *   npm run bench:reconcile -- --invoices 1000
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ReconcileCost, ReconcileResult, RpcResult } from '../shared/api.js';
import { FileSecretStore } from '../electron/core/secrets/file-store.js';
import { createService } from '../electron/core/service/create-service.js';
import { startClinikoSim } from '../test/simulators/cliniko/index.js';
import { generateClinic } from '../test/simulators/seed/clinic.js';
import { startXeroSim } from '../test/simulators/xero/index.js';

const args = process.argv.slice(2);
const at = args.indexOf('--invoices');
const invoices = at >= 0 ? Number(args[at + 1]) : 400;
const FROM = '2025-03-01';
const TO = '2025-03-31';

function result<T>(r: RpcResult<unknown>): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.result as T;
}

async function main(): Promise<void> {
  const cliniko = await startClinikoSim({
    data: generateClinic({ invoices, seed: 11, from: FROM, to: TO }),
    rateLimitPerMinute: 1_000_000,
  });
  const xero = await startXeroSim({ limits: { perMinute: 1_000_000, concurrent: 100, perDay: 10_000_000 } });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cxs-bench-reconcile-'));
  const service = createService({
    mode: 'cli',
    dataDir: dir,
    secrets: new FileSecretStore(path.join(dir, 'secrets.json')),
    env: {
      CXS_CLINIKO_API_URL: cliniko.url,
      CXS_XERO_LOGIN_URL: xero.url,
      CXS_XERO_IDENTITY_URL: xero.url,
      CXS_XERO_API_URL: xero.url,
      CXS_XERO_CLIENT_ID: xero.clientId,
    },
  });
  try {
    await service.connections.connectCliniko(cliniko.apiKey);
    const flow = await service.connections.startXeroConnect();
    await fetch(await xero.identity.approveConsent(flow.authorizeUrl));
    const connected = await flow.done;
    if (!connected.ok) throw new Error(connected.message);
    result(
      await service.dispatch('settings.update', {
        patch: {
          syncFrom: FROM,
          invoicePrefix: 'CL-',
          defaults: {
            serviceAccountCode: '200',
            productAccountCode: '200',
            paymentAccountCode: '090',
            taxExemptTaxType: 'EXEMPTOUTPUT',
          },
        },
      }),
    );
    const t0 = performance.now();
    await service.sync.runCycle();
    const synced = (await service.status()).counts;
    const syncMs = performance.now() - t0;

    const cost = result<ReconcileCost>(await service.dispatch('reconcile.cost', { from: FROM, to: TO }));
    xero.resetRequestLog();
    const t1 = performance.now();
    const run = result<ReconcileResult>(await service.dispatch('reconcile.run', { from: FROM, to: TO }));
    const runMs = performance.now() - t1;
    const received = xero.requests.filter((r) => r.path.startsWith('/api.xro/2.0')).length;

    const out = (l: string): boolean => process.stdout.write(`${l}\n`);
    out(`bench:reconcile — ${invoices} Cliniko invoices issued ${FROM} … ${TO}`);
    out(
      `  first sync: ${synced.synced} records synced, ${synced.needsAttention} need attention (${Math.round(syncMs)} ms)`,
    );
    out(
      `  reconcile.cost: ${cost.calls} Xero calls for ${cost.invoices} invoices of this app (${cost.batchSize} a call)`,
    );
    out(
      `  reconcile.run:  ${received} Xero calls received by the simulator, ${run.days.length} days, ${run.differentDays} differ (${Math.round(runMs)} ms)`,
    );
    out(`XERO_CALLS_PER_MONTH=${received}`);
    if (received !== cost.calls)
      throw new Error(`reconcile.cost said ${cost.calls} calls, the run made ${received}`);
  } finally {
    await service.close();
    await cliniko.close();
    await xero.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:reconcile failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
