/** Record factories and helpers shared by the seed generator and the simulator's store. */
import { centsToMoney, computeLine, moneyToCents, rateToBp, bpToRate } from './money.js';
import type { LineAmounts, LineDiscount } from './money.js';
import type {
  ClinicData,
  ClinikoInvoice,
  ClinikoInvoiceItem,
  ClinikoLink,
  ClinikoTax,
  InvoiceStatus,
} from './types.js';

export function link(base: string, path: string): ClinikoLink {
  return { links: { self: `${base}${path}` } };
}

/** The ID at the end of a `links.self` URL ("…/patients/1593" → "1593"). */
export function idFromLink(l: ClinikoLink | null | undefined): string | null {
  if (!l) return null;
  const self = l.links.self;
  return self.slice(self.lastIndexOf('/') + 1);
}

/** Numeric order of non-negative int64 decimal strings without `Number()`: by length, then by text. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Allocates int64 string IDs: `prefix` + counter padded to `width` digits, increasing. */
export class IdSeq {
  private n: bigint;
  constructor(
    private readonly prefix: string,
    start: number | bigint,
    private readonly width = 10,
  ) {
    this.n = BigInt(start);
  }
  next(gap: number = 1): string {
    const id = `${this.prefix}${this.n.toString().padStart(this.width, '0')}`;
    this.n += BigInt(Math.max(1, gap));
    return id;
  }
  /** Makes sure the next id is above `id` (used when a store is loaded from existing data). */
  bumpPast(id: string): void {
    if (!id.startsWith(this.prefix)) return;
    const rest = id.slice(this.prefix.length);
    if (rest.length !== this.width || !/^\d+$/.test(rest)) return;
    const v = BigInt(rest) + 1n;
    if (v > this.n) this.n = v;
  }
}

export const STATUS_DESCRIPTION: Record<InvoiceStatus, string> = {
  10: 'Open',
  20: 'Paid',
  30: 'Closed',
  40: 'Open credit',
};

export interface InvoiceItemSpec {
  id: string;
  invoiceId: string;
  base: string;
  name: string;
  code: string;
  quantity: number;
  unitPriceCents: number;
  tax: ClinikoTax | null;
  discount: LineDiscount;
  source: { kind: 'billable_item' | 'product'; id: string };
  concessionTypeName?: string;
  createdAt: string;
  updatedAt?: string;
}

export function makeInvoiceItem(spec: InvoiceItemSpec): ClinikoInvoiceItem {
  const rateBp = spec.tax ? rateToBp(spec.tax.rate) : 0;
  const a = computeLine({
    quantity: spec.quantity,
    unitPriceCents: spec.unitPriceCents,
    taxRateBp: rateBp,
    discount: spec.discount,
  });
  const item: ClinikoInvoiceItem = {
    id: spec.id,
    name: spec.name,
    code: spec.code,
    quantity: spec.quantity,
    unit_price: centsToMoney(spec.unitPriceCents),
    discount_percentage: a.discountPercentage,
    discounted_amount: centsToMoney(a.discountCents),
    is_monetary_discount: spec.discount.kind === 'money',
    net_price: centsToMoney(a.netCents),
    tax_name: spec.tax ? spec.tax.name : '',
    tax_rate: bpToRate(rateBp),
    tax_amount: bpToRate(rateBp),
    total_including_tax: centsToMoney(a.totalInclCents),
    concession_type_name: spec.concessionTypeName ?? '',
    created_at: spec.createdAt,
    updated_at: spec.updatedAt ?? spec.createdAt,
    deleted_at: null,
    archived_at: null,
    invoice: link(spec.base, `/invoices/${spec.invoiceId}`),
    links: { self: `${spec.base}/invoice_items/${spec.id}` },
  };
  if (spec.source.kind === 'product') item.product = link(spec.base, `/products/${spec.source.id}`);
  else item.billable_item = link(spec.base, `/billable_items/${spec.source.id}`);
  return item;
}

/** Recomputes an existing item's money fields from its quantity, unit price, tax rate and discount. */
export function recomputeItem(item: ClinikoInvoiceItem, discount: LineDiscount): void {
  const rateBp = rateToBp(item.tax_rate);
  const a = computeLine({
    quantity: item.quantity,
    unitPriceCents: moneyToCents(item.unit_price),
    taxRateBp: rateBp,
    discount,
  });
  item.discount_percentage = a.discountPercentage;
  item.discounted_amount = centsToMoney(a.discountCents);
  item.is_monetary_discount = discount.kind === 'money';
  item.net_price = centsToMoney(a.netCents);
  item.tax_amount = bpToRate(rateBp);
  item.total_including_tax = centsToMoney(a.totalInclCents);
}

/** The discount an item was created with, read back from its fields. */
export function discountOf(item: ClinikoInvoiceItem): LineDiscount {
  const cents = moneyToCents(item.discounted_amount);
  if (item.is_monetary_discount) return cents === 0 ? { kind: 'none' } : { kind: 'money', cents };
  const bp = rateToBp(item.discount_percentage);
  return bp === 0 ? { kind: 'none' } : { kind: 'percent', bp };
}

/** Money of one item in cents. Line tax is total_including_tax − net_price (item `tax_amount` is the rate). */
export function itemCents(
  item: ClinikoInvoiceItem,
): Pick<LineAmounts, 'totalInclCents' | 'taxCents' | 'netCents' | 'discountCents'> {
  const totalInclCents = moneyToCents(item.total_including_tax);
  const netCents = moneyToCents(item.net_price);
  return {
    totalInclCents,
    netCents,
    taxCents: totalInclCents - netCents,
    discountCents: moneyToCents(item.discounted_amount),
  };
}

/** Sets total/net/tax/discounted amounts of `invoice` from its non-archived items. */
export function applyInvoiceTotals(invoice: ClinikoInvoice, items: readonly ClinikoInvoiceItem[]): void {
  let total = 0;
  let tax = 0;
  let net = 0;
  let disc = 0;
  for (const it of items) {
    if (it.archived_at !== null || it.deleted_at !== null) continue;
    const c = itemCents(it);
    total += c.totalInclCents;
    tax += c.taxCents;
    net += c.netCents;
    disc += c.discountCents;
  }
  invoice.total_amount = centsToMoney(total);
  invoice.tax_amount = centsToMoney(tax);
  invoice.net_amount = centsToMoney(net);
  invoice.discounted_amount = centsToMoney(disc);
}

const itemIndexCache = new WeakMap<ClinicData, Map<string, ClinikoInvoiceItem[]>>();

/** The items of one invoice (archived ones included), in creation order. Indexed once per data set. */
export function invoiceItemsOf(data: ClinicData, invoiceId: string): ClinikoInvoiceItem[] {
  let index = itemIndexCache.get(data);
  if (!index || index.size === 0) {
    index = new Map();
    for (const it of data.invoiceItems) {
      const inv = idFromLink(it.invoice) ?? '';
      let list = index.get(inv);
      if (!list) index.set(inv, (list = []));
      list.push(it);
    }
    itemIndexCache.set(data, index);
  }
  return index.get(invoiceId) ?? [];
}

/** Invoice sums recomputed from its items, in cents (for tests: must equal the invoice's own fields). */
export function invoiceSumsOf(
  data: ClinicData,
  invoiceId: string,
): { totalCents: number; taxCents: number; netCents: number; discountCents: number } {
  let totalCents = 0;
  let taxCents = 0;
  let netCents = 0;
  let discountCents = 0;
  for (const it of invoiceItemsOf(data, invoiceId)) {
    if (it.archived_at !== null) continue;
    const c = itemCents(it);
    totalCents += c.totalInclCents;
    taxCents += c.taxCents;
    netCents += c.netCents;
    discountCents += c.discountCents;
  }
  return { totalCents, taxCents, netCents, discountCents };
}

/** ISO UTC with milliseconds and `Z`. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
