/**
 * Test-only builders shared by the sync tests: a Cliniko line computed with Cliniko's own per-item
 * arithmetic, raw Cliniko JSON for it, and a small Xero organisation (accounts + tax rates).
 *
 * Cliniko's rounding is not documented. We take the same per-item model as the simulator
 * (test/simulators/seed/money.ts), extended to fractional quantities, every step rounded half-up
 * (away from zero) to the cent:
 *   gross_ex   = round(quantity × unit_price)
 *   gross_incl = gross_ex + round(gross_ex × rate)
 *   discount   = monetary amount (tax-inclusive) | round(gross_incl × pct / 100)
 *   total_incl = gross_incl − discount                 → total_including_tax
 *   tax        = round(total_incl × rate / (1 + rate))
 *   net        = total_incl − tax                       → net_price (or total_incl / (1 + rate) to 3 places,
 *                                                          as in the legacy docs' "81.818")
 */
import {
  decimalToString,
  divRound,
  formatCents,
  mulDecimal,
  parseDecimal,
  roundToScale,
} from '../../electron/core/money.js';
import type { Settings } from '../../shared/settings.js';
import { testSettings } from './settings.js';
import type { XeroAccount, XeroTaxRate } from '../../electron/core/sync/xero-types.js';

export type GenDiscount =
  { kind: 'none' } | { kind: 'percent'; percent: string } | { kind: 'amount'; cents: number };

export interface GenLine {
  quantity: string;
  unitPrice: string;
  /** Percent: "0", "10", "15". */
  rate: string;
  discount: GenDiscount;
  /** Write net_price with 3 places instead of 2. */
  netPrice3dp: boolean;
  kind: 'billable-item' | 'product';
  itemId: string;
}

export interface ClinikoLineAmounts {
  totalInclCents: number;
  taxCents: number;
  netPrice: string;
  discountCents: number;
  discountPercentage: string;
}

const half = 'half-up' as const;

export function clinikoLine(line: GenLine): ClinikoLineAmounts {
  const rate = parseDecimal(line.rate);
  const rateScale = 10n ** BigInt(rate.scale);
  const grossEx = roundToScale(
    mulDecimal(parseDecimal(line.quantity), parseDecimal(line.unitPrice)),
    2,
    half,
  );
  const grossIncl = grossEx + divRound(grossEx * rate.units, 100n * rateScale, half);
  let discount = 0n;
  if (line.discount.kind === 'amount') discount = BigInt(line.discount.cents);
  if (line.discount.kind === 'percent') {
    const p = parseDecimal(line.discount.percent);
    discount = divRound(grossIncl * p.units, 100n * 10n ** BigInt(p.scale), half);
  }
  const total = grossIncl - discount;
  const tax = divRound(total * rate.units, 100n * rateScale + rate.units, half);
  const net3 = divRound(total * 10n * 100n * rateScale, 100n * rateScale + rate.units, half); // thousandths
  const netPrice = line.netPrice3dp
    ? decimalToString({ units: net3, scale: 3 })
    : formatCents(Number(total - tax));
  const pct =
    line.discount.kind === 'percent'
      ? line.discount.percent
      : grossIncl === 0n || discount === 0n
        ? '0.0'
        : decimalToString({ units: divRound(discount * 1_000_000n, grossIncl, half), scale: 4 });
  return {
    totalInclCents: Number(total),
    taxCents: Number(tax),
    netPrice,
    discountCents: Number(discount),
    discountPercentage: pct,
  };
}

const BASE = 'https://api.au1.cliniko.com/v1';
const TS = '2026-03-05T21:30:00Z';

export function rawItem(
  line: GenLine,
  amounts: ClinikoLineAmounts,
  id: string,
  invoiceId: string,
): Record<string, unknown> {
  const rel =
    line.kind === 'product'
      ? { product: { links: { self: `${BASE}/products/${line.itemId}` } } }
      : { billable_item: { links: { self: `${BASE}/billable_items/${line.itemId}` } } };
  return {
    id,
    name: `Item ${id}`,
    code: '',
    quantity: line.quantity,
    unit_price: line.unitPrice,
    discount_percentage: amounts.discountPercentage,
    discounted_amount: formatCents(amounts.discountCents),
    is_monetary_discount: line.discount.kind === 'amount',
    net_price: amounts.netPrice,
    tax_name: line.rate === '0' ? '' : line.rate === '10' ? 'GST' : 'GST15',
    tax_rate: line.rate,
    tax_amount: line.rate,
    total_including_tax: formatCents(amounts.totalInclCents),
    deleted_at: null,
    archived_at: null,
    invoice: { links: { self: `${BASE}/invoices/${invoiceId}` } },
    links: { self: `${BASE}/invoice_items/${id}` },
    created_at: TS,
    updated_at: TS,
    ...rel,
  };
}

export function rawInvoice(
  id: string,
  totalCents: number,
  taxCents: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    number: 1042,
    issue_date: '2026-03-06',
    status: 10,
    status_description: 'Open',
    total_amount: formatCents(totalCents),
    net_amount: formatCents(totalCents - taxCents),
    tax_amount: formatCents(taxCents),
    discounted_amount: '0.0',
    closed_at: null,
    archived_at: null,
    patient: { links: { self: `${BASE}/patients/1593` } },
    business: { links: { self: `${BASE}/businesses/26` } },
    practitioner: { links: { self: `${BASE}/practitioners/26` } },
    links: { self: `${BASE}/invoices/${id}` },
    created_at: TS,
    updated_at: TS,
    ...extra,
  };
}

export const XERO_ACCOUNTS: XeroAccount[] = [
  { Code: '200', Name: 'Sales', Type: 'REVENUE', Status: 'ACTIVE', Class: 'REVENUE' },
  { Code: '201', Name: 'Physio income', Type: 'SALES', Status: 'ACTIVE', Class: 'REVENUE' },
  { Code: '202', Name: 'Dr Lee income', Type: 'REVENUE', Status: 'ACTIVE', Class: 'REVENUE' },
  { Code: '205', Name: 'Old income', Type: 'REVENUE', Status: 'ARCHIVED', Class: 'REVENUE' },
  { Code: '211', Name: 'Product sales', Type: 'SALES', Status: 'ACTIVE', Class: 'REVENUE' },
  { Code: '260', Name: 'Other revenue', Type: 'OTHERINCOME', Status: 'ACTIVE', Class: 'REVENUE' },
  { Code: '090', Name: 'Business Bank Account', Type: 'BANK', Status: 'ACTIVE', Class: 'ASSET' },
  {
    Code: '091',
    Name: 'EFTPOS clearing',
    Type: 'CURRENT',
    Status: 'ACTIVE',
    Class: 'ASSET',
    EnablePaymentsToAccount: true,
  },
  { Code: '610', Name: 'Accounts Receivable', Type: 'CURRENT', Status: 'ACTIVE', Class: 'ASSET' },
];

export const XERO_TAX_RATES: XeroTaxRate[] = [
  { TaxType: 'OUTPUT', Name: 'GST on Income', Status: 'ACTIVE', EffectiveRate: 10, CanApplyToRevenue: true },
  {
    TaxType: 'INPUT',
    Name: 'GST on Expenses',
    Status: 'ACTIVE',
    EffectiveRate: 10,
    CanApplyToRevenue: false,
  },
  {
    TaxType: 'EXEMPTOUTPUT',
    Name: 'GST Free Income',
    Status: 'ACTIVE',
    EffectiveRate: 0,
    CanApplyToRevenue: true,
  },
  {
    TaxType: 'BASEXCLUDED',
    Name: 'BAS Excluded',
    Status: 'ACTIVE',
    EffectiveRate: 0,
    CanApplyToRevenue: true,
  },
  {
    TaxType: 'OUTPUT2',
    Name: 'GST on Income 15%',
    Status: 'ACTIVE',
    EffectiveRate: '15.0000',
    CanApplyToRevenue: true,
  },
  { TaxType: 'TAX001', Name: 'Old 15%', Status: 'DELETED', EffectiveRate: 15, CanApplyToRevenue: true },
];

export function readySettings(): Settings {
  return testSettings({ invoicePrefix: '', defaults: { productAccountCode: '211' } });
}
