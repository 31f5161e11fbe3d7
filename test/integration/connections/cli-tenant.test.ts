import { afterEach, describe, expect, it } from 'vitest';
import type { AppStatus } from '../../../shared/api.js';
import { cleanup, runCli, startSims, tempDataDir, xeroConnect } from './helpers.js';

afterEach(cleanup);

async function xeroStatus(env: NodeJS.ProcessEnv): Promise<AppStatus['xero']> {
  const r = await runCli(['status', '--json'], env);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as AppStatus).xero;
}

describe('xero connect --tenant that matches no connected organisation', () => {
  it('exits non-zero listing the organisations and leaves none chosen (nothing syncs to another one)', async () => {
    const { xero, env: simEnv } = await startSims({
      organisations: [{ name: 'North Clinic' }, { name: 'South Clinic' }],
    });
    const env = { ...simEnv, CXS_DATA_DIR: await tempDataDir(), CXS_SECRET_STORE: 'file' };
    const [north] = xero.tenants;
    if (!north) throw new Error('sim');

    // Only North is approved on the consent page, but the user asked for "West Clinic".
    const r = await xeroConnect(xero, env, ['--tenant', 'West Clinic'], [north.tenantId]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('"West Clinic"');
    expect(r.stderr).toContain('North Clinic');
    expect(r.stderr).toMatch(/--tenant/);
    expect(await xeroStatus(env)).toMatchObject({ connected: false, tenantId: null, tenantName: null });

    // Connected to North first; a reconnect naming an organisation that was not approved drops the choice.
    expect((await xeroConnect(xero, env, ['--tenant', 'North Clinic'], [north.tenantId])).code).toBe(0);
    expect((await xeroStatus(env)).tenantName).toBe('North Clinic');
    const again = await xeroConnect(xero, env, ['--tenant', 'South Clinic'], [north.tenantId]);
    expect(again.code).not.toBe(0);
    expect(await xeroStatus(env)).toMatchObject({ connected: false, tenantId: null });
  });
});
