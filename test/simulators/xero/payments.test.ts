// Payments, credit notes + allocations, and batch payments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXeroSim, type XeroSim } from './index.js';
import { client, invoice, type Call } from './test-helpers.js';

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
async function newInvoice(
  over: Record<string, unknown> = {},
): Promise<{ InvoiceID: string; InvoiceNumber: string; Total: number }> {
  const r = await call('PUT', '/Invoices', {
    body: {
      Invoices: [
        invoice(
          { InvoiceNumber: `P-${++seq}`, Contact: { Name: 'Pay Patient' }, ...over },
          { UnitAmount: 100 },
        ),
      ],
    },
  });
  expect(r.status).toBe(200);
  return r.json.Invoices[0];
}
async function pay(p: Record<string, unknown>) {
  const r = await call('PUT', '/Payments', { body: { Payments: [p] }, query: { summarizeErrors: 'false' } });
  expect(r.status).toBe(200);
  return r.json.Payments[0];
}
const errs = (el: { ValidationErrors: { Message: string }[] }): string[] =>
  el.ValidationErrors.map((v) => v.Message);

describe('payments', () => {
  it('part-pays then fully pays an AUTHORISED invoice → PAID with FullyPaidOnDate', async () => {
    const inv = await newInvoice();
    const p1 = await pay({
      Invoice: { InvoiceID: inv.InvoiceID },
      Account: { Code: '090' },
      Date: '2026-11-21',
      Amount: 40,
    });
    expect(p1).toMatchObject({
      StatusAttributeString: 'OK',
      Amount: 40,
      PaymentType: 'ACCRECPAYMENT',
      Status: 'AUTHORISED',
    });
    let got = (await call('GET', `/Invoices/${inv.InvoiceID}`)).json.Invoices[0];
    expect([got.Status, got.AmountPaid, got.AmountDue]).toEqual(['AUTHORISED', 40, 60]);
    const p2 = await pay({
      Invoice: { InvoiceNumber: inv.InvoiceNumber },
      Account: { Code: '091' },
      Date: '2026-11-22',
      Amount: 60,
    });
    expect(p2.StatusAttributeString).toBe('OK');
    got = (await call('GET', `/Invoices/${inv.InvoiceID}`)).json.Invoices[0];
    expect([got.Status, got.AmountPaid, got.AmountDue]).toEqual(['PAID', 100, 0]);
    expect(got.FullyPaidOnDate).toBe('/Date(1795305600000+0000)/');
    expect(got.Payments.map((p: { Amount: number }) => p.Amount)).toEqual([40, 60]);
    const inspect = sim.org().invoice(inv.InvoiceID);
    expect(inspect?.Status).toBe('PAID');
  });

  it('a retried payment on a paid invoice exceeds the amount outstanding', async () => {
    const inv = await newInvoice();
    const p = {
      Invoice: { InvoiceID: inv.InvoiceID },
      Account: { Code: '090' },
      Date: '2026-11-21',
      Amount: 100,
    };
    expect((await pay(p)).StatusAttributeString).toBe('OK');
    expect(errs(await pay(p))).toEqual(['Payment amount exceeds the amount outstanding on this document']);
    const over = await newInvoice();
    expect(errs(await pay({ ...p, Invoice: { InvoiceID: over.InvoiceID }, Amount: 100.01 }))).toEqual([
      'Payment amount exceeds the amount outstanding on this document',
    ]);
  });

  it('only against AUTHORISED documents', async () => {
    const draft = await newInvoice({ Status: 'DRAFT' });
    expect(
      errs(await pay({ Invoice: { InvoiceID: draft.InvoiceID }, Account: { Code: '090' }, Amount: 10 })),
    ).toEqual(['Payments can only be made against Authorised documents']);
  });

  it('only to BANK accounts or accounts with EnablePaymentsToAccount', async () => {
    const inv = await newInvoice();
    expect(
      errs(await pay({ Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '620' }, Amount: 10 }))[0],
    ).toBe('Account type is invalid for making a payment to/from');
    expect(
      errs(await pay({ Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '999' }, Amount: 10 })),
    ).toEqual(["Account code '999' is not a valid code for this document."]);
    const acc = sim.org().account('092');
    const ok = await pay({
      Invoice: { InvoiceID: inv.InvoiceID },
      Account: { AccountID: acc?.AccountID },
      Amount: 10,
    });
    expect(ok.StatusAttributeString).toBe('OK');
    sim.org().setAccount('092', { EnablePaymentsToAccount: false });
    expect(
      errs(await pay({ Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '092' }, Amount: 10 }))[0],
    ).toBe('Account type is invalid for making a payment to/from');
  });

  it('an invoice with a payment cannot be edited or voided; delete the payment first', async () => {
    const inv = await newInvoice();
    const p = await pay({ Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '090' }, Amount: 25 });
    const blocked = 'This document cannot be edited as it has a payment or credit note allocated to it.';
    for (const change of [{ Reference: 'edit' }, { Status: 'VOIDED' }]) {
      const r = await call('POST', '/Invoices', {
        body: { Invoices: [{ InvoiceID: inv.InvoiceID, ...change }] },
      });
      expect(r.status).toBe(400);
      expect(r.json.Elements[0].ValidationErrors[0].Message).toBe(blocked);
    }
    // Payments cannot be modified, only deleted.
    const edit = await call('POST', `/Payments/${p.PaymentID}`, { body: { Payments: [{ Amount: 20 }] } });
    expect(edit.status).toBe(400);
    const del = await call('POST', `/Payments/${p.PaymentID}`, { body: { Status: 'DELETED' } });
    expect(del.status).toBe(200);
    expect(del.json.Payments[0].Status).toBe('DELETED');
    const got = (await call('GET', `/Invoices/${inv.InvoiceID}`)).json.Invoices[0];
    expect([got.Status, got.AmountPaid, got.AmountDue, got.Payments.length]).toEqual([
      'AUTHORISED',
      0,
      100,
      0,
    ]);
    const v = await call('POST', '/Invoices', {
      body: { Invoices: [{ InvoiceID: inv.InvoiceID, Status: 'VOIDED' }] },
    });
    expect(v.json.Invoices[0].Status).toBe('VOIDED');
    expect((await call('GET', `/Payments/${p.PaymentID}`)).json.Payments[0].Status).toBe('DELETED');
  });

  it('deleting a payment un-pays a PAID invoice', async () => {
    const inv = await newInvoice();
    const p = await pay({ Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '090' }, Amount: 100 });
    expect(sim.org().invoice(inv.InvoiceID)?.Status).toBe('PAID');
    await call('POST', `/Payments/${p.PaymentID}`, { body: { Payments: [{ Status: 'DELETED' }] } });
    expect(sim.org().invoice(inv.InvoiceID)).toMatchObject({ Status: 'AUTHORISED', AmountDue: 100 });
  });

  it('payments dated on/before the lock date are refused', async () => {
    const inv = await newInvoice();
    sim.org().setLockDate('2026-11-30');
    try {
      expect(
        errs(
          await pay({
            Invoice: { InvoiceID: inv.InvoiceID },
            Account: { Code: '090' },
            Date: '2026-11-30',
            Amount: 5,
          }),
        ),
      ).toEqual(['The document date cannot be before the period lock date']);
    } finally {
      sim.org().setLockDate(null);
    }
  });
});

describe('credit notes and allocations', () => {
  it('an authorised ACCRECCREDIT allocated to the invoice reduces AmountDue; the invoice is then locked for edits', async () => {
    const inv = await newInvoice();
    const contactId = sim.org().invoice(inv.InvoiceID)?.ContactID;
    const cn = await call('PUT', '/CreditNotes', {
      body: {
        CreditNotes: [
          {
            Type: 'ACCRECCREDIT',
            Contact: { ContactID: contactId },
            Date: '2026-11-21',
            Status: 'AUTHORISED',
            LineItems: [
              {
                Description: 'Refund',
                Quantity: 1,
                UnitAmount: 30,
                AccountCode: '201',
                TaxType: 'EXEMPTOUTPUT',
              },
            ],
          },
        ],
      },
    });
    expect(cn.status).toBe(200);
    const c = cn.json.CreditNotes[0];
    expect(c).toMatchObject({ Status: 'AUTHORISED', Total: 30, RemainingCredit: 30 });
    expect(c.CreditNoteNumber).toMatch(/^CN-\d{4}$/);
    const over = await call('PUT', `/CreditNotes/${c.CreditNoteID}/Allocations`, {
      body: { Allocations: [{ Invoice: { InvoiceID: inv.InvoiceID }, Amount: 30.01, Date: '2026-11-21' }] },
      query: { summarizeErrors: 'false' },
    });
    expect(over.json.Allocations[0].StatusAttributeString).toBe('ERROR');
    const al = await call('PUT', `/CreditNotes/${c.CreditNoteID}/Allocations`, {
      body: { Allocations: [{ Invoice: { InvoiceID: inv.InvoiceID }, Amount: 30, Date: '2026-11-21' }] },
    });
    expect(al.status).toBe(200);
    expect(al.json.Allocations[0]).toMatchObject({ Amount: 30 });
    const got = (await call('GET', `/Invoices/${inv.InvoiceID}`)).json.Invoices[0];
    expect([got.AmountDue, got.AmountCredited, got.Status]).toEqual([70, 30, 'AUTHORISED']);
    expect(got.CreditNotes[0]).toMatchObject({ CreditNoteID: c.CreditNoteID, AppliedAmount: 30 });
    const cnAfter = (await call('GET', `/CreditNotes/${c.CreditNoteID}`)).json.CreditNotes[0];
    expect([cnAfter.RemainingCredit, cnAfter.Status]).toEqual([0, 'PAID']);
    const edit = await call('POST', '/Invoices', {
      body: { Invoices: [{ InvoiceID: inv.InvoiceID, Reference: 'x' }] },
    });
    expect(edit.json.Elements[0].ValidationErrors[0].Message).toBe(
      'This document cannot be edited as it has a payment or credit note allocated to it.',
    );
  });

  it('a cash refund is a payment against the credit note', async () => {
    const cn = await call('PUT', '/CreditNotes', {
      body: {
        CreditNotes: [
          {
            Type: 'ACCRECCREDIT',
            Contact: { Name: 'Refund Patient' },
            Status: 'AUTHORISED',
            LineItems: [
              { Description: 'Refund', Quantity: 1, UnitAmount: 50, AccountCode: '200', TaxType: 'OUTPUT' },
            ],
          },
        ],
      },
    });
    const c = cn.json.CreditNotes[0];
    expect(c.Total).toBe(55);
    const p = await pay({
      CreditNote: { CreditNoteID: c.CreditNoteID },
      Account: { Code: '090' },
      Amount: 55,
    });
    expect(p).toMatchObject({ StatusAttributeString: 'OK', PaymentType: 'ARCREDITPAYMENT' });
    expect(
      sim
        .org()
        .creditNotes()
        .find((x) => x.CreditNoteID === c.CreditNoteID)?.Status,
    ).toBe('PAID');
  });
});

describe('batch payments', () => {
  it('RECBATCH pays several invoices on one bank line; its payments cannot be deleted individually', async () => {
    const a = await newInvoice();
    const b = await newInvoice();
    const r = await call('PUT', '/BatchPayments', {
      body: {
        BatchPayments: [
          {
            Account: { Code: '090' },
            Date: '2026-11-25',
            Details: 'EFTPOS settle',
            Payments: [
              { Invoice: { InvoiceID: a.InvoiceID }, Amount: 100 },
              { Invoice: { InvoiceID: b.InvoiceID }, Amount: 60 },
            ],
          },
        ],
      },
    });
    expect(r.status).toBe(200);
    const bp = r.json.BatchPayments[0];
    expect(bp).toMatchObject({ Type: 'RECBATCH', TotalAmount: 160, Status: 'AUTHORISED' });
    expect(sim.org().invoice(a.InvoiceID)?.Status).toBe('PAID');
    expect(sim.org().invoice(b.InvoiceID)?.AmountDue).toBe(40);
    const pid = bp.Payments[0].PaymentID;
    const del = await call('POST', `/Payments/${pid}`, {
      body: { Status: 'DELETED' },
      query: { summarizeErrors: 'false' },
    });
    expect(del.json.Payments[0].ValidationErrors[0].Message).toBe(
      'Payments within a batch cannot be deleted.',
    );
    expect(sim.org().batchPayments()).toHaveLength(1);
    const delBatch = await call('POST', '/BatchPayments', {
      body: { BatchPaymentID: bp.BatchPaymentID, Status: 'DELETED' },
    });
    expect(delBatch.status).toBe(200);
    expect(sim.org().invoice(a.InvoiceID)).toMatchObject({ Status: 'AUTHORISED', AmountDue: 100 });
  });

  it('a batch with one bad payment is refused as a whole', async () => {
    const a = await newInvoice();
    const draft = await newInvoice({ Status: 'DRAFT' });
    const r = await call('PUT', '/BatchPayments', {
      body: {
        BatchPayments: [
          {
            Account: { Code: '090' },
            Date: '2026-11-25',
            Payments: [
              { Invoice: { InvoiceID: a.InvoiceID }, Amount: 100 },
              { Invoice: { InvoiceID: draft.InvoiceID }, Amount: 10 },
            ],
          },
        ],
      },
    });
    expect(r.status).toBe(400);
    expect(r.json.Elements[0].ValidationErrors[0].Message).toBe(
      'Payments can only be made against Authorised documents',
    );
    expect(sim.org().invoice(a.InvoiceID)?.AmountPaid).toBe(0);
  });
});
