/**
 * `npm run demo` — the whole product in a minute, without any account: starts the Cliniko simulator
 * with a seeded clinic and the Xero simulator with an Australian organisation, points the app at them
 * through the CXS_* overrides, and opens it (the Electron window where its binary is installed, else
 * `serve` in the browser). A Pilates billable item is mapped to the organisation's *archived* revenue
 * account, so the demo also shows the "needs attention → fix the mapping → Retry" path.
 *
 *   npm run demo                     fresh demo data in ./.cxs-demo (previous demo data is replaced)
 *   npm run demo -- --keep           keep ./.cxs-demo from the last run (stays connected)
 *   npm run demo -- --serve          the browser UI even where Electron is installed
 *   npm run demo -- --invoices 600   a bigger clinic (default 400)
 *
 * Options also via env: CXS_DEMO_DIR (data folder), CXS_DEMO_PORT (serve port, default any).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { openSecretStore } from '../electron/core/secrets/open-secret-store.js';
import { startClinikoSim } from '../test/simulators/cliniko/index.js';
import { generateClinic } from '../test/simulators/seed/clinic.js';
import { startXeroSim } from '../test/simulators/xero/index.js';
import { previewDemoSync } from './demo-preview.js';

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(`--${name}`);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

const dataDir = path.resolve(process.env.CXS_DEMO_DIR ?? '.cxs-demo');
const invoices = Number(option('invoices') ?? 400);
/** The archived revenue account of the simulator's organisation (seed-org.ts: 205 Group Classes (old)). */
const ARCHIVED_ACCOUNT = '205';
const PROBLEM_ITEM = 'Pilates Class';

function say(line = ''): void {
  process.stdout.write(line + '\n');
}

async function secretStoreEnv(): Promise<{ value: 'keychain' | 'file'; note: string }> {
  if (process.env.CXS_SECRET_STORE === 'file' || process.env.CXS_SECRET_STORE === 'keychain') {
    return {
      value: process.env.CXS_SECRET_STORE,
      note: `CXS_SECRET_STORE=${process.env.CXS_SECRET_STORE} (from your environment)`,
    };
  }
  try {
    await openSecretStore({ dataDir, env: { CXS_SECRET_STORE: 'keychain' } });
    return { value: 'keychain', note: 'the OS keychain answered: demo secrets go there' };
  } catch {
    return {
      value: 'file',
      note: `no OS keychain answered, so CXS_SECRET_STORE=file: the demo's (simulated) secrets are kept in ${path.join(dataDir, 'secrets.json')} (mode 0600)`,
    };
  }
}

function electronBinary(): string | null {
  // The electron package writes path.txt once its binary is downloaded.
  const pathTxt = path.resolve('node_modules/electron/path.txt');
  return existsSync(pathTxt) ? pathTxt : null;
}

async function rpc(origin: string, token: string, method: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${origin}/api/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-cxs-token': token, origin },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { ok: boolean; result?: unknown; error?: { message: string } };
  if (!json.ok) throw new Error(`${method}: ${json.error?.message ?? res.status}`);
  return json.result;
}

async function main(): Promise<void> {
  if (!flag('keep')) rmSync(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });

  say('Starting the simulators…');
  const cliniko = await startClinikoSim({ data: generateClinic({ invoices, seed: 42 }) });
  const xero = await startXeroSim({});
  const problem = cliniko.store.list('billable_items').find((b) => b.name === PROBLEM_ITEM);
  const secrets = await secretStoreEnv();

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CXS_DATA_DIR: dataDir,
    CXS_SECRET_STORE: secrets.value,
    CXS_CLINIKO_API_URL: cliniko.url,
    CXS_XERO_LOGIN_URL: xero.url,
    CXS_XERO_IDENTITY_URL: xero.url,
    CXS_XERO_API_URL: xero.url,
    CXS_XERO_CLIENT_ID: xero.clientId,
  };

  const useElectron = !flag('serve') && electronBinary() !== null;
  // What the demo pre-sets in the serve UI (the desktop window starts from the wizard's defaults only).
  const demoPatch: Record<string, unknown> = {
    syncFrom: '2024-07-01',
    invoicePrefix: 'CL-',
    ...(problem && !useElectron
      ? { billableItems: { [problem.id]: { accountCode: ARCHIVED_ACCOUNT } } }
      : {}),
  };
  say('Counting what the first sync will do (the real engine, on a scratch copy)…');
  const preview = await previewDemoSync(cliniko, demoPatch).catch((e: unknown) => {
    say(`(could not count it: ${e instanceof Error ? e.message : String(e)})`);
    return null;
  });
  let child: ChildProcess;
  let appLine: string;
  if (useElectron) {
    child = spawn('npm', ['start'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    appLine = 'The desktop app is starting (npm start: build, then the Electron window and tray icon).';
  } else {
    await new Promise<void>((resolve, reject) => {
      const build = spawn(
        process.execPath,
        ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'],
        {
          stdio: 'inherit',
        },
      );
      build.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited ${code}`))));
    });
    const port = process.env.CXS_DEMO_PORT ?? '0';
    child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli.ts', 'serve', '--port', port], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const address = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /serving on (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    const url = new URL(address);
    const token = /token=([^&]+)/.exec(url.hash)?.[1] ?? '';
    // Seed the demo's settings through the contract, as the UI would.
    if (!flag('keep')) {
      await rpc(url.origin, token, 'settings.update', { patch: demoPatch }).catch((e: unknown) =>
        say(`(could not pre-set the demo mappings: ${(e as Error).message})`),
      );
    }
    appLine = `Open the app in your browser:\n\n    ${address}\n`;
  }

  say();
  say('clinic-xero-sync demo');
  say('=====================');
  say(
    `Cliniko simulator:  ${cliniko.url}  (${cliniko.store.list('invoices').length} invoices, clinic "Harbour Physio")`,
  );
  say(`Xero simulator:     ${xero.url}  (organisation "${xero.tenants[0]?.name ?? 'Demo'}")`);
  say(`Data folder:        ${dataDir}`);
  say(`Secrets:            ${secrets.note}`);
  say();
  say(appLine);
  say('Then:');
  say(`  1. Setup → paste the Cliniko API key:   ${cliniko.apiKey}`);
  say("  2. Connect to Xero → the simulator's consent page opens (or use the link shown): tick the");
  say('     organisation and press "Allow access".');
  say('  3. Accept the suggested accounts, keep "Sync invoices from" and press "Start syncing".');
  say('  4. Dashboard: watch the counts; Sync log: invoices arrive with "Open in Xero" links.');
  if (preview) {
    const n = preview.needsAttention;
    say(
      `  5. With the suggested accounts, the first sync sends ${preview.synced} records (invoices, contacts, payments) and ${n} invoice${n === 1 ? '' : 's'} will need attention${n > 0 ? ':' : '.'}`,
    );
  } else {
    say('  5. Some invoices may need attention:');
  }
  if (!useElectron && problem && (preview?.needsAttention ?? 1) > 0) {
    say(
      `     "${PROBLEM_ITEM}" is mapped to account ${ARCHIVED_ACCOUNT}, which is archived in Xero. Fix it in`,
    );
    say('     Mappings → Billable items (pick "200 — Sales"), then Sync log → "Retry all failed". The Sync');
    say('     log says why for each invoice, and what to do.');
  } else if ((preview?.needsAttention ?? 1) > 0) {
    say('     the Sync log says why for each one, and what to do.');
  }
  say();
  say('The CLI on the same demo (paste in another terminal, then e.g. `npm run cli -- status`):');
  say();
  say(
    `    export ${(
      [
        'CXS_DATA_DIR',
        'CXS_SECRET_STORE',
        'CXS_CLINIKO_API_URL',
        'CXS_XERO_LOGIN_URL',
        'CXS_XERO_IDENTITY_URL',
        'CXS_XERO_API_URL',
        'CXS_XERO_CLIENT_ID',
      ] as const
    )
      .map((k) => `${k}='${env[k] ?? ''}'`)
      .join(' ')}`,
  );
  say();
  say('Press Ctrl+C to stop the demo.');

  const stop = (): void => {
    child.kill('SIGTERM');
    void Promise.all([cliniko.close(), xero.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  child.once('exit', (code) => {
    void Promise.all([cliniko.close(), xero.close()]).then(() => process.exit(code ?? 0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
