// BatchPayments (create by PUT or POST, region rules for the bank reference, delete, reconciled batches) and credit
// notes (allocations and cash refunds exact to the cent), each with Idempotency-Key replay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookkeeper, startXeroSim, type XeroSim } from './index.js';
import { client, invoice, messages, type Call } from './test-helpers.js';

let sim: XeroSim;
let call: Call;
beforeAll(async () => {
  sim = await startXeroSim({ limits: { perMinute: 1_000_000, perDay: 1_000_000 } });
  call = client(sim);
});
afterAll(async () => {
  await sim.close();
});

let seq = 0;
async function newInvoice(unit = 100, contact = 'Batch Patient') {
  const r = await call('PUT', '/Invoices', {
    body: {
      Invoices: [invoice({ InvoiceNumber: `B-${++seq}`, Contact: { Name: contact } }, { UnitAmount: unit })],
    },
  });
  expect(r.status).toBe(200);
  return r.json.Invoices[0] as { InvoiceID: string; InvoiceNumber: string; Total: number };
}
const batch = (invs: { InvoiceID: string }[], amounts: number[], over: Record<string, unknown> = {}) => ({
  Account: { Code: '091' },
  Date: '2026-11-25',
  Details: 'EFTPOS',
  Payments: invs.map((i, k) => ({ Invoice: { InvoiceID: i.InvoiceID }, Amount: amounts[k] })),
  ...over,
});

describe('BatchPayments', () => {
  it('POST creates like PUT; GET lists it with its payments; If-Modified-Since filters', async () => {
    const a = await newInvoice(100);
    const b = await newInvoice(250.5);
    const since = new Date(Date.now() - 1000).toUTCString();
    const r = await call('POST', '/BatchPayments', {
      body: { BatchPayments: [batch([a, b], [100, 0.5])] },
      query: { summarizeErrors: 'false' },
    });
    expect(r.status).toBe(200);
    const bp = r.json.BatchPayments[0];
    expect(bp).toMatchObject({
      StatusAttributeString: 'OK',
      Type: 'RECBATCH',
      TotalAmount: 100.5,
      Details: 'EFTPOS',
    });
    expect(bp.Account.Code).toBe('091');
    expect(sim.org().invoice(b.InvoiceID)).toMatchObject({ AmountPaid: 0.5, AmountDue: 250 });
    const list = await call('GET', '/BatchPayments', { headers: { 'If-Modified-Since': since } });
    expect(list.json.BatchPayments.map((x: { BatchPaymentID: string }) => x.BatchPaymentID)).toContain(
      bp.BatchPaymentID,
    );
    const later = await call('GET', '/BatchPayments', {
      headers: { 'If-Modified-Since': new Date(Date.now() + 60_000).toUTCString() },
    });
    expect(later.json.BatchPayments).toEqual([]);
    const one = await call('GET', `/BatchPayments/${bp.BatchPaymentID}`);
    expect(one.json.BatchPayments[0].Payments).toHaveLength(2);
  });

  it('outside New Zealand: Details up to 18 characters, Reference/Particulars/Code refused', async () => {
    const a = await newInvoice();
    const long = await call('PUT', '/BatchPayments', {
      body: { BatchPayments: [batch([a], [10], { Details: 'EFTPOS 25/11/2026 x' })] },
      query: { summarizeErrors: 'false' },
    });
    expect(messages(long.json)[0]).toEqual(['Details must be 18 characters or fewer.']);
    const ref = await call('PUT', '/BatchPayments', {
      body: { BatchPayments: [batch([a], [10], { Reference: 'EFTPOS' })] },
      query: { summarizeErrors: 'false' },
    });
    expect(messages(ref.json)[0]).toEqual(['Reference can only be used by New Zealand organisations.']);
    expect(sim.org().invoice(a.InvoiceID)?.AmountPaid).toBe(0);
    const ok18 = await call('PUT', '/BatchPayments', {
      body: { BatchPayments: [batch([a], [10], { Details: 'x'.repeat(18) })] },
    });
    expect(ok18.status).toBe(200);
  });

  it('in a New Zealand organisation Reference is accepted and Details refused', async () => {
    const nz = await startXeroSim({ organisations: [{ name: 'Kiwi Physio Ltd' }] });
    try {
      nz.org().setCountryCode('NZ');
      const c = client(nz);
      const inv = (await c('PUT', '/Invoices', { body: { Invoices: [invoice({ InvoiceNumber: 'NZ-1' })] } }))
        .json.Invoices[0];
      const d = await c('PUT', '/BatchPayments', {
        body: { BatchPayments: [batch([inv], [5])] },
        query: { summarizeErrors: 'false' },
      });
      expect(messages(d.json)[0]?.[0]).toMatch(/^Details cannot be used by New Zealand/);
      const r = await c('PUT', '/BatchPayments', {
        body: { BatchPayments: [batch([inv], [5], { Details: undefined, Reference: 'EFTPOS 25/11' })] },
      });
      expect(r.status).toBe(200);
      expect(r.json.BatchPayments[0].Reference).toBe('EFTPOS 25/11');
    } finally {
      await nz.close();
    }
  });

  it('delete by POST {BatchPaymentID, Status: DELETED} (or on the URL); a reconciled batch is refused', async () => {
    const a = await newInvoice();
    const b = await newInvoice();
    const mk = async () =>
      (await call('PUT', '/BatchPayments', { body: { BatchPayments: [batch([a, b], [30, 40])] } })).json
        .BatchPayments[0] as { BatchPaymentID: string; Payments: { PaymentID: string }[] };
    const bp1 = await mk();
    const del1 = await call('POST', '/BatchPayments', {
      body: { BatchPaymentID: bp1.BatchPaymentID, Status: 'DELETED' },
    });
    expect(del1.status).toBe(200);
    expect(del1.json.BatchPayments[0].Status).toBe('DELETED');
    expect(sim.org().invoice(a.InvoiceID)?.AmountPaid).toBe(0);

    const bp2 = await mk();
    const single = await call('POST', `/Payments/${bp2.Payments[0]?.PaymentID}`, {
      body: { Status: 'DELETED' },
      query: { summarizeErrors: 'false' },
    });
    expect(messages(single.json)[0]).toEqual(['Payments within a batch cannot be deleted.']);
    bookkeeper(sim.org()).reconcileBatchPayment(bp2.BatchPaymentID);
    const refused = await call('POST', `/BatchPayments/${bp2.BatchPaymentID}`, {
      body: { Status: 'DELETED' },
      query: { summarizeErrors: 'false' },
    });
    expect(messages(refused.json)[0]?.[0]).toMatch(/reconciled/);
    expect(sim.org().invoice(b.InvoiceID)?.AmountPaid).toBe(40);
    const again = await call('POST', '/BatchPayments', {
      body: { BatchPaymentID: bp1.BatchPaymentID, Status: 'DELETED' },
      query: { summarizeErrors: 'false' },
    });
    expect(messages(again.json)[0]).toEqual(['This batch payment has already been deleted.']);
  });

  it('Idempotency-Key: a retried create replays the first answer and pays once', async () => {
    const a = await newInvoice();
    const body = { BatchPayments: [batch([a], [25])] };
    const r1 = await call('PUT', '/BatchPayments', { body, idempotencyKey: 'bp-key-1' });
    const r2 = await call('PUT', '/BatchPayments', { body, idempotencyKey: 'bp-key-1' });
    expect(r2.text).toBe(r1.text);
    expect(sim.org().invoice(a.InvoiceID)?.AmountPaid).toBe(25);
    const r3 = await call('PUT', '/BatchPayments', { body, idempotencyKey: 'bp-key-2' });
    expect(r3.json.BatchPayments[0].BatchPaymentID).not.toBe(r1.json.BatchPayments[0].BatchPaymentID);
    expect(sim.org().invoice(a.InvoiceID)?.AmountPaid).toBe(50);
  });
});

describe('credit notes', () => {
  const cnBody = (contact: string, amount: number, over: Record<string, unknown> = {}) => ({
    Type: 'ACCRECCREDIT',
    Contact: { Name: contact },
    Date: '2026-11-22',
    Status: 'AUTHORISED',
    LineAmountTypes: 'Inclusive',
    LineItems: [
      { Description: 'Refund', Quantity: 1, UnitAmount: amount, AccountCode: '201', TaxType: 'EXEMPTOUTPUT' },
    ],
    ...over,
  });

  it('create, get, update; allocate part; refund the rest in cash — all exact to the cent', async () => {
    const inv = await newInvoice(123.45, 'Credit Patient');
    const created = await call('PUT', '/CreditNotes', {
      body: { CreditNotes: [cnBody('Credit Patient', 50.1, { Status: 'DRAFT', CreditNoteNumber: 'CN-A1' })] },
    });
    expect(created.status).toBe(200);
    const id = created.json.CreditNotes[0].CreditNoteID as string;
    const upd = await call('POST', `/CreditNotes/${id}`, {
      body: { CreditNotes: [{ Status: 'AUTHORISED', Reference: 'INV B' }] },
    });
    expect(upd.json.CreditNotes[0]).toMatchObject({
      Status: 'AUTHORISED',
      Total: 50.1,
      RemainingCredit: 50.1,
    });
    const byNumber = await call('GET', '/CreditNotes/CN-A1');
    expect(byNumber.json.CreditNotes[0].CreditNoteID).toBe(id);

    const alloc = await call('PUT', `/CreditNotes/${id}/Allocations`, {
      body: { Allocations: [{ Invoice: { InvoiceID: inv.InvoiceID }, Amount: 30.03, Date: '2026-11-22' }] },
    });
    expect(alloc.status).toBe(200);
    expect(sim.org().invoice(inv.InvoiceID)).toMatchObject({ AmountCredited: 30.03, AmountDue: 93.42 });
    const refund = await call('PUT', '/Payments', {
      body: {
        Payments: [
          { CreditNote: { CreditNoteID: id }, Account: { Code: '092' }, Amount: 20.07, Date: '2026-11-23' },
        ],
      },
    });
    expect(refund.json.Payments[0]).toMatchObject({ PaymentType: 'ARCREDITPAYMENT', Amount: 20.07 });
    const cn = (await call('GET', `/CreditNotes/${id}`)).json.CreditNotes[0];
    expect(cn).toMatchObject({ RemainingCredit: 0, AppliedAmount: 30.03, Status: 'PAID' });
    const over = await call('PUT', '/Payments', {
      body: { Payments: [{ CreditNote: { CreditNoteID: id }, Account: { Code: '092' }, Amount: 0.01 }] },
      query: { summarizeErrors: 'false' },
    });
    expect(messages(over.json)[0]).toEqual([
      'Payment amount exceeds the amount outstanding on this document',
    ]);
    // Deleting the refund restores exactly its amount of credit.
    await call('POST', `/Payments/${refund.json.Payments[0].PaymentID}`, { body: { Status: 'DELETED' } });
    expect((await call('GET', `/CreditNotes/${id}`)).json.CreditNotes[0]).toMatchObject({
      RemainingCredit: 20.07,
      Status: 'AUTHORISED',
    });
  });

  it('DELETE /CreditNotes/{id}/Allocations/{allocationId} gives the credit back, to the cent', async () => {
    const inv = await newInvoice(60.4, 'Unalloc Patient');
    const c = await call('PUT', '/CreditNotes', { body: { CreditNotes: [cnBody('Unalloc Patient', 60.4)] } });
    const id = c.json.CreditNotes[0].CreditNoteID as string;
    const a = await call('PUT', `/CreditNotes/${id}/Allocations`, {
      body: { Allocations: [{ Invoice: { InvoiceID: inv.InvoiceID }, Amount: 60.4, Date: '2026-11-22' }] },
    });
    const allocationId = a.json.Allocations[0].AllocationID as string;
    expect(sim.org().invoice(inv.InvoiceID)).toMatchObject({ Status: 'PAID', AmountDue: 0 });
    const del = await call('DELETE', `/CreditNotes/${id}/Allocations/${allocationId}`);
    expect(del.status).toBe(200);
    expect(del.json).toMatchObject({ AllocationID: allocationId, IsDeleted: true, Amount: 60.4 });
    expect(sim.org().invoice(inv.InvoiceID)).toMatchObject({
      Status: 'AUTHORISED',
      AmountDue: 60.4,
      AmountCredited: 0,
    });
    const cn = (await call('GET', `/CreditNotes/${id}`)).json.CreditNotes[0];
    expect(cn).toMatchObject({
      Status: 'AUTHORISED',
      RemainingCredit: 60.4,
      AppliedAmount: 0,
      Allocations: [],
    });
    const again = await call('DELETE', `/CreditNotes/${id}/Allocations/${allocationId}`);
    expect(again.status).toBe(400);
    expect(again.json.Elements[0].ValidationErrors[0].Message).toBe(
      'This allocation has already been deleted.',
    );
    const missing = await call(
      'DELETE',
      `/CreditNotes/${id}/Allocations/00000000-0000-0000-0000-000000000000`,
    );
    expect(missing.status).toBe(404);
  });

  it('lookups for adoption: where= on CreditNotes, Payments (nested Invoice.InvoiceID) and BatchPayments', async () => {
    const inv = await newInvoice(70, 'Where Patient');
    const c = await call('PUT', '/CreditNotes', {
      body: { CreditNotes: [cnBody('Where Patient', 10, { CreditNoteNumber: 'CN-WHERE-1' })] },
    });
    const cnId = c.json.CreditNotes[0].CreditNoteID as string;
    const byNum = await call('GET', '/CreditNotes', { query: { where: 'CreditNoteNumber=="CN-WHERE-1"' } });
    expect(byNum.json.CreditNotes.map((x: { CreditNoteID: string }) => x.CreditNoteID)).toEqual([cnId]);
    const paged = await call('GET', '/CreditNotes', {
      query: { where: 'CreditNoteNumber=="CN-WHERE-1"', page: '1' },
    });
    expect(paged.json.pagination).toMatchObject({ page: 1, itemCount: 1 });
    await call('PUT', '/Payments', {
      body: { Payments: [{ Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '090' }, Amount: 7 }] },
    });
    const pays = await call('GET', '/Payments', {
      query: { where: `Invoice.InvoiceID==Guid("${inv.InvoiceID.toUpperCase()}")` },
    });
    expect(pays.json.Payments.map((p: { Amount: number }) => p.Amount)).toEqual([7]);
    await call('PUT', '/BatchPayments', {
      body: { BatchPayments: [batch([inv], [8], { Details: 'WHERE-BATCH' })] },
    });
    const bps = await call('GET', '/BatchPayments', { query: { where: 'Details=="WHERE-BATCH"' } });
    expect(bps.json.BatchPayments).toHaveLength(1);
    const bad = await call('GET', '/CreditNotes', { query: { where: 'CreditNoteNumber = 1' } });
    expect(bad.status).toBe(400);
  });

  it('Idempotency-Key on credit notes and allocations: a retry creates and allocates once', async () => {
    const inv = await newInvoice(80, 'Idem Patient');
    const body = { CreditNotes: [cnBody('Idem Patient', 80)] };
    const c1 = await call('PUT', '/CreditNotes', { body, idempotencyKey: 'cn-1' });
    const c2 = await call('PUT', '/CreditNotes', { body, idempotencyKey: 'cn-1' });
    expect(c2.text).toBe(c1.text);
    const id = c1.json.CreditNotes[0].CreditNoteID as string;
    const allocBody = {
      Allocations: [{ Invoice: { InvoiceID: inv.InvoiceID }, Amount: 80, Date: '2026-11-23' }],
    };
    const a1 = await call('PUT', `/CreditNotes/${id}/Allocations`, {
      body: allocBody,
      idempotencyKey: 'al-1',
    });
    const a2 = await call('PUT', `/CreditNotes/${id}/Allocations`, {
      body: allocBody,
      idempotencyKey: 'al-1',
    });
    expect(a1.text).toContain('"AllocationID"');
    expect(a1.status).toBe(200);
    expect(a2.text).toBe(a1.text);
    expect(sim.org().invoice(inv.InvoiceID)).toMatchObject({
      Status: 'PAID',
      AmountCredited: 80,
      AmountDue: 0,
    });
    const sameContact = sim
      .org()
      .creditNotes()
      .filter((c) => c.ContactID === sim.org().invoice(inv.InvoiceID)?.ContactID);
    expect(sameContact).toHaveLength(1);
  });
});
