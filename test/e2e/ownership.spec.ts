/**
 * The bookkeeper's invoice under our number (issue 12), from the details panel: *Link it* adopts a
 * matching one without writing to Xero; *Use another prefix* sends the other invoice under a new number.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { bookkeeper, snapshotInvoice } from '../simulators/xero/bookkeeper.js';
import { connectThroughContract, e2eSettings } from './connected.js';
import { startServe, type ServeProcess } from './serve-process.js';
import { rpc, startSims, type Sims } from './simulators.js';

test.describe.configure({ mode: 'serial' });

let sims: Sims;
let serve: ServeProcess;

test.beforeAll(async () => {
  sims = await startSims({ invoices: 30, seed: 13 });
  serve = await startServe({ ...sims.env, CXS_XERO_CALLBACK_TIMEOUT_MS: '60000' });
});

test.afterAll(async () => {
  await serve?.stop();
  await sims?.close();
});

type Row = { id: number; invoiceNumber: string | null; sourceType: string; state: string };

async function rowOf(number: string): Promise<Row | undefined> {
  const r = await rpc(serve.address, 'log.list', { search: number, offset: 0, limit: 10 });
  return (r.result as { rows: Row[] }).rows.find(
    (x) => x.sourceType === 'invoice' && x.invoiceNumber === number,
  );
}

test('an invoice number Xero already holds: Link it, or use another prefix', async ({ page, context }) => {
  const store = sims.cliniko.store;
  const open = store.data.invoices.filter(
    (i) => i.status === 10 && !i.archived_at && !i.original_invoice && i.issue_date >= '2024-07-01',
  );
  const [same, other] = open;
  if (!same || !other) throw new Error('seed: too few open invoices');
  const patient = store.data.patients.find((p) => same.patient?.links.self.endsWith(`/${p.id}`));
  if (!patient) throw new Error('seed: no patient');
  const org = sims.xero.org();
  const bk = bookkeeper(org);
  const named = bk.createContact({ Name: `${patient.first_name} ${patient.last_name}`.trim() });
  const walkIn = bk.createContact({ Name: 'Walk-in Customer' });
  const line = (amount: number) => [
    {
      Description: 'Entered by hand',
      Quantity: 1,
      UnitAmount: amount,
      AccountCode: '200',
      TaxType: 'EXEMPTOUTPUT',
    },
  ];
  const sameHand = bk.createInvoice({
    InvoiceNumber: `CL-${same.number}`,
    Contact: { ContactID: named.ContactID },
    Date: same.issue_date,
    DueDate: same.issue_date,
    Status: 'AUTHORISED',
    LineAmountTypes: 'Inclusive',
    LineItems: line(Number(same.total_amount)),
  });
  const otherHand = bk.createInvoice({
    InvoiceNumber: `CL-${other.number}`,
    Contact: { ContactID: walkIn.ContactID },
    Date: '2026-01-15',
    DueDate: '2026-01-15',
    Status: 'AUTHORISED',
    LineAmountTypes: 'Inclusive',
    LineItems: line(12.34),
  });
  const before = [snapshotInvoice(org, sameHand.InvoiceID), snapshotInvoice(org, otherHand.InvoiceID)];

  await connectThroughContract(serve, sims, context, e2eSettings());
  await expect
    .poll(async () => (await rowOf(`CL-${same.number}`))?.state, { timeout: 60_000 })
    .toBe('needs_attention');
  await expect
    .poll(async () => (await rowOf(`CL-${other.number}`))?.state, { timeout: 60_000 })
    .toBe('needs_attention');

  // Link it: Xero's invoice is this one (same contact, date and total); nothing is written to Xero.
  const sameRow = await rowOf(`CL-${same.number}`);
  await page.goto(`${serve.address}#/log?state=needs_attention&open=${sameRow?.id ?? 0}`);
  const panel = page.getByTestId('log-details');
  await expect(panel.getByTestId('collision-choices')).toContainText(
    `Xero already holds invoice CL-${same.number}`,
  );
  mkdirSync('test-results/e2e/screenshots', { recursive: true });
  await page.screenshot({ path: path.resolve('test-results/e2e/screenshots/17-log-number-in-xero.png') });
  await panel.getByRole('button', { name: 'Link it' }).click();
  await expect(panel.getByTestId('detail-state')).toHaveText('Synced');
  expect(snapshotInvoice(org, sameHand.InvoiceID)).toBe(before[0]);

  // The other is not this invoice: Link it is refused with the reason; another prefix sends it anew.
  const otherRow = await rowOf(`CL-${other.number}`);
  await page.goto(`${serve.address}#/log?state=needs_attention&open=${otherRow?.id ?? 0}`);
  const choices = panel.getByTestId('collision-choices');
  await choices.getByRole('button', { name: 'Link it' }).click();
  await expect(choices).toContainText('was not linked');
  await choices.getByLabel('New prefix').fill('CLN-');
  await choices.getByRole('button', { name: 'Use another prefix' }).click();
  await expect
    .poll(() => org.invoice(`CLN-${other.number}`)?.InvoiceID ?? null, { timeout: 60_000 })
    .not.toBeNull();
  expect(snapshotInvoice(org, otherHand.InvoiceID)).toBe(before[1]);
  expect(org.invoice(`CLN-${same.number}`)).toBeFalsy();
});
