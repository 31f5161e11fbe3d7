import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppStatus } from '../../../shared/api.js';
import { cleanup, filesUnder, runCli, startSims, tempDataDir, xeroConnect, type CliRun } from './helpers.js';

afterEach(cleanup);

async function status(env: NodeJS.ProcessEnv): Promise<AppStatus> {
  const r = await runCli(['status', '--json'], env);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as AppStatus;
}

describe('CLI: cliniko connect, xero connect/disconnect, status --json (file secret store)', () => {
  it('connects both, reports status, disconnects, and leaves no token or key outside secrets.json', async () => {
    const { xero, cliniko, env: simEnv } = await startSims();
    const dir = await tempDataDir();
    const env = { ...simEnv, CXS_DATA_DIR: dir, CXS_SECRET_STORE: 'file', CXS_BROWSER: 'none' };
    const outputs: CliRun[] = [];

    const wrong = await runCli(['cliniko', 'connect'], { ...env, CLINIKO_API_KEY: 'not-the-key-au1' });
    outputs.push(wrong);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/Cliniko rejected this API key/);

    const ok = await runCli(['cliniko', 'connect'], env, { stdin: `${cliniko.apiKey}\n` });
    outputs.push(ok);
    expect(ok.stderr).toMatch(/plain file/); // the file store warns
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Connected to Cliniko account "Harbour Physio Group"/);

    const connect = await xeroConnect(xero, env);
    outputs.push(connect);
    expect(connect.stdout).toMatch(/Open this address in your browser to connect Xero: http/);
    expect(connect.code).toBe(0);
    expect(connect.stdout).toContain(`Connected to Xero organisation "${xero.tenants[0]?.name}"`);

    const s = await status(env);
    expect(s).toMatchObject({
      // Connected, but no default accounts chosen and nothing synced: never "All invoices synced".
      health: 'setup',
      summary: 'Choose the default accounts in Setup to start syncing.',
      cliniko: { connected: true, account: 'Harbour Physio Group' },
      xero: {
        connected: true,
        tenantId: xero.tenants[0]?.tenantId,
        tenantName: xero.tenants[0]?.name,
        needsReconnect: false,
      },
    });
    expect(Object.keys(s)).toEqual(expect.arrayContaining(['summary', 'sync', 'counts', 'lastSyncAt']));

    // Every secret the app holds, as written by the file store.
    const secrets = JSON.parse(await readFile(path.join(dir, 'secrets.json'), 'utf8')) as Record<
      string,
      string
    >;
    const tokenSet = JSON.parse(secrets['xero-token-set'] ?? '{}') as Record<string, string>;
    const needles = [cliniko.apiKey, tokenSet.access_token, tokenSet.refresh_token].filter(
      (x): x is string => typeof x === 'string' && x.length > 0,
    );
    expect(needles).toHaveLength(3);

    const disconnect = await runCli(['xero', 'disconnect'], env);
    outputs.push(disconnect);
    expect(disconnect.code).toBe(0);
    expect(xero.identity.stats()).toMatchObject({ revocations: 1, connectionsDeleted: 1 });
    expect((await status(env)).xero).toEqual({
      connected: false,
      tenantId: null,
      tenantName: null,
      needsReconnect: false,
    });
    const left = JSON.parse(await readFile(path.join(dir, 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(left)).toEqual(['cliniko-api-key']);

    // The scan: logs, settings, database, state — every file but secrets.json — and all CLI output.
    const files = await filesUnder(dir, ['secrets.json']);
    expect(files.map((f) => path.basename(f.file))).toContain('connections.json');
    for (const { file, text } of files) {
      for (const needle of needles)
        expect(text.includes(needle), `${needle.slice(0, 6)}… in ${file}`).toBe(false);
    }
    for (const o of outputs) {
      for (const needle of needles) expect(`${o.stdout}${o.stderr}`).not.toContain(needle);
    }
  });

  it('with several organisations: exits non-zero listing them, or connects to the one named by --tenant', async () => {
    const { xero, env: simEnv } = await startSims({
      organisations: [{ name: 'North Clinic' }, { name: 'South Clinic' }],
    });
    const env = { ...simEnv, CXS_DATA_DIR: await tempDataDir(), CXS_SECRET_STORE: 'file' };
    const both = xero.tenants.map((t) => t.tenantId);

    const ambiguous = await xeroConnect(xero, env, [], both);
    expect(ambiguous.code).not.toBe(0);
    expect(ambiguous.stderr).toMatch(/--tenant/);
    expect(ambiguous.stderr).toContain('North Clinic');
    expect(ambiguous.stderr).toContain('South Clinic');
    expect((await status(env)).xero.connected).toBe(false);

    const chosen = await xeroConnect(xero, env, ['--tenant', 'south clinic'], both);
    expect(chosen.code).toBe(0);
    expect((await status(env)).xero).toMatchObject({
      connected: true,
      tenantName: 'South Clinic',
      tenantId: xero.tenants[1]?.tenantId,
    });

    const byId = await xeroConnect(xero, env, ['--tenant', xero.tenants[0]?.tenantId ?? ''], both);
    expect(byId.code).toBe(0);
    expect((await status(env)).xero.tenantName).toBe('North Clinic');
  });
});
