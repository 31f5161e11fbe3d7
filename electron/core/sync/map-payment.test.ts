import { describe, expect, it } from 'vitest';
import { mapPayment, type MapPaymentInput } from './map-payment.js';

const input = (over: Partial<MapPaymentInput> = {}): MapPaymentInput => ({
  // Paid at 08:30 on 6 March in Sydney (UTC+11) = 21:30Z on 5 March.
  invoice: { status: 20, closedAt: '2026-03-05T21:30:00Z' },
  xeroInvoiceId: 'inv-uuid',
  amountDueCents: 11000,
  accountCode: '090',
  timeZone: 'Australia/Sydney',
  invoiceNumber: 'CL-1042',
  ...over,
});

describe('mapPayment', () => {
  it('pays the amount due on the local date of closed_at', () => {
    expect(mapPayment(input())).toEqual({
      ok: true,
      payload: {
        Invoice: { InvoiceID: 'inv-uuid' },
        Account: { Code: '090' },
        Date: '2026-03-06',
        Amount: 110,
        Reference: 'Cliniko payment, invoice CL-1042',
      },
    });
    expect(
      mapPayment(input({ timeZone: 'Australia/Perth' })).ok &&
        mapPayment(input({ timeZone: 'Australia/Perth' })),
    ).toMatchObject({ payload: { Date: '2026-03-06' } });
    expect(mapPayment(input({ timeZone: 'UTC' }))).toMatchObject({ payload: { Date: '2026-03-05' } });
  });

  it('formats cents exactly', () => {
    expect(mapPayment(input({ amountDueCents: 1005 }))).toMatchObject({ payload: { Amount: 10.05 } });
  });

  it('only for a paid invoice with something due', () => {
    expect(mapPayment(input({ invoice: { status: 10, closedAt: null } }))).toEqual({
      ok: false,
      reason: 'not-paid',
    });
    expect(mapPayment(input({ invoice: { status: 20, closedAt: null } }))).toEqual({
      ok: false,
      reason: 'no-closed-at',
    });
    expect(mapPayment(input({ amountDueCents: 0 }))).toEqual({ ok: false, reason: 'nothing-due' });
  });
});
