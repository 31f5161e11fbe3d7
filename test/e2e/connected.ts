import { expect, type BrowserContext } from '@playwright/test';
import type { ServeProcess } from './serve-process.js';
import { testSettings } from '../support/settings.js';
import { rpc, type Sims } from './simulators.js';

/** Settings for a clinic connected to the simulators (accounts of the simulator's AU organisation). */
export function e2eSettings(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...testSettings({ syncFrom: '2024-07-01', defaults: { productAccountCode: '200' }, taxRates: {} }),
    ...over,
  };
}

/**
 * Connects a `serve` to both simulators through the contract (the setup wizard has its own test),
 * imports `settings`, and waits for the first sync to read Cliniko.
 */
export async function connectThroughContract(
  serve: ServeProcess,
  sims: Sims,
  context: BrowserContext,
  settings: Record<string, unknown>,
): Promise<void> {
  expect((await rpc(serve.address, 'cliniko.connect', { apiKey: sims.cliniko.apiKey })).ok).toBe(true);
  const started = await rpc(serve.address, 'xero.connect', {});
  const url = (started.result as { authorizeUrl: string }).authorizeUrl;
  const consent = await context.newPage();
  await consent.goto(url);
  await consent.getByRole('button', { name: 'Allow access' }).click();
  await consent.waitForLoadState();
  await consent.close();
  await expect
    .poll(
      async () =>
        ((await rpc(serve.address, 'app.status', {})).result as { xero: { connected: boolean } }).xero
          .connected,
      {
        timeout: 30_000,
      },
    )
    .toBe(true);
  expect((await rpc(serve.address, 'settings.import', { json: JSON.stringify(settings) })).ok).toBe(true);
  await rpc(serve.address, 'sync.now', {});
  await expect
    .poll(
      async () =>
        ((await rpc(serve.address, 'log.list', { offset: 0, limit: 1 })).result as { total: number }).total,
      {
        timeout: 60_000,
      },
    )
    .toBeGreaterThan(0);
}
