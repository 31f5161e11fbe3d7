/**
 * How many of the demo's invoices will need attention, found the only truthful way: the real engine
 * syncs the same seeded clinic, with the settings the demo asks the user to accept, into a scratch
 * data folder and a scratch Xero simulator (the demo's own organisation stays untouched).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FileSecretStore } from '../electron/core/secrets/file-store.js';
import { createService } from '../electron/core/service/create-service.js';
import { suggestDefaults } from '../renderer/suggest.js';
import type { ClinikoSim } from '../test/simulators/cliniko/index.js';
import { startXeroSim } from '../test/simulators/xero/index.js';

export type DemoPreview = { synced: number; needsAttention: number; failed: number; pending: number };

export async function previewDemoSync(
  cliniko: ClinikoSim,
  patch: Record<string, unknown>,
): Promise<DemoPreview> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cxs-demo-preview-'));
  const xero = await startXeroSim({ limits: { perMinute: 100_000, concurrent: 100, perDay: 10_000_000 } });
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
    const refs = await service.dispatch('xero.refs', { refresh: true });
    if (!refs.ok) throw new Error(refs.error.message);
    const r = refs.result as Parameters<typeof suggestDefaults> extends [infer A, infer B]
      ? { accounts: A; taxRates: B }
      : never;
    const updated = await service.dispatch('settings.update', {
      patch: { defaults: suggestDefaults(r.accounts, r.taxRates), ...patch },
    });
    if (!updated.ok) throw new Error(updated.error.message);
    await service.sync.runCycle();
    const { counts } = await service.status();
    return counts;
  } finally {
    await service.close();
    await xero.close();
    await rm(dir, { recursive: true, force: true });
  }
}
