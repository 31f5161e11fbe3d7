// The production client (xero-node 20's AccountingApi) against the simulator: requests it builds pass the
// schema validation, and it deserialises every response (dates included).
import type { Contact } from 'xero-node';
import {
  AccountingApi,
  AccountType,
  BatchPayment,
  CreditNote,
  Invoice,
  LineAmountTypes,
  Payment,
  TaxRate,
  type Allocation,
  type LineItem,
} from 'xero-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXeroSim, type XeroSim } from './index.js';

let sim: XeroSim;
let api: AccountingApi;
let tenant: string;

beforeAll(async () => {
  sim = await startXeroSim({ limits: { perMinute: 1_000_000, perDay: 1_000_000 } });
  tenant = sim.tenants[0]?.tenantId ?? '';
  api = new AccountingApi();
  api.basePath = `${sim.url}/api.xro/2.0`;
  api.accessToken = sim.identity.mintAccessToken([tenant]);
});
afterAll(async () => {
  await sim.close();
});

/** xero-node rejects with a JSON string {response:{statusCode, body, headers}}. */
async function rejection(
  p: Promise<unknown>,
): Promise<{ response: { statusCode: number; body: unknown; headers: Record<string, string> } }> {
  try {
    await p;
  } catch (e) {
    return JSON.parse(String(e)) as {
      response: { statusCode: number; body: unknown; headers: Record<string, string> };
    };
  }
  throw new Error('expected a rejection');
}

const line = (over: Partial<LineItem> = {}): LineItem => ({
  description: 'Initial consultation',
  quantity: 1,
  unitAmount: 95,
  accountCode: '201',
  taxType: 'EXEMPTOUTPUT',
  ...over,
});

describe('xero-node AccountingApi round trips', () => {
  it('getOrganisations, getAccounts, getTaxRates, getTrackingCategories', async () => {
    const org = await api.getOrganisations(tenant);
    expect(org.body.organisations?.[0]?.name).toBe('Sunrise Physio Pty Ltd');
    const accounts = await api.getAccounts(tenant, undefined, 'Status=="ACTIVE"');
    const bank = accounts.body.accounts?.find((a) => a.code === '090');
    expect(bank?.type).toBe(AccountType.BANK);
    expect(bank?.updatedDateUTC).toBeInstanceOf(Date);
    expect(accounts.body.accounts?.some((a) => a.code === '205')).toBe(false);
    const rates = await api.getTaxRates(tenant);
    const exempt = rates.body.taxRates?.filter(
      (t) => t.canApplyToRevenue && t.effectiveRate === 0 && t.status === TaxRate.StatusEnum.ACTIVE,
    );
    expect(exempt?.map((t) => t.taxType)).toContain('EXEMPTOUTPUT');
    const tracking = await api.getTrackingCategories(tenant);
    expect(tracking.body.trackingCategories?.[0]?.options?.length).toBeGreaterThan(0);
  });

  it('createContacts, getContactByContactNumber, getContacts(IDs)', async () => {
    const c: Contact = {
      name: 'Nadia Rossi',
      contactNumber: 'CLINIKO-1001',
      emailAddress: 'nadia@example.com',
    };
    const created = await api.createContacts(tenant, { contacts: [c] }, false, 'contact-key-1');
    const id = created.body.contacts?.[0]?.contactID;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body.contacts?.[0]?.statusAttributeString).toBe('OK');
    const byNumber = await api.getContactByContactNumber(tenant, 'CLINIKO-1001');
    expect(byNumber.body.contacts?.[0]?.contactID).toBe(id);
    const byIds = await api.getContacts(tenant, undefined, undefined, undefined, [id ?? '']);
    expect(byIds.body.contacts?.[0]?.name).toBe('Nadia Rossi');
    const dup = await api.createContacts(tenant, { contacts: [c] }, false);
    expect(dup.body.contacts?.[0]?.hasValidationErrors).toBe(true);
    expect(dup.body.contacts?.[0]?.validationErrors?.[0]?.message).toBe(
      'The contact name Nadia Rossi is already assigned to another contact. The contact name must be unique across all active contacts.',
    );
  });

  it('createInvoices(tenant, {invoices}, false, 4, key): created, replayed by key, read back with Date objects', async () => {
    const inv: Invoice = {
      type: Invoice.TypeEnum.ACCREC,
      contact: { name: 'Nadia Rossi' },
      invoiceNumber: 'CLK-INV-1',
      date: '2026-11-20',
      dueDate: '2026-12-04',
      lineAmountTypes: LineAmountTypes.Exclusive,
      status: Invoice.StatusEnum.AUTHORISED,
      reference: 'Appt 5531',
      lineItems: [
        line(),
        line({
          description: 'Theraband',
          quantity: 3,
          unitAmount: 10.3333,
          accountCode: '211',
          taxType: 'OUTPUT',
          discountRate: 10,
        }),
      ],
    };
    const r = await api.createInvoices(tenant, { invoices: [inv] }, false, 4, 'inv-key-1');
    const got = r.body.invoices?.[0];
    expect(got?.statusAttributeString).toBe('OK');
    // 3 × 10.3333 = 30.9999 less 10% = 27.89991 → 27.90; GST 2.79.  95 + 27.90 = 122.90 + 2.79 = 125.69
    expect(got?.lineItems?.[1]?.lineAmount).toBe(27.9);
    expect([got?.subTotal, got?.totalTax, got?.total]).toEqual([122.9, 2.79, 125.69]);
    expect(got?.date).toEqual(new Date(Date.UTC(2026, 10, 20)) as unknown as string); // xero-node #746: a Date at UTC midnight
    expect(got?.status).toBe(Invoice.StatusEnum.AUTHORISED);
    const replay = await api.createInvoices(tenant, { invoices: [inv] }, false, 4, 'inv-key-1');
    expect(replay.body.invoices?.[0]?.invoiceID).toBe(got?.invoiceID);
    expect(
      sim
        .org()
        .invoices()
        .filter((i) => i.InvoiceNumber === 'CLK-INV-1'),
    ).toHaveLength(1);
    const again = await api.createInvoices(tenant, { invoices: [inv] }, false, 4, 'inv-key-2');
    expect(again.body.invoices?.[0]?.validationErrors?.[0]?.message).toBe('Invoice # must be unique.');
    const list = await api.getInvoices(tenant, undefined, undefined, undefined, undefined, ['CLK-INV-1']);
    expect(list.body.invoices?.[0]?.invoiceID).toBe(got?.invoiceID);
    const one = await api.getInvoice(tenant, got?.invoiceID ?? '', 4);
    expect(one.body.invoices?.[0]?.lineItems?.[1]?.unitAmount).toBe(10.3333);
    const paged = await api.getInvoices(
      tenant,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      ['AUTHORISED'],
      1,
    );
    expect(paged.body.pagination?.itemCount).toBeGreaterThanOrEqual(1);
    expect(paged.body.invoices?.[0]?.lineItems?.length).toBeGreaterThan(0);
  });

  it('a summarized validation failure rejects with the ValidationException body', async () => {
    const bad: Invoice = {
      type: Invoice.TypeEnum.ACCREC,
      contact: { name: 'Nadia Rossi' },
      date: '2026-11-20',
      status: Invoice.StatusEnum.AUTHORISED,
      lineItems: [line({ accountCode: '205', taxType: 'OUTPUT' })],
    };
    const err = await rejection(api.createInvoices(tenant, { invoices: [bad] }));
    expect(err.response.statusCode).toBe(400);
    expect(err.response.body).toMatchObject({ ErrorNumber: 10, Type: 'ValidationException' });
  });

  it('updateOrCreateInvoices, createPayments, deletePayment, getPayments', async () => {
    const created = await api.updateOrCreateInvoices(
      tenant,
      {
        invoices: [
          {
            type: Invoice.TypeEnum.ACCREC,
            contact: { name: 'Payer' },
            date: '2026-11-20',
            status: Invoice.StatusEnum.AUTHORISED,
            lineItems: [line({ unitAmount: 120 })],
          },
        ],
      },
      false,
    );
    const invoiceID = created.body.invoices?.[0]?.invoiceID ?? '';
    const payment: Payment = {
      invoice: { invoiceID },
      account: { code: '090' },
      date: '2026-11-21',
      amount: 120,
      reference: 'EFTPOS',
    };
    const p = await api.createPayments(tenant, { payments: [payment] }, false, 'pay-key-1');
    const paymentID = p.body.payments?.[0]?.paymentID ?? '';
    expect(p.body.payments?.[0]?.statusAttributeString).toBe('OK');
    expect(p.body.payments?.[0]?.date).toBeInstanceOf(Date);
    expect((await api.getInvoice(tenant, invoiceID)).body.invoices?.[0]?.status).toBe(
      Invoice.StatusEnum.PAID,
    );
    const dup = await api.createPayments(tenant, { payments: [payment] }, false);
    expect(dup.body.payments?.[0]?.validationErrors?.[0]?.message).toBe(
      'Payment amount exceeds the amount outstanding on this document',
    );
    const del = await api.deletePayment(tenant, paymentID, { status: 'DELETED' });
    expect(del.body.payments?.[0]?.status).toBe(Payment.StatusEnum.DELETED);
    expect((await api.getInvoice(tenant, invoiceID)).body.invoices?.[0]?.amountDue).toBe(120);
    const all = await api.getPayments(tenant);
    expect(all.body.payments?.some((x) => x.paymentID === paymentID)).toBe(true);
  });

  it('createCreditNotes + createCreditNoteAllocation, createBatchPayment', async () => {
    const inv = await api.createInvoices(tenant, {
      invoices: [
        {
          type: Invoice.TypeEnum.ACCREC,
          contact: { name: 'Credit Person' },
          date: '2026-11-20',
          status: Invoice.StatusEnum.AUTHORISED,
          lineItems: [line({ unitAmount: 200 })],
        },
      ],
    });
    const invoice = inv.body.invoices?.[0];
    const cn: CreditNote = {
      type: CreditNote.TypeEnum.ACCRECCREDIT,
      contact: { contactID: invoice?.contact?.contactID ?? '' },
      date: '2026-11-21',
      status: CreditNote.StatusEnum.AUTHORISED,
      lineItems: [line({ unitAmount: 50 })],
    };
    const c = await api.createCreditNotes(tenant, { creditNotes: [cn] }, false);
    const creditNoteID = c.body.creditNotes?.[0]?.creditNoteID ?? '';
    const alloc: Allocation = {
      invoice: { invoiceID: invoice?.invoiceID ?? '' },
      amount: 50,
      date: '2026-11-21',
    };
    const a = await api.createCreditNoteAllocation(tenant, creditNoteID, { allocations: [alloc] });
    expect(a.body.allocations?.[0]?.amount).toBe(50);
    const bp: BatchPayment = {
      account: { code: '090' },
      date: '2026-11-25',
      details: 'Batch 1', // Reference is New Zealand only (an AU organisation refuses it)
      payments: [{ invoice: { invoiceID: invoice?.invoiceID ?? '' }, amount: 150 }],
    };
    const b = await api.createBatchPayment(tenant, { batchPayments: [bp] }, false);
    expect(b.body.batchPayments?.[0]?.type).toBe(BatchPayment.TypeEnum.RECBATCH);
    expect(b.body.batchPayments?.[0]?.totalAmount).toBe(150);
    expect((await api.getInvoice(tenant, invoice?.invoiceID ?? '')).body.invoices?.[0]?.status).toBe(
      Invoice.StatusEnum.PAID,
    );
  });

  it('429 surfaces to xero-node with lower-cased retry-after and x-rate-limit-problem', async () => {
    sim.faults.rateLimitNext('minute', 42);
    const err = await rejection(api.getOrganisations(tenant));
    expect(err.response.statusCode).toBe(429);
    expect(err.response.headers['retry-after']).toBe('42');
    expect(err.response.headers['x-rate-limit-problem']).toBe('minute');
  });
});
