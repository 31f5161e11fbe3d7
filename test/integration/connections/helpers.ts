import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileSecretStore } from '../../../electron/core/secrets/file-store.js';
import {
  createService,
  type CoreContext,
  type Service,
} from '../../../electron/core/service/create-service.js';
import type { SecretStore } from '../../../electron/core/ports.js';
import { startClinikoSim, type ClinikoSim } from '../../simulators/cliniko/index.js';
import { startXeroSim, type XeroSim, type XeroSimOptions } from '../../simulators/xero/index.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const cleanups: (() => Promise<void>)[] = [];

/** Run in afterEach: closes simulators and services, removes temp folders. */
export async function cleanup(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
}

export async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cxs-conn-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export type Sims = { xero: XeroSim; cliniko: ClinikoSim; env: NodeJS.ProcessEnv };

export async function startSims(xeroOpts: XeroSimOptions = {}): Promise<Sims> {
  const xero = await startXeroSim(xeroOpts);
  cleanups.push(() => xero.close());
  const cliniko = await startClinikoSim({ seed: { invoices: 5 } });
  cleanups.push(() => cliniko.close());
  return { xero, cliniko, env: simEnv(xero, cliniko) };
}

/**
 * A private registered-port list for tests that assert a port is closed afterwards: with the shared
 * 5051–5055, a test file running in parallel could have bound the same port meanwhile.
 */
export function privatePorts(ports: number[]): { redirectUris: string[]; env: NodeJS.ProcessEnv } {
  return {
    redirectUris: ports.map((p) => `http://localhost:${p}/callback`),
    env: { CXS_XERO_REDIRECT_PORTS: ports.join(',') },
  };
}

/** The endpoint overrides that point the app at the simulators. */
export function simEnv(xero: XeroSim, cliniko: ClinikoSim): NodeJS.ProcessEnv {
  return {
    CXS_XERO_LOGIN_URL: xero.url,
    CXS_XERO_IDENTITY_URL: xero.url,
    CXS_XERO_API_URL: xero.url,
    CXS_XERO_CLIENT_ID: xero.clientId,
    CXS_CLINIKO_API_URL: cliniko.url,
  };
}

export function openService(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  extra: Partial<CoreContext> & { secrets?: SecretStore } = {},
): Service {
  const service = createService({
    mode: 'cli',
    dataDir,
    secrets: extra.secrets ?? new FileSecretStore(path.join(dataDir, 'secrets.json')),
    env,
    ...extra,
  });
  cleanups.push(() => service.close());
  return service;
}

/**
 * Plays the user's browser: opens the consent URL at the simulator, clicks "Allow access" (for the
 * given organisations), and follows the redirect to the app's loopback listener.
 */
export async function playBrowser(
  xero: XeroSim,
  authorizeUrl: string,
  opts: { tenantIds?: string[]; deny?: boolean } = {},
): Promise<{ location: string; status: number; body: string }> {
  const location = await xero.identity.approveConsent(authorizeUrl, opts);
  const res = await fetch(location);
  return { location, status: res.status, body: await res.text() };
}

export type CliRun = { code: number | null; stdout: string; stderr: string };

/** `node --import tsx electron/cli.ts …` with the given env; `onStdout` sees output as it arrives. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  opts: { stdin?: string; onStdout?: (soFar: string) => void; timeoutMs?: number } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli.ts', ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CXS_BROWSER: 'none', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 120_000);
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      opts.onStdout?.(stdout);
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.stdin ?? '');
  });
}

/** The consent URL printed by `xero connect`. */
export function consentUrlIn(stdout: string): string | null {
  return /(https?:\/\/\S+\/identity\/connect\/authorize\?\S+)/.exec(stdout)?.[1] ?? null;
}

/** Every file under dir (recursively) except the given names, with its content. */
export async function filesUnder(
  dir: string,
  except: string[] = [],
): Promise<{ file: string; text: string }[]> {
  const out: { file: string; text: string }[] = [];
  for (const name of await readdir(dir, { recursive: true })) {
    const file = path.join(dir, name);
    if (except.includes(path.basename(file)) || !(await stat(file)).isFile()) continue;
    out.push({ file, text: await readFile(file, 'latin1') });
  }
  return out;
}

/** `xero connect ARGS` through the CLI, playing the browser as soon as the consent URL is printed. */
export function xeroConnect(
  xero: XeroSim,
  env: NodeJS.ProcessEnv,
  args: string[] = [],
  tenantIds?: string[],
): Promise<CliRun> {
  let played = false;
  return runCli(['xero', 'connect', ...args], env, {
    onStdout: (out) => {
      const url = consentUrlIn(out);
      if (url && !played) {
        played = true;
        void playBrowser(xero, url, tenantIds ? { tenantIds } : {});
      }
    },
  });
}
