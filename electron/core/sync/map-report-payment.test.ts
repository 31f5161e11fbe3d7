import { describe, expect, it } from 'vitest';
import {
  groupDailyBatches,
  mapBatchPayment,
  mapRefund,
  mapReportPayment,
  type ReportRow,
} from './map-report-payment.js';

const row = (over: Partial<ReportRow>): ReportRow => ({
  day: '2026-12-05',
  invoiceId: '1',
  invoiceNumber: '104',
  paymentType: 'EFTPOS',
  amountCents: 8000,
  ...over,
});

describe('report payments', () => {
  it('a row is a payment on its own day and account, to the cent', () => {
    expect(
      mapReportPayment(row({ amountCents: 123450 }), {
        xeroInvoiceId: 'X1',
        accountCode: '091',
        xeroInvoiceNumber: 'CL-104',
      }),
    ).toEqual({
      Invoice: { InvoiceID: 'X1' },
      Account: { Code: '091' },
      Date: '2026-12-05',
      Amount: 1234.5,
      Reference: 'Cliniko EFTPOS payment, invoice CL-104',
    });
    expect(() =>
      mapReportPayment(row({ amountCents: -5 }), {
        xeroInvoiceId: 'X',
        accountCode: '1',
        xeroInvoiceNumber: 'n',
      }),
    ).toThrow();
  });

  it('a negative row is a cash refund from the credit note', () => {
    expect(
      mapRefund(row({ amountCents: -5000, paymentType: 'Cash' }), {
        xeroCreditNoteId: 'C1',
        accountCode: '092',
        creditNoteNumber: 'CL-105',
      }),
    ).toEqual({
      CreditNote: { CreditNoteID: 'C1' },
      Account: { Code: '092' },
      Date: '2026-12-05',
      Amount: 50,
      Reference: 'Cliniko Cash refund, credit note CL-105',
    });
  });

  it('daily batches: one per type and day, one payment per invoice summing its rows; refunds stay out', () => {
    const batches = groupDailyBatches([
      row({ invoiceId: '1', amountCents: 1000 }),
      row({ invoiceId: '1', amountCents: 2500 }),
      row({ invoiceId: '2', amountCents: 4000 }),
      row({ invoiceId: '2', amountCents: 700, paymentType: 'Cash' }),
      row({ invoiceId: '3', amountCents: 100, day: '2026-12-06' }),
      row({ invoiceId: '4', amountCents: -300 }),
    ]);
    expect([...batches.keys()]).toEqual(['2026-12-05|EFTPOS', '2026-12-05|Cash', '2026-12-06|EFTPOS']);
    const eftpos = batches.get('2026-12-05|EFTPOS');
    if (!eftpos) throw new Error('batch');
    expect(eftpos.totalCents).toBe(7500);
    expect(
      mapBatchPayment({ ...eftpos, paymentType: 'EFTPOS settlement account' }, '091', (id) => `X${id}`),
    ).toEqual({
      Date: '2026-12-05',
      Details: 'EFTPOS settlement',
      Account: { Code: '091' },
      Payments: [
        { Invoice: { InvoiceID: 'X1' }, Amount: 35 },
        { Invoice: { InvoiceID: 'X2' }, Amount: 40 },
      ],
    });
  });
});
