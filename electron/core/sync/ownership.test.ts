import { describe, expect, it } from 'vitest';
import { changedInXero, collisionMessage, linkRefusals, type XeroInvoiceSeen } from './ownership.js';

const money = (c: number): string => `$${(c / 100).toFixed(2)}`;
const date = (d: string): string => d.split('-').reverse().join('/');

const hand: XeroInvoiceSeen = {
  invoiceId: 'AAAA-1',
  invoiceNumber: 'CLN-12',
  contactName: 'Jo Smith',
  contactNumber: null,
  date: '2026-12-04',
  totalCents: 8000,
  status: 'AUTHORISED',
  amountPaidCents: 0,
  amountCreditedCents: 0,
  updatedDateUtc: '2026-12-04T01:00:00Z',
};

describe('number collisions', () => {
  it('say what Xero holds and the two ways out', () => {
    expect(collisionMessage('CLN-12', hand, { money, date })).toBe(
      'Xero already holds invoice CLN-12 (Jo Smith, 04/12/2026, $80.00, authorised) that this app did not create, so nothing was sent. Link it if it is this invoice, or use another invoice prefix for invoices from Cliniko.',
    );
  });
});

describe('Link it', () => {
  const ours = { contactNumber: 'CLINIKO-5', contactName: 'Jo Smith', date: '2026-12-04', totalCents: 8000 };
  it('is allowed when contact, date and total match to the cent', () => {
    expect(linkRefusals(hand, ours, { money })).toEqual([]);
    expect(
      linkRefusals({ ...hand, contactName: 'Someone', contactNumber: 'cliniko-5' }, ours, { money }),
    ).toEqual([]);
  });
  it('is refused with each difference named', () => {
    expect(
      linkRefusals({ ...hand, contactName: 'Al Brown', date: '2026-12-05', totalCents: 8001 }, ours, {
        money,
      }),
    ).toEqual([
      'its contact is Al Brown, not Jo Smith',
      'its date is 2026-12-05, not 2026-12-04',
      'its total is $80.01, not $80.00',
    ]);
    expect(linkRefusals({ ...hand, status: 'VOIDED' }, ours, { money })).toEqual(['it is voided in Xero']);
  });
});

describe('an invoice this app created, changed in Xero since', () => {
  const sent = {
    totalCents: 8000,
    status: 'AUTHORISED',
    paidByUsCents: 0,
    updatedDateUtc: '2026-12-04T01:00:00Z',
  };
  it('is untouched when Xero holds what was sent', () => {
    expect(changedInXero(hand, sent)).toBeNull();
    expect(
      changedInXero({ ...hand, amountPaidCents: 8000, status: 'PAID' }, { ...sent, paidByUsCents: 8000 }),
    ).toBeNull();
  });
  it('is named for each kind of change by someone else', () => {
    expect(changedInXero({ ...hand, amountPaidCents: 8000, status: 'PAID' }, sent)).toBe(
      'it was paid in Xero by someone else',
    );
    expect(changedInXero({ ...hand, amountCreditedCents: 100 }, sent)).toBe(
      'a credit note was allocated to it in Xero',
    );
    expect(changedInXero({ ...hand, status: 'VOIDED' }, sent)).toBe('it was voided in Xero');
    expect(changedInXero({ ...hand, totalCents: 9000 }, sent)).toBe('its total was changed in Xero');
    expect(changedInXero({ ...hand, updatedDateUtc: '2026-12-05T00:00:00Z' }, sent)).toBe(
      'it was edited in Xero',
    );
  });
});
