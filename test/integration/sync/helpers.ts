/**
 * Sync integration tests: both simulators with limits high enough not to matter, a data folder
 * connected through the real connection flows (Cliniko key check, Xero PKCE consent in the
 * simulator), a settings file, and the CLI spawned against it.
 */
import path from 'node:path';
import { FileSecretStore } from '../../../electron/core/secrets/file-store.js';
import { createService, type Service } from '../../../electron/core/service/create-service.js';
import type { CycleSummary } from '../../../electron/core/sync/context.js';
import type { Settings } from '../../../shared/settings.js';
import { testSettings } from '../../support/settings.js';
import { startClinikoSim, type ClinikoSim } from '../../simulators/cliniko/index.js';
import { generateClinic } from '../../simulators/seed/clinic.js';
import { startXeroSim, type XeroSim } from '../../simulators/xero/index.js';
import { playBrowser, runCli, simEnv, tempDataDir, type CliRun } from '../connections/helpers.js';

export { cleanup } from '../connections/helpers.js';

export const TEST_SETTINGS = (over: Partial<Settings> = {}): Settings => ({
  ...testSettings({
    syncFrom: '2024-09-01',
    defaults: { serviceAccountCode: '201', paymentAccountCode: '091' },
  }),
  ...over,
});

export type SyncSetup = {
  dir: string;
  env: NodeJS.ProcessEnv;
  cliniko: ClinikoSim;
  xero: XeroSim;
  cli(args: string[], opts?: { timeoutMs?: number }): Promise<CliRun>;
  /** An in-process service on the same folder (close it before spawning the CLI). */
  service(): Service;
};

const sims: (() => Promise<void>)[] = [];
export async function closeSims(): Promise<void> {
  for (const c of sims.splice(0)) await c().catch(() => undefined);
}

export async function setupSync(
  opts: { invoices?: number; seed?: number; settings?: Settings | null } = {},
): Promise<SyncSetup> {
  const cliniko = await startClinikoSim({
    data: generateClinic({ invoices: opts.invoices ?? 40, seed: opts.seed ?? 7 }),
    rateLimitPerMinute: 1_000_000,
  });
  const xero = await startXeroSim({ limits: { perMinute: 1_000_000, concurrent: 100, perDay: 10_000_000 } });
  sims.push(
    () => cliniko.close(),
    () => xero.close(),
  );
  const dir = await tempDataDir();
  const env = { ...simEnv(xero, cliniko), CXS_DATA_DIR: dir, CXS_SECRET_STORE: 'file' };
  const service = (): Service =>
    createService({
      mode: 'cli',
      dataDir: dir,
      secrets: new FileSecretStore(path.join(dir, 'secrets.json')),
      env,
    });
  const s = service();
  try {
    await s.connections.connectCliniko(cliniko.apiKey);
    const flow = await s.connections.startXeroConnect();
    await playBrowser(xero, flow.authorizeUrl);
    const r = await flow.done;
    if (!r.ok) throw new Error(r.message);
    if (opts.settings !== null) s.settings.importJson(JSON.stringify(opts.settings ?? TEST_SETTINGS()));
  } finally {
    await s.close();
  }
  return {
    dir,
    env,
    cliniko,
    xero,
    cli: (args, o = {}) => runCli(args, env, { timeoutMs: o.timeoutMs ?? 120_000 }),
    service,
  };
}

/** The JSON summary on the last line of `sync --once --json`. */
export function summaryOf(run: CliRun): CycleSummary {
  const lines = run.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? '{}') as CycleSummary;
}
