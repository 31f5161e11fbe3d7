import { describe, expect, it } from 'vitest';
import { parseInvoice, parseInvoiceItem } from '../cliniko/parse.js';
import { allocationFor, mapCreditNote, negateDecimal } from './map-credit-note.js';
import { mapInvoice, type InvoiceCatalog } from './map-invoice.js';
import {
  rawInvoice,
  readySettings,
  XERO_ACCOUNTS,
  XERO_TAX_RATES,
} from '../../../test/support/sync-fixtures.js';

const BASE = 'https://api.au1.cliniko.com/v1';
const TS = '2026-03-05T21:30:00Z';

const item = (sign: 1 | -1, invoiceId: string) =>
  parseInvoiceItem({
    id: sign === 1 ? '1' : '2',
    name: 'Initial consultation and treatment',
    code: '2020',
    quantity: sign,
    unit_price: '100.0',
    discount_percentage: '18.1818',
    discounted_amount: sign === 1 ? '20.0' : '-20.0',
    is_monetary_discount: true,
    net_price: sign === 1 ? '81.818' : '-81.818',
    tax_name: 'GST',
    tax_rate: '10.0',
    tax_amount: sign === 1 ? '10.0' : '-10.0',
    total_including_tax: sign === 1 ? '90.0' : '-90.0',
    billable_item: { links: { self: `${BASE}/billable_items/1` } },
    invoice: { links: { self: `${BASE}/invoices/${invoiceId}` } },
    created_at: TS,
    updated_at: TS,
  });

const catalog: InvoiceCatalog = {
  billableItems: { '1': { name: 'Initial consultation', taxId: '1' } },
  products: {},
  practitioners: { '26': { displayName: 'Ann Lee' } },
  taxes: { '1': { name: 'GST', rate: '10' } },
};
const xero = { contactId: 'contact-uuid', accounts: XERO_ACCOUNTS, taxRates: XERO_TAX_RATES };

describe('a Cliniko credit note as a Xero credit note', () => {
  it('has the lines of the invoice it reverses, with the signs turned, and the same total', () => {
    const original = mapInvoice({
      invoice: parseInvoice(rawInvoice('108', 9000, 818)),
      items: [item(1, '108')],
      settings: readySettings(),
      catalog,
      xero,
    });
    const note = parseInvoice(
      rawInvoice('109', -9000, -818, {
        number: 1043,
        status: 40,
        status_description: 'Open credit',
        original_invoice: { links: { self: `${BASE}/invoices/108` } },
      }),
    );
    const r = mapCreditNote({
      invoice: note,
      items: [item(-1, '109')],
      settings: readySettings(),
      catalog,
      xero,
      originalNumber: '1042',
    });
    expect(r.ok && original.ok).toBe(true);
    if (!r.ok || !original.ok) return;
    expect(r.payload).toEqual({
      Type: 'ACCRECCREDIT',
      Contact: { ContactID: 'contact-uuid' },
      CreditNoteNumber: '1043',
      Date: '2026-03-06',
      Status: 'AUTHORISED',
      LineAmountTypes: 'Exclusive',
      LineItems: original.payload.LineItems,
      Reference: 'Cliniko credit #1043 for invoice #1042',
    });
    expect(r.totalCents).toBe(9000);
  });

  it('refuses a record that is not a credit note', () => {
    expect(() =>
      mapCreditNote({
        invoice: parseInvoice(rawInvoice('108', 9000, 818)),
        items: [item(1, '108')],
        settings: readySettings(),
        catalog,
        xero,
        originalNumber: '1',
      }),
    ).toThrow(/not a credit note/);
  });
});

describe('negateDecimal', () => {
  it.each([
    ['1', '-1'],
    ['-1.5', '1.5'],
    ['0', '0'],
    ['-0.00', '0.00'],
    ['81.818', '-81.818'],
  ])('%s → %s', (a, b) => expect(negateDecimal(a)).toBe(b));
});

describe('allocationFor', () => {
  it('allocates as much as both the credit and the invoice allow, or nothing', () => {
    expect(allocationFor(9000, 12000, 'inv', '2026-03-06')).toEqual({
      Invoice: { InvoiceID: 'inv' },
      Amount: 90,
      Date: '2026-03-06',
    });
    expect(allocationFor(9000, 4000, 'inv', '2026-03-06')?.Amount).toBe(40);
    expect(allocationFor(9000, 0, 'inv', '2026-03-06')).toBeNull();
  });
});
