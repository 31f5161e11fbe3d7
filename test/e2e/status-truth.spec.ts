/**
 * The status says what is true (issue 11 item 5, issue 16 item 1): the real CLI `serve` against the
 * simulators, in Chromium. Before the first sync the pill never says "All invoices synced."; when
 * Cliniko stops answering mid-sync the pill and the Cliniko card say so within one cycle, with the
 * time in the clinic's zone, and it clears when Cliniko answers again.
 */
import { expect, test } from '@playwright/test';
import { e2eSettings } from './connected.js';
import { startFreezeProxy, type FreezeProxy } from './freeze-proxy.js';
import { startServe, type ServeProcess } from './serve-process.js';
import { rpc, startSims, type Sims } from './simulators.js';

test.describe.configure({ mode: 'serial' });

let sims: Sims;
let proxy: FreezeProxy;
let serve: ServeProcess;
const POLL_S = 15;

test.beforeAll(async () => {
  sims = await startSims({ invoices: 30, seed: 11 });
  proxy = await startFreezeProxy(sims.cliniko.url);
  serve = await startServe({
    ...sims.env,
    CXS_CLINIKO_API_URL: proxy.url,
    // A hung Cliniko is given up on after 8 s instead of 30 s, so a cycle ends quickly.
    CXS_CLINIKO_TIMEOUT_MS: '8000',
    CXS_XERO_CALLBACK_TIMEOUT_MS: '60000',
  });
});

test.afterAll(async () => {
  await serve?.stop();
  await proxy?.close();
  await sims?.close();
});

test('during setup, before anything synced, the pill never says "All invoices synced."', async ({
  page,
  context,
}) => {
  expect((await rpc(serve.address, 'cliniko.connect', { apiKey: sims.cliniko.apiKey })).ok).toBe(true);
  await page.goto(serve.address);
  const pill = page.getByTestId('app-status');
  await expect(pill).toHaveText('Connect Xero to start syncing.');
  // Both connected, the default accounts not chosen yet: still setup, nothing synced.
  const started = await rpc(serve.address, 'xero.connect', {});
  const consent = await context.newPage();
  await consent.goto((started.result as { authorizeUrl: string }).authorizeUrl);
  await consent.getByRole('button', { name: 'Allow access' }).click();
  await consent.close();
  await expect(pill).toHaveText('Choose the default accounts in Setup to start syncing.', {
    timeout: 30_000,
  });
  await expect(pill).not.toHaveText(/All invoices synced/);
});

test('a Cliniko that stops answering mid-sync shows in the pill and on its card within one cycle, then clears', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const settings = JSON.stringify(e2eSettings({ pollIntervalSeconds: POLL_S }));
  expect((await rpc(serve.address, 'settings.import', { json: settings })).ok).toBe(true);
  await page.goto(serve.address);
  const pill = page.getByTestId('app-status');
  await expect(pill).toHaveText('All invoices synced.', { timeout: 90_000 });
  // Past events in the past tense; plain words for what happens next.
  await expect(page.getByTestId('last-sync')).not.toContainText(/\bin a few seconds|\bin \d/);
  await expect(page.getByTestId('sync-activity')).not.toContainText(/Nothing running|reading:/);

  // Freeze Cliniko after the next cycle's first call: a steady cycle reads the invoices and then one
  // reference list in turn, so it hangs mid-read.
  proxy.freeze(1);
  await rpc(serve.address, 'sync.now', {});
  // While the cycle waits for Cliniko, the progress line says so in plain words.
  await expect(page.getByTestId('sync-activity')).toHaveText('Checking Cliniko for new and changed invoices');
  // One cycle: the call times out (8 s) and the status changes at once.
  await expect(pill).toHaveText(
    /^Can't reach Cliniko since \d\d:\d\d \(Cliniko did not answer in time\) — retrying every 15 s\.$/,
    { timeout: (POLL_S + 10) * 1000 },
  );
  await expect(pill).not.toHaveText(/All invoices synced/);
  await expect(page.getByTestId('cliniko-outage')).toContainText("Can't reach Cliniko since");
  await expect(page.getByTestId('xero-outage')).toHaveCount(0);
  await expect(page.getByTestId('sync-activity')).toContainText('Waiting for Cliniko to answer');
  const status = (await rpc(serve.address, 'app.status', {})).result as { health: string };
  expect(status.health).toBe('disconnected');
  await page.screenshot({ path: 'test-results/e2e/screenshots/outage-cliniko.png' });

  proxy.thaw();
  // The next cycle (at most one poll interval away) gets through and clears it.
  await expect(pill).toHaveText('All invoices synced.', { timeout: (POLL_S * 2 + 10) * 1000 });
  await expect(page.getByTestId('cliniko-outage')).toHaveCount(0);
});

test('one record is "1 record", not "1 records"', async ({ page }) => {
  const list = (await rpc(serve.address, 'log.list', { sourceType: 'invoice', offset: 0, limit: 1 }))
    .result as {
    rows: { invoiceNumber: string }[];
  };
  const number = list.rows[0]?.invoiceNumber ?? '';
  expect(number).not.toBe('');
  await page.goto(serve.address);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Sync log' }).click();
  await page.getByLabel('Search').fill(number);
  await expect(page.getByTestId('log-total')).toHaveText('1 record');
});
