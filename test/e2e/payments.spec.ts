/**
 * The Payments screen: a payments report chosen as a file, its columns chosen from the first rows,
 * a preview with totals per day and type and the refused rows, then the import and its history.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { connectThroughContract, e2eSettings } from './connected.js';
import { startServe, type ServeProcess } from './serve-process.js';
import { rpc, startSims, type Sims } from './simulators.js';

test.describe.configure({ mode: 'serial' });

let sims: Sims;
let serve: ServeProcess;

test.beforeAll(async () => {
  sims = await startSims({ invoices: 30, seed: 5 });
  serve = await startServe({ ...sims.env, CXS_XERO_CALLBACK_TIMEOUT_MS: '60000' });
});

test.afterAll(async () => {
  await serve?.stop();
  await sims?.close();
});

test('import a payments report: choose columns, preview, import, history', async ({ page, context }) => {
  await connectThroughContract(serve, sims, context, e2eSettings());
  const numbers = sims.cliniko.store.data.invoices
    .filter((i) => i.status === 20)
    .map((i) => String(i.number));
  const [a, b] = numbers as [string, string];
  const csv = [
    'Date/time,Invoice #,Patient,Method,Total paid',
    `05/12/2026 08:30,${a},Jo,EFTPOS,$80.00`,
    `05/12/2026 17:45,${b},Al,Cash,"$1,234.50"`,
    `05/12/2026 18:00,424242,Zz,Cash,10.00`,
  ].join('\n');

  await page.goto(serve.address);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Payments' }).click();
  await expect(page.getByRole('heading', { name: 'Import a payments report' })).toBeVisible();
  await page
    .getByTestId('report-file')
    .setInputFiles({ name: 'payments-5-dec.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });

  // The columns are guessed from the header; the first rows are shown to check them.
  await expect(page.getByRole('table', { name: 'First rows of the report' })).toContainText('424242');
  await expect(page.getByLabel('Amount', { exact: true })).toHaveValue('Total paid');
  await expect(page.getByLabel('Payment type', { exact: true })).toHaveValue('Method');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByTestId('import-summary')).toHaveText('3 rows: 2 accepted on 1 day, 1 refused.');
  await expect(page.getByTestId('refused-rows')).toContainText('line 4: unknown invoice number 424242');
  const totals = page.getByRole('table', { name: 'Totals per day and payment type' });
  await expect(totals).toContainText('05/12/2026');
  await expect(totals).toContainText('$1,234.50');
  mkdirSync('test-results/e2e/screenshots', { recursive: true });
  await page.screenshot({
    path: path.resolve('test-results/e2e/screenshots/12-payments-preview.png'),
    fullPage: true,
  });
  // Nothing recorded by the preview.
  expect((await rpc(serve.address, 'payments.history', {})).result).toMatchObject({ imports: [] });

  await page.getByRole('button', { name: 'Import 2 payments' }).click();
  const history = page.getByRole('table', { name: 'Import history' });
  await expect(history).toContainText('payments-5-dec.csv');
  await expect(history).toContainText('2 added, 0 removed');
  // The columns are remembered for the next import.
  const saved = (await rpc(serve.address, 'settings.get', {})).result as {
    settings: { payments?: { columns: unknown } };
  };
  expect(saved.settings.payments?.columns).toEqual({
    paidAt: 'Date/time',
    amount: 'Total paid',
    invoiceNumber: 'Invoice #',
    paymentType: 'Method',
  });
  expect((await rpc(serve.address, 'payments.history', {})).result).toMatchObject({
    types: [
      { name: 'Cash', payments: 1 },
      { name: 'EFTPOS', payments: 1 },
    ],
  });
  // The Mappings tab lists the types the report named, each with how many payments it has.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Mappings' }).click();
  await page.getByRole('tab', { name: 'Payment types' }).click();
  const eftpos = page.getByRole('row').filter({ hasText: 'EFTPOS' });
  await expect(eftpos).toContainText('1 payment in reports');
  await expect(page.getByRole('row').filter({ hasText: 'Cash' })).toContainText('1 payment in reports');
});

test('report mode: the dashboard lists the paid days still waiting for a report', async ({ page }) => {
  await page.goto(serve.address);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Payments' }).click();
  const report = page.getByRole('radio', { name: /One payment per report row/ });
  await report.click();
  await expect(report).toBeChecked();
  await expect
    .poll(
      async () =>
        (
          (await rpc(serve.address, 'settings.get', {})).result as {
            settings: { payments?: { mode: string } };
          }
        ).settings.payments?.mode,
    )
    .toBe('report');
  const missing = (await rpc(serve.address, 'payments.missingDays', {})).result as {
    days: { day: string }[];
  };
  expect(missing.days.length).toBeGreaterThan(0);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { name: 'Waiting for a payments report' })).toBeVisible();
  await expect(page.getByTestId('missing-report-days').getByRole('listitem').first()).toBeVisible();
});
