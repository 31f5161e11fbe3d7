/**
 * Harness for the exactly-once tests: both simulators in the test process (so they outlive a CLI
 * child killed with SIGKILL), a data folder connected to them through the app's own connect flows
 * (Cliniko key validated and stored; Xero OAuth 2.0 + PKCE with the simulator playing the browser),
 * settings that make the seed clinic syncable, the CLI spawned as a child, and a fingerprint of
 * the Xero organisation to compare runs and count duplicates.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { testSettings } from '../../support/settings.js';
import { FileSecretStore } from '../../../electron/core/secrets/file-store.js';
import { createService, type Service } from '../../../electron/core/service/create-service.js';
import type { XeroConnectResult } from '../../../shared/api.js';
import { startClinikoSim, type ClinikoSim, type ClinikoSimOptions } from '../../simulators/cliniko/index.js';
import { generateClinic, type ClinicData } from '../../simulators/seed/clinic.js';
import { startXeroSim, type XeroSim, type XeroSimOptions } from '../../simulators/xero/index.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const cleanups: (() => Promise<void>)[] = [];

/** afterEach: kills children, closes simulators, removes data folders (in reverse order). */
export async function cleanup(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
}

/** Settings that make every seed invoice mappable against the simulator's AU chart of accounts. */
export function seedSettings(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...testSettings({
      syncFrom: '2024-01-01',
      taxRates: { '1': 'OUTPUT', '2': 'EXEMPTOUTPUT' },
      contactEmail: 'tests@clinic-xero-sync.invalid',
      notifications: false,
    }),
    ...overrides,
  };
}

export type WorldOptions = {
  invoices: number;
  seed?: number;
  /** Seed date range (default: the generator's 2024-07-01 … 2025-06-30). */
  from?: string;
  to?: string;
  xero?: XeroSimOptions;
  cliniko?: Omit<ClinikoSimOptions, 'data' | 'seed'>;
  settings?: Record<string, unknown>;
  /** The app's own Cliniko pacing (CXS_CLINIKO_RATE_LIMIT), default 100,000/min (not under test). */
  clinikoClientLimit?: number;
};

export type World = {
  xero: XeroSim;
  cliniko: ClinikoSim;
  data: ClinicData;
  dataDir: string;
  tenantId: string;
  /** Environment for CLI children: data folder, file secret store, simulator endpoints, time scale. */
  env: NodeJS.ProcessEnv;
};

/** Loopback ports for the OAuth redirect that no other test file uses (5051-5055 stay free). */
function privatePorts(): number[] {
  const first = 20_000 + Math.floor(Math.random() * 30_000);
  return [first, first + 1, first + 2];
}

/** Starts both simulators, writes settings, and connects Cliniko and Xero the way a user would. */
export async function startWorld(o: WorldOptions): Promise<World> {
  const ports = privatePorts();
  const xero = await startXeroSim({
    redirectUris: ports.map((p) => `http://localhost:${p}/callback`),
    ...o.xero,
  });
  cleanups.push(() => xero.close());
  const data = generateClinic({
    invoices: o.invoices,
    seed: o.seed ?? 7,
    ...(o.from ? { from: o.from } : {}),
    ...(o.to ? { to: o.to } : {}),
  });
  const cliniko = await startClinikoSim({ rateLimitPerMinute: 100_000, ...o.cliniko, data });
  cleanups.push(() => cliniko.close());
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cxs-once-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  await writeFile(
    path.join(dataDir, 'settings.json'),
    `${JSON.stringify(seedSettings(o.settings), null, 2)}\n`,
    { mode: 0o600 },
  );
  const env: NodeJS.ProcessEnv = {
    CXS_DATA_DIR: dataDir,
    CXS_SECRET_STORE: 'file',
    CXS_BROWSER: 'none',
    CXS_XERO_LOGIN_URL: xero.url,
    CXS_XERO_IDENTITY_URL: xero.url,
    CXS_XERO_API_URL: xero.url,
    CXS_XERO_CLIENT_ID: xero.clientId,
    CXS_XERO_REDIRECT_PORTS: ports.join(','),
    CXS_CLINIKO_API_URL: cliniko.url,
    CXS_XERO_TIME_SCALE: String(o.xero?.timeScale ?? 1),
    CXS_CLINIKO_RATE_LIMIT: String(o.clinikoClientLimit ?? 100_000),
  };
  await connect(xero, cliniko, dataDir, env);
  const tenantId = xero.tenants[0]?.tenantId ?? '';
  return { xero, cliniko, data, dataDir, tenantId, env };
}

/** The same service the CLI builds, on the same data folder and secret file. */
export function openService(dataDir: string, env: NodeJS.ProcessEnv): Service {
  return createService({
    mode: 'cli',
    dataDir,
    secrets: new FileSecretStore(path.join(dataDir, 'secrets.json')),
    env,
  });
}

async function connect(
  xero: XeroSim,
  cliniko: ClinikoSim,
  dataDir: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const service = openService(dataDir, env);
  try {
    const c = await service.dispatch('cliniko.connect', { apiKey: cliniko.apiKey });
    if (!c.ok) throw new Error(`cliniko.connect: ${c.error.message}`);
    const result = new Promise<XeroConnectResult>((resolve) => {
      const off = service.bus.on('xero.connect.result', (r) => {
        off();
        resolve(r);
      });
    });
    const started = await service.dispatch('xero.connect', {});
    if (!started.ok) throw new Error(`xero.connect: ${started.error.message}`);
    const location = await xero.identity.approveConsent(
      (started.result as { authorizeUrl: string }).authorizeUrl,
    );
    await fetch(location).then((r) => r.text());
    const r = await result;
    if (!r.ok) throw new Error(`Xero connect failed: ${r.message}`);
  } finally {
    await service.close();
  }
}

// ------------------------------------------------------------------------------------ the CLI child

export type CliChild = {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves when the child exits (code null when killed). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
};

/** How CLI children start: the TypeScript sources through tsx (tests) unless useCompiledCli() was called. */
let cliEntry = ['--import', 'tsx', 'electron/cli.ts'];

/**
 * Benchmarks: run the compiled CLI (dist/electron/cli.js, what `npm run cli` runs; build it first)
 * with test/support/report-usage.mjs preloaded, so each run's stderr ends with its CPU time and
 * peak RSS (usageIn).
 */
export function useCompiledCli(): void {
  cliEntry = [
    '--import',
    pathToFileURL(path.join(repoRoot, 'test', 'support', 'report-usage.mjs')).href,
    path.join(repoRoot, 'dist', 'electron', 'cli.js'),
  ];
}

/** The `usage` line a compiled CLI child printed as it exited (null without useCompiledCli). */
export function usageIn(stderr: string): { cpuMs: number; maxRssMb: number } | null {
  const line = stderr.split('\n').findLast((l) => l.startsWith('usage {'));
  return line ? (JSON.parse(line.slice('usage '.length)) as { cpuMs: number; maxRssMb: number }) : null;
}

/** `node --import tsx electron/cli.ts …args` in the world's environment. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv, extraEnv: NodeJS.ProcessEnv = {}): CliChild {
  const child = spawn(process.execPath, [...cliEntry, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const kill = (signal: NodeJS.Signals = 'SIGKILL'): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  cleanups.push(async () => {
    kill();
    await exited;
  });
  return { child, stdout: () => out, stderr: () => err, exited, kill };
}

export type CliRun = { code: number | null; stdout: string; stderr: string; ms: number };

/** Runs the CLI to completion (fails after `timeoutMs`). */
export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  opts: { timeoutMs?: number; extraEnv?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  const started = Date.now();
  const c = spawnCli(args, env, opts.extraEnv);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      c.kill();
      reject(new Error(`CLI ${args.join(' ')} timed out\nstdout: ${c.stdout()}\nstderr: ${c.stderr()}`));
    }, opts.timeoutMs ?? 120_000);
  });
  try {
    const { code } = await Promise.race([c.exited, timeout]);
    return { code, stdout: c.stdout(), stderr: c.stderr(), ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once `pred()` holds (polled), or rejects after `timeoutMs`. */
export async function until(pred: () => boolean, timeoutMs = 60_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

// ------------------------------------------------------------------------------------ Xero state

export type Duplicates = {
  /** Invoice numbers held by more than one live (not DELETED/VOIDED) ACCREC invoice. */
  invoices: string[];
  /** ContactNumbers held by more than one contact. */
  contacts: string[];
  /** Invoices with more live payments than one (the app makes one payment per paid invoice). */
  payments: string[];
};

/** Every duplicate in the organisation. */
export function duplicatesIn(xero: XeroSim, tenantId?: string): Duplicates {
  const org = xero.org(tenantId);
  const count = (keys: (string | undefined)[]): string[] => {
    const m = new Map<string, number>();
    for (const k of keys) if (k) m.set(k, (m.get(k) ?? 0) + 1);
    return [...m].filter(([, n]) => n > 1).map(([k]) => k);
  };
  const live = org
    .invoices()
    .filter((i) => i.Type === 'ACCREC' && i.Status !== 'DELETED' && i.Status !== 'VOIDED');
  const byId = new Map(org.invoices().map((i) => [i.InvoiceID, i.InvoiceNumber]));
  return {
    invoices: count(live.map((i) => i.InvoiceNumber.toUpperCase())),
    contacts: count(org.contacts().map((c) => c.ContactNumber)),
    payments: count(
      org
        .payments()
        .filter((p) => p.Status !== 'DELETED' && p.InvoiceID)
        .map((p) => byId.get(p.InvoiceID ?? '')),
    ),
  };
}

export const noDuplicates: Duplicates = { invoices: [], contacts: [], payments: [] };

/**
 * The organisation's content without Xero's own IDs and timestamps: equal fingerprints mean the
 * same invoices (lines, totals, status, contact), contacts and payments.
 */
export function fingerprint(
  xero: XeroSim,
  tenantId?: string,
): {
  invoices: string[];
  contacts: string[];
  payments: string[];
} {
  const org = xero.org(tenantId);
  const contactNumber = new Map(org.contacts().map((c) => [c.ContactID, c.ContactNumber ?? c.Name]));
  const invoiceNumber = new Map(org.invoices().map((i) => [i.InvoiceID, i.InvoiceNumber]));
  const invoices = org
    .invoices()
    .filter((i) => i.Status !== 'DELETED')
    .map((i) =>
      JSON.stringify([
        i.InvoiceNumber,
        i.Type,
        i.Status,
        i.Date,
        contactNumber.get(i.ContactID),
        i.Total,
        i.TotalTax,
        i.AmountPaid,
        i.Reference ?? null,
        i.LineItems.map((l) => [
          l.Description,
          l.Quantity,
          l.UnitAmount,
          l.AccountCode,
          l.TaxType,
          l.LineAmount,
        ]),
      ]),
    )
    .sort();
  const contacts = org
    .contacts()
    .map((c) => JSON.stringify([c.ContactNumber ?? null, c.Name, c.ContactStatus]))
    .sort();
  const payments = org
    .payments()
    .filter((p) => p.Status !== 'DELETED')
    .map((p) => JSON.stringify([invoiceNumber.get(p.InvoiceID ?? ''), p.Date, p.Amount, p.AccountID]))
    .sort();
  return { invoices, contacts, payments };
}

/** Accounting API calls the simulator answered (429s included), and its peak concurrency. */
export function apiCalls(xero: XeroSim): { total: number; counted: number; rateLimited: number } {
  const api = xero.requests.filter((r) => r.path.startsWith('/api.xro/2.0/'));
  const rateLimited = api.filter((r) => r.status === 429).length;
  return { total: api.length, counted: api.length - rateLimited, rateLimited };
}

/** The largest number of counted API calls that started within any window of `windowMs` (real ms). */
export function maxCallsInWindow(xero: XeroSim, windowMs: number): number {
  const at = xero.requests
    .filter((r) => r.path.startsWith('/api.xro/2.0/') && r.status !== 429)
    .map((r) => r.at)
    .sort((a, b) => a - b);
  let best = 0;
  let j = 0;
  for (let i = 0; i < at.length; i++) {
    while ((at[i] as number) - (at[j] as number) >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/**
 * The most counted calls in one of the simulator's own minutes: its windows are fixed, each starting
 * with the first call after the previous one ended (test/simulators/xero/index.ts), `windowMs` real ms.
 */
export function maxCallsInSimWindow(xero: XeroSim, windowMs: number): number {
  const at = xero.requests
    .filter((r) => r.path.startsWith('/api.xro/2.0/') && r.status !== 429)
    .map((r) => r.at)
    .sort((a, b) => a - b);
  let best = 0;
  let start = -Infinity;
  let n = 0;
  for (const t of at) {
    if (t - start >= windowMs) {
      start = t;
      n = 0;
    }
    n++;
    best = Math.max(best, n);
  }
  return best;
}

/** Parses `progress {json}` lines that `sync --progress` writes on stderr. */
export function progressLines(
  stderr: string,
): { phase: string; done: number; total: number; etaSeconds: number | null }[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('progress '))
    .map(
      (l) =>
        JSON.parse(l.slice('progress '.length)) as {
          phase: string;
          done: number;
          total: number;
          etaSeconds: number | null;
        },
    );
}

/** The JSON summary `sync --once --json` prints last. */
export function summaryOf(stdout: string): Record<string, unknown> {
  const last = stdout.trim().split('\n').at(-1) ?? '{}';
  return JSON.parse(last) as Record<string, unknown>;
}
