/**
 * The reconciliation screen (issue 16): the Xero call cost before running, all days equal after a
 * clean sync, then a payment changed by hand in Xero highlighted on its day with its invoice, and
 * the table exported as CSV.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { client } from '../simulators/xero/test-helpers.js';
import { connectThroughContract, e2eSettings } from './connected.js';
import { startServe, type ServeProcess } from './serve-process.js';
import { rpc, startSims, type Sims } from './simulators.js';

test.describe.configure({ mode: 'serial' });

let sims: Sims;
let serve: ServeProcess;
const SHOTS = path.resolve('test-results/e2e/screenshots');
/** Like app.spec.ts: CXS_UPDATE_SCREENSHOTS=1 also copies the picture to docs/screenshots/ (README). */
function keep(name: string): void {
  if (process.env.CXS_UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync('docs/screenshots', { recursive: true });
  copyFileSync(path.join(SHOTS, `${name}.png`), path.join('docs/screenshots', `${name}.png`));
}

test.beforeAll(async () => {
  sims = await startSims({ invoices: 30, seed: 5 });
  serve = await startServe({ ...sims.env, CXS_XERO_CALLBACK_TIMEOUT_MS: '60000' });
});

test.afterAll(async () => {
  await serve?.stop();
  await sims?.close();
});

const shiftDay = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const dmy = (day: string): string => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

test('reconcile: cost first, all days equal, then a hand-changed payment shows on its day; CSV export', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  await connectThroughContract(serve, sims, context, e2eSettings());
  await expect
    .poll(
      async () => {
        const s = (await rpc(serve.address, 'app.status', {})).result as {
          sync: string;
          counts: { pending: number; synced: number };
        };
        return s.sync === 'idle' && s.counts.pending === 0 && s.counts.synced > 0;
      },
      { timeout: 90_000 },
    )
    .toBe(true);

  // A paid invoice of this app in Xero: its payment's day is the middle of the range.
  const api = client(sims.xero);
  const invoices = (await api('GET', '/Invoices')).json.Invoices as {
    InvoiceNumber: string;
    Payments: { PaymentID: string; Date: string; Amount: number }[];
  }[];
  const victim = invoices.find((i) => i.Payments.length === 1 && i.Payments[0]!.Amount > 20);
  if (!victim) throw new Error('seed: no paid invoice');
  const payment = victim.Payments[0]!;
  const day = new Date(Number(/\d+/.exec(payment.Date)?.[0])).toISOString().slice(0, 10);
  const from = shiftDay(day, -10);
  const to = shiftDay(day, 10);

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(serve.address);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Reconcile' }).click();
  await expect(page.getByRole('heading', { name: 'Reconcile Cliniko with Xero' })).toBeVisible();
  await page.getByLabel('From').fill(from);
  await page.getByLabel('To').fill(to);
  // The cost is shown before anything is read from Xero.
  await expect(page.getByTestId('reconcile-cost')).toContainText(
    /Reading these days back costs 1 Xero call: \d+ invoices?, 50 a call/,
  );
  await page.getByRole('button', { name: 'Compare with Xero (1 Xero call)' }).click();
  await expect(page.getByTestId('reconcile-summary')).toHaveText(
    'All 21 days are equal, to the cent (1 Xero call).',
  );
  const table = page.getByRole('table', { name: 'Cliniko and Xero per day' });
  await expect(table.locator('tbody tr.day')).toHaveCount(21);
  await expect(table.locator('td.diff')).toHaveCount(0);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, '16-reconcile-equal.png'), fullPage: true });

  // The bookkeeper replaces this app's payment by hand with one $10 short, on the same day.
  expect((await api('POST', `/Payments/${payment.PaymentID}`, { body: { Status: 'DELETED' } })).status).toBe(
    200,
  );
  const byHand = await fetch(`${sims.xero.url}/__sim/orgs/default/bookkeeper/payInvoice`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      invoice: victim.InvoiceNumber,
      input: { amount: Math.round(payment.Amount * 100 - 1000) / 100, date: day, accountCode: '090' },
    }),
  });
  expect(byHand.status).toBe(200);

  await page.getByRole('button', { name: /^Compare with Xero/ }).click();
  await expect(page.getByTestId('reconcile-summary')).toHaveText('1 of 21 days differ (1 Xero call).');
  const row = page.getByTestId(`day-${day}`);
  await expect(row).toContainText(dmy(day));
  await expect(row).toContainText('Differs: paid: All payments');
  await expect(table.locator('td.diff')).toHaveCount(2); // Cliniko's and Xero's cell of that one figure
  const explain = page.getByRole('list', { name: `Invoices that explain ${dmy(day)}` });
  await expect(explain.getByRole('listitem')).toHaveCount(1);
  await expect(explain).toContainText(victim.InvoiceNumber);
  await expect(explain.getByRole('link', { name: 'Open in Xero' })).toHaveAttribute('href', /InvoiceID=/);
  await page.getByLabel('Only days that differ').check();
  await expect(table.locator('tbody tr.day')).toHaveCount(1);
  await page.screenshot({ path: path.join(SHOTS, '16-reconcile-difference.png'), fullPage: true });
  keep('16-reconcile-difference');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`reconciliation-${from}-to-${to}.csv`);
  const csv = readFileSync((await download.path()) ?? '', 'utf8').split('\r\n');
  expect(csv[0]).toMatch(/^Day \(.+\),Cliniko ex tax,Xero ex tax,/);
  expect(csv.filter((l) => l.includes(',no,'))).toHaveLength(1);
  expect(csv.find((l) => l.startsWith(day))).toContain(victim.InvoiceNumber);
});
