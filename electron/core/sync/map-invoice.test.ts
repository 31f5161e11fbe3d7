import { describe, expect, it } from 'vitest';
import { parseInvoice, parseInvoiceItem } from '../cliniko/parse.js';
import type { ClinikoInvoiceItem } from '../cliniko/types.js';
import { clinikoInvoiceUrl, mapInvoice, type InvoiceCatalog, type MapInvoiceInput } from './map-invoice.js';
import {
  rawInvoice,
  readySettings,
  XERO_ACCOUNTS,
  XERO_TAX_RATES,
} from '../../../test/support/sync-fixtures.js';

const BASE = 'https://api.au1.cliniko.com/v1';
const TS = '2026-03-05T21:30:00Z';

// cliniko-api.md §7: $100 ex GST, monetary discount $20 (tax-inclusive) → $90.00 incl., net 81.818.
const referenceItem = (over: Record<string, unknown> = {}): ClinikoInvoiceItem =>
  parseInvoiceItem({
    id: '1',
    name: 'Initial consultation and treatment',
    code: '2020',
    quantity: 1,
    unit_price: '100.0',
    discount_percentage: '18.1818',
    discounted_amount: '20.0',
    is_monetary_discount: true,
    net_price: '81.818',
    tax_name: 'GST',
    tax_rate: '10.0',
    tax_amount: '10.0',
    total_including_tax: '90.0',
    billable_item: { links: { self: `${BASE}/billable_items/1` } },
    invoice: { links: { self: `${BASE}/invoices/108` } },
    created_at: TS,
    updated_at: TS,
    ...over,
  });

const catalog: InvoiceCatalog = {
  billableItems: { '1': { name: 'Initial consultation', taxId: '1' } },
  products: {},
  practitioners: { '26': { displayName: 'Ann Lee' } },
  taxes: { '1': { name: 'GST', rate: '10' } },
};

const input = (over: Partial<MapInvoiceInput> = {}): MapInvoiceInput => ({
  invoice: parseInvoice(rawInvoice('108', 9000, 818)),
  items: [referenceItem()],
  settings: readySettings(),
  catalog,
  xero: { contactId: 'contact-uuid', accounts: XERO_ACCOUNTS, taxRates: XERO_TAX_RATES },
  ...over,
});

describe('mapInvoice', () => {
  it('maps the reference invoice to an exact ACCREC payload', () => {
    const r = mapInvoice(
      input({
        clinikoWeb: { shard: 'au1', subdomain: 'healthy' },
        xero: {
          contactId: 'contact-uuid',
          accounts: XERO_ACCOUNTS,
          taxRates: XERO_TAX_RATES,
          currencyCode: 'AUD',
        },
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.payload).toEqual({
      Type: 'ACCREC',
      Contact: { ContactID: 'contact-uuid' },
      InvoiceNumber: '1042',
      Date: '2026-03-06',
      DueDate: '2026-03-06',
      Status: 'AUTHORISED',
      LineAmountTypes: 'Exclusive',
      LineItems: [
        // 100.00 less 18.18 = 81.82 ex GST; Xero's own tax round(8.182) = 8.18 = Cliniko's, so no TaxAmount.
        {
          Description: 'Initial consultation and treatment',
          Quantity: 1,
          UnitAmount: 100,
          DiscountAmount: 18.18,
          AccountCode: '200',
          TaxType: 'OUTPUT',
        },
      ],
      Reference: 'Cliniko #1042 (Ann Lee)',
      Url: 'https://healthy.au1.cliniko.com/invoices/108',
      CurrencyCode: 'AUD',
    });
    expect(r.expected).toEqual({ subTotalCents: 8182, totalTaxCents: 818, totalCents: 9000 });
    expect(r.lines[0]).toMatchObject({
      form: 'discount-amount',
      taxPinned: false,
      account: { source: 'default' },
      tax: { source: 'override', taxId: '1' },
    });
  });

  it('uses the prefix, DRAFT status and due-date days from settings', () => {
    const settings = {
      ...readySettings(),
      invoicePrefix: 'CL-',
      invoiceStatus: 'DRAFT' as const,
      dueDateDays: 14,
    };
    const r = mapInvoice(input({ settings }));
    expect(r.ok && [r.payload.InvoiceNumber, r.payload.Status, r.payload.Date, r.payload.DueDate]).toEqual([
      'CL-1042',
      'DRAFT',
      '2026-03-06',
      '2026-03-20',
    ]);
  });

  it('a percentage discount goes over as DiscountRate when it lands exactly', () => {
    const item = referenceItem({
      discount_percentage: '10.0',
      discounted_amount: '11.0',
      is_monetary_discount: false,
      net_price: '90.0',
      total_including_tax: '99.0',
    });
    const r = mapInvoice(input({ items: [item], invoice: parseInvoice(rawInvoice('108', 9900, 900)) }));
    expect(r.ok && r.payload.LineItems[0]).toMatchObject({ Quantity: 1, UnitAmount: 100, DiscountRate: 10 });
  });

  it('ignores archived items and other invoices’ items', () => {
    const r = mapInvoice(
      input({
        items: [
          referenceItem(),
          referenceItem({ id: '2', archived_at: TS }),
          referenceItem({ id: '3', invoice: { links: { self: `${BASE}/invoices/999` } } }),
        ],
      }),
    );
    expect(r.ok && r.payload.LineItems).toHaveLength(1);
  });

  it('refuses when the items do not add up to the invoice (items not read yet)', () => {
    const r = mapInvoice(input({ invoice: parseInvoice(rawInvoice('108', 18000, 1636)) }));
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          code: 'invoice-data',
          message:
            "Invoice 1042: Cliniko's total 180.00 does not equal the sum of its items (90.00); some items have probably not been read yet. It will be retried.",
        },
      ],
    });
    expect(mapInvoice(input({ items: [] }))).toMatchObject({
      ok: false,
      problems: [{ code: 'invoice-data' }],
    });
  });

  it('returns every mapping problem at once, in plain words', () => {
    const settings = readySettings();
    settings.taxRates = {};
    settings.billableItems = { '1': { accountCode: '205' } };
    const taxRates = XERO_TAX_RATES.filter((t) => t.TaxType !== 'OUTPUT');
    const r = mapInvoice(input({ settings, xero: { contactId: 'c', accounts: XERO_ACCOUNTS, taxRates } }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.message)).toEqual([
      'Invoice 1042, line "Initial consultation and treatment": Cliniko tax "GST" (10%) is not mapped to a Xero tax rate, and Xero has no active sales tax rate of 10%. Choose a Xero tax rate for Cliniko tax "GST" (10%) in Mappings, then retry.',
    ]);
    // With the tax fixed, the archived override account is reported against the billable item.
    const r2 = mapInvoice(input({ settings: { ...settings, taxRates: { '1': 'OUTPUT' } } }));
    expect(!r2.ok && r2.problems[0]?.message).toBe(
      'Invoice 1042, line "Initial consultation and treatment": Xero account 205 (Old income) is archived. Choose another account for billable item "Initial consultation" in Mappings, then retry.',
    );
  });

  it('refuses a negative (credit) total', () => {
    const item = referenceItem({
      quantity: -1,
      unit_price: '100.0',
      discount_percentage: '0',
      discounted_amount: '0',
      is_monetary_discount: false,
      net_price: '-100.0',
      total_including_tax: '-110.0',
    });
    const r = mapInvoice(input({ items: [item], invoice: parseInvoice(rawInvoice('108', -11000, -1000)) }));
    expect(r).toMatchObject({ ok: false, problems: [{ code: 'invoice-data' }] });
  });

  it('builds the link back to Cliniko without a subdomain too', () => {
    expect(clinikoInvoiceUrl({ shard: 'uk2' }, '514810976554457178')).toBe(
      'https://uk2.cliniko.com/invoices/514810976554457178',
    );
  });
});
