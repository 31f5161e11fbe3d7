import { describe, expect, it } from 'vitest';
import { clinikoSide, INVOICE_MODE_TYPE } from './cliniko-side.js';
import { compareDays, type InvoiceInfo } from './compare.js';
import { CREDIT, TOTAL, paidFigure } from './figures.js';
import { paymentTypeFor, xeroDay, xeroSide } from './xero-side.js';
import type { ClinikoInvoice } from '../cliniko/types.js';

const inv = (over: Partial<ClinikoInvoice>): ClinikoInvoice =>
  ({
    id: '1',
    number: '101',
    issueDate: '2026-03-02',
    status: 10,
    totalCents: 11000,
    taxCents: 1000,
    archivedAt: null,
    originalInvoiceId: null,
    closedAt: null,
    businessId: null,
    ...over,
  }) as ClinikoInvoice;

const info = (over: Partial<InvoiceInfo> = {}): InvoiceInfo => ({
  number: 'CL-101',
  patientName: 'Jo Bloggs',
  logId: 7,
  xeroUrl: null,
  state: 'synced',
  inXero: true,
  ...over,
});

describe('reconcile arithmetic', () => {
  it("reads Xero's dates as calendar dates", () => {
    expect(xeroDay('/Date(1772409600000+0000)/')).toBe('2026-03-02');
    expect(xeroDay(new Date('2026-03-02T00:00:00Z'))).toBe('2026-03-02');
    expect(xeroDay('2026-03-02T00:00:00')).toBe('2026-03-02');
    expect(xeroDay(undefined)).toBeNull();
  });

  it('dates a payment by the local day of closed_at in the business zone (08:30 Sydney is that day)', () => {
    const side = clinikoSide({
      from: '2026-03-03',
      to: '2026-03-03',
      invoices: [inv({ status: 20, closedAt: '2026-03-02T21:30:00Z' })],
      zoneOf: () => 'Australia/Sydney',
      syncFrom: '2026-01-01',
      inLedger: () => true,
      mode: 'invoice',
      reportPayments: [],
    });
    expect(side.contributions).toEqual([
      { day: '2026-03-03', invoiceId: '1', figure: paidFigure(INVOICE_MODE_TYPE), cents: 11000 },
    ]);
  });

  it('counts a credit against the invoice it reverses, as a positive amount', () => {
    const side = clinikoSide({
      from: '2026-03-01',
      to: '2026-03-31',
      invoices: [inv({ id: '2', number: '102', totalCents: -5000, taxCents: -455, originalInvoiceId: '1' })],
      zoneOf: () => 'Australia/Sydney',
      syncFrom: '2026-01-01',
      inLedger: () => false,
      mode: 'invoice',
      reportPayments: [],
    });
    expect(side.contributions).toEqual([{ day: '2026-03-02', invoiceId: '1', figure: CREDIT, cents: 5000 }]);
  });

  it('an invoice missing from Xero explains its day with the reason from the ledger', () => {
    const days = compareDays({
      from: '2026-03-01',
      to: '2026-03-03',
      cliniko: [{ day: '2026-03-02', invoiceId: '1', figure: TOTAL, cents: 11000 }],
      xero: [],
      paymentTypes: [],
      info: () => info({ inXero: false, state: 'needs_attention' }),
    });
    expect(days.map((d) => d.differences)).toEqual([[], ['total'], []]);
    expect(days[1]?.invoices).toEqual([
      expect.objectContaining({
        invoiceNumber: 'CL-101',
        figure: 'total',
        clinikoCents: 11000,
        xeroCents: 0,
        why: 'Invoice CL-101 is not in Xero yet: it needs attention. Open it in the sync log to see what to do.',
      }),
    ]);
  });

  it("a Xero payment counts under its invoice's Cliniko payment type, else 'Not in Cliniko'; voided invoices count nothing", () => {
    const typeFor = paymentTypeFor(new Map([['1', [{ day: '2026-03-02', type: 'EFTPOS' }]]]));
    const out = xeroSide({
      from: '2026-03-01',
      to: '2026-03-31',
      clinikoIdOf: new Map([
        ['aa', '1'],
        ['bb', '2'],
        ['cc', '3'],
      ]),
      typeFor,
      invoices: [
        {
          invoiceID: 'AA',
          date: '2026-03-02',
          status: 'PAID',
          subTotal: 100,
          totalTax: 10,
          total: 110,
          payments: [{ date: '2026-03-02', amount: 110 }],
        },
        {
          invoiceID: 'bb',
          date: '2026-03-05',
          status: 'AUTHORISED',
          subTotal: 1,
          totalTax: 0,
          total: 1,
          payments: [{ date: '2026-03-06', amount: 0.5 }],
        },
        { invoiceID: 'cc', date: '2026-03-05', status: 'VOIDED', subTotal: 9, totalTax: 0, total: 9 },
      ],
    });
    expect(out.filter((c) => c.figure.startsWith('paid: '))).toEqual([
      { day: '2026-03-02', invoiceId: '1', figure: 'paid: EFTPOS', cents: 11000 },
      { day: '2026-03-06', invoiceId: '2', figure: 'paid: Not in Cliniko', cents: 50 },
    ]);
    expect(out.some((c) => c.invoiceId === '3')).toBe(false);
  });
});
