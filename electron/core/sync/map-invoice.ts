/**
 * Cliniko invoice + items → the Xero ACCREC invoice payload (SPEC §3.3), such that Xero's Total equals
 * Cliniko's `total_amount` and Xero's TotalTax equals Cliniko's `tax_amount`, to the cent.
 *
 * How the totals are made exact:
 * - LineAmountTypes is **Exclusive** and UnitAmount is Cliniko's ex-tax `unit_price`, so for whole
 *   quantities Quantity × UnitAmount is already whole cents: no rounding for Xero to do.
 * - Each line's tax is its share of Cliniko's invoice tax (line-tax.ts); its ex-tax LineAmount is
 *   `total_including_tax − tax`, reached exactly through line-form.ts (discount rate / amount / single unit).
 * - Xero then computes the line's tax itself (rounded per line). Where that could differ from the share —
 *   under either rounding mode — the line carries an explicit TaxAmount, which Xero allows.
 * - Before returning, the payload is run through the Xero model (xero-totals.ts) under both rounding
 *   modes; a mismatch there is a bug and throws rather than sending a wrong invoice.
 * Send it with `unitdp=4` (UnitAmount may carry 4 places).
 */
import type { ClinikoInvoice, ClinikoInvoiceItem } from '../cliniko/types.js';
import { centsToNumber, compareDecimal, formatCents, isZero, parseDecimal } from '../money.js';
import type { Settings } from '../../../shared/settings.js';
import { addDays } from '../time/local-date.js';
import { chooseLineForm, type ClinikoDiscount, type LineForm } from './line-form.js';
import { lineTaxShares } from './line-tax.js';
import {
  linePrefix,
  preflightLines,
  type PreflightLine,
  type SyncProblem,
  type TaxSource,
  type XeroRefs,
} from './preflight.js';
import { resolveAccount, type AccountResolution } from './resolve-account.js';
import { resolveTax, xeroRate } from './resolve-tax.js';
import { lineTaxCents, ROUNDING_MODES, xeroInvoiceTotals } from './xero-totals.js';
import { itemCodeIndex, matchItemCode, type XeroItem } from './item-codes.js';
import { resolveTracking, type XeroTrackingCategory } from './map-tracking.js';
import type { XeroInvoicePayload, XeroLineItemPayload } from './xero-types.js';

export interface CatalogItem {
  name: string;
  taxId: string | null;
  /** Cliniko's `item_code` (matched against Xero's Items: ./item-codes.ts). */
  itemCode?: string;
}

/** Reference data by Cliniko ID (only what mapping needs). */
export interface InvoiceCatalog {
  billableItems: Readonly<Record<string, CatalogItem>>;
  products: Readonly<Record<string, CatalogItem>>;
  practitioners: Readonly<Record<string, { displayName: string }>>;
  taxes: Readonly<Record<string, { name: string; rate: string }>>;
  /** Business (location) names, for tracking messages. */
  businesses?: Readonly<Record<string, { name: string }>>;
}

/** Xero reference data for issue 17's line extras (absent when not read: no tracking, no item codes). */
export interface LineExtraRefs {
  trackingCategories?: readonly XeroTrackingCategory[];
  items?: readonly XeroItem[];
}

/** The Cliniko item_code of a line's product or billable item (else the code copied onto the line). */
function clinikoItemCode(item: ClinikoInvoiceItem, catalog: InvoiceCatalog): string {
  const ref =
    item.productId !== null
      ? catalog.products[item.productId]
      : item.billableItemId !== null
        ? catalog.billableItems[item.billableItemId]
        : undefined;
  return ref?.itemCode ?? item.code;
}

export interface MapInvoiceInput {
  invoice: ClinikoInvoice;
  /** The invoice's items as read from Cliniko; archived ones and other invoices' are ignored. */
  items: readonly ClinikoInvoiceItem[];
  settings: Settings;
  catalog: InvoiceCatalog;
  xero: XeroRefs & LineExtraRefs & { contactId: string; currencyCode?: string };
  /** For the link back: https://<subdomain>.<shard>.cliniko.com/invoices/<id>. */
  clinikoWeb?: { shard: string; subdomain?: string };
  /** The number Xero already knows this invoice by; a later prefix change applies to new invoices only. */
  number?: string;
}

export interface MappedLine {
  itemId: string;
  account: Extract<AccountResolution, { ok: true }>;
  tax: { taxType: string } & TaxSource;
  taxCents: number;
  lineAmountCents: number;
  form: LineForm;
  taxPinned: boolean;
}

export type MapInvoiceResult =
  | {
      ok: true;
      payload: XeroInvoicePayload;
      lines: MappedLine[];
      expected: { subTotalCents: number; totalTaxCents: number; totalCents: number };
    }
  | { ok: false; problems: SyncProblem[] };

/** Link from Xero back to the invoice in Cliniko's web app ("Go to Cliniko" in Xero). */
export function clinikoInvoiceUrl(web: { shard: string; subdomain?: string }, invoiceId: string): string {
  const host = web.subdomain ? `${web.subdomain}.${web.shard}.cliniko.com` : `${web.shard}.cliniko.com`;
  return `https://${host}/invoices/${invoiceId}`;
}

export function xeroInvoiceNumber(settings: Settings, invoice: Pick<ClinikoInvoice, 'number'>): string {
  return `${settings.invoicePrefix}${invoice.number}`;
}

function byCreation(a: ClinikoInvoiceItem, b: ClinikoInvoiceItem): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The Cliniko tax behind a line: its item's tax if the rate matches, else a tax with the same name and rate. */
function clinikoTaxIdFor(item: ClinikoInvoiceItem, catalog: InvoiceCatalog): string | null {
  const rate = parseDecimal(item.taxRate);
  const ref =
    item.productId !== null
      ? catalog.products[item.productId]
      : item.billableItemId !== null
        ? catalog.billableItems[item.billableItemId]
        : undefined;
  const sameRate = (id: string): boolean => {
    const t = catalog.taxes[id];
    return t !== undefined && compareDecimal(parseDecimal(t.rate), rate) === 0;
  };
  if (ref?.taxId && sameRate(ref.taxId)) return ref.taxId;
  const byName = Object.entries(catalog.taxes).find(([id, t]) => t.name === item.taxName && sameRate(id));
  return byName ? byName[0] : null;
}

function discountOf(item: ClinikoInvoiceItem): ClinikoDiscount {
  if (item.isMonetaryDiscount && item.discountedCents !== 0) return { kind: 'amount' };
  const pct = parseDecimal(item.discountPercentage);
  return isZero(pct) ? { kind: 'none' } : { kind: 'percent', percent: pct };
}

function accountNameFor(
  res: Extract<AccountResolution, { ok: true }>,
  catalog: InvoiceCatalog,
): string | null {
  if (res.source === 'override')
    return (res.kind === 'product' ? catalog.products : catalog.billableItems)[res.id]?.name ?? null;
  if (res.source === 'practitioner') return catalog.practitioners[res.id]?.displayName ?? null;
  return null;
}

export function mapInvoice(input: MapInvoiceInput): MapInvoiceResult {
  const { invoice, settings, catalog, xero } = input;
  const number = input.number ?? xeroInvoiceNumber(settings, invoice);
  const items = input.items
    .filter((i) => i.archivedAt === null && (i.invoiceId === null || i.invoiceId === invoice.id))
    .sort(byCreation);
  const dataProblem = (message: string): MapInvoiceResult => ({
    ok: false,
    problems: [{ code: 'invoice-data', message }],
  });

  if (items.length === 0)
    return dataProblem(
      `${linePrefix(number)}Cliniko returned no items for this invoice yet. It will be retried.`,
    );
  const itemsTotal = items.reduce((s, i) => s + i.totalIncludingTaxCents, 0);
  if (itemsTotal !== invoice.totalCents) {
    return dataProblem(
      `${linePrefix(number)}Cliniko's total ${formatCents(invoice.totalCents)} does not equal the sum of its items (${formatCents(itemsTotal)}); some items have probably not been read yet. It will be retried.`,
    );
  }
  if (invoice.totalCents < 0) {
    return dataProblem(
      `${linePrefix(number)}the total is negative (a credit). Credits are sent as Xero credit notes, not invoices.`,
    );
  }

  // 1. Accounts and tax types, with where they came from.
  const problems: SyncProblem[] = [];
  const resolved: {
    item: ClinikoInvoiceItem;
    account: Extract<AccountResolution, { ok: true }>;
    tax: { taxType: string } & TaxSource;
  }[] = [];
  const preflight: PreflightLine[] = [];
  for (const item of items) {
    const description = item.name || item.code || 'Item';
    const prefix = linePrefix(number, description);
    const account = resolveAccount(settings, {
      billableItemId: item.billableItemId,
      productId: item.productId,
      practitionerId: invoice.practitionerId,
    });
    const taxId = clinikoTaxIdFor(item, catalog);
    const tax = resolveTax(settings, xero.taxRates, { taxId, ratePercent: item.taxRate });
    if (!account.ok) {
      const what = account.kind === 'product' ? 'product' : 'service';
      problems.push({
        code: 'account-unset',
        message: `${prefix}no default ${what} account is set. Choose a default ${what} account in Mappings, then retry.`,
        settingPath: `defaults.${account.missing}`,
      });
    }
    if (!tax.ok) {
      const taxLabel = `Cliniko tax${item.taxName ? ` "${item.taxName}"` : ''} (${item.taxRate}%)`;
      problems.push(
        tax.reason === 'no-exempt-default'
          ? {
              code: 'tax-unset',
              message: `${prefix}no tax-exempt tax rate is set. Choose one in Mappings, then retry.`,
              settingPath: 'defaults.taxExemptTaxType',
            }
          : {
              code: 'tax-unmapped',
              message: `${prefix}${taxLabel} is not mapped to a Xero tax rate, and Xero has ${tax.candidates.length === 0 ? 'no' : 'more than one'} active sales tax rate of ${item.taxRate}%${tax.candidates.length ? ` (${tax.candidates.join(', ')})` : ''}. Choose a Xero tax rate for ${taxLabel} in Mappings, then retry.`,
              settingPath: taxId !== null ? `taxRates.${taxId}` : 'taxRates',
            },
      );
    }
    if (!account.ok || !tax.ok) continue;
    const taxFrom: TaxSource =
      tax.source === 'override' ? { source: 'override', taxId: tax.taxId } : { source: tax.source };
    resolved.push({ item, account, tax: { taxType: tax.taxType, ...taxFrom } });
    preflight.push({
      description,
      accountCode: account.code,
      accountFrom: account,
      accountFromName: accountNameFor(account, catalog),
      taxType: tax.taxType,
      taxFrom,
      clinikoTaxName: item.taxName,
      ratePercent: item.taxRate,
    });
  }
  problems.push(...preflightLines(number, preflight, xero));
  const tracking = resolveTracking(
    settings,
    xero.trackingCategories,
    {
      businessId: invoice.businessId,
      practitionerId: invoice.practitionerId,
      businessName: invoice.businessId !== null ? catalog.businesses?.[invoice.businessId]?.name : null,
      practitionerName:
        invoice.practitionerId !== null ? catalog.practitioners[invoice.practitionerId]?.displayName : null,
    },
    number,
  );
  if (!tracking.ok) problems.push(...tracking.problems);
  if (problems.length > 0 || !tracking.ok) return { ok: false, problems };
  const itemCodes = settings.sendItemCodes ? itemCodeIndex(xero.items) : new Map<string, string>();

  // 2. Each line's share of Cliniko's tax.
  const shares = lineTaxShares(
    items.map((i) => ({
      totalInclCents: i.totalIncludingTaxCents,
      ratePercent: parseDecimal(i.taxRate),
      netPrice: i.netPrice === null ? null : parseDecimal(i.netPrice),
    })),
    invoice.taxCents,
  );
  if (!shares.ok) {
    return dataProblem(
      `${linePrefix(number)}Cliniko's tax ${formatCents(invoice.taxCents)} does not match the tax on its items (${formatCents(shares.itemsTaxCents)}). Check the invoice in Cliniko, then retry.`,
    );
  }

  // 3. Xero lines.
  const rateOf = (taxType: string) => {
    const t = xero.taxRates.find((r) => r.TaxType === taxType);
    if (!t) throw new Error(`tax type ${taxType} passed pre-flight but is not in the list`);
    return xeroRate(t);
  };
  const lines: MappedLine[] = [];
  const lineItems: XeroLineItemPayload[] = resolved.map(({ item, account, tax }, idx) => {
    const taxCents = shares.taxCents[idx] ?? 0;
    const netCents = item.totalIncludingTaxCents - taxCents;
    const f = chooseLineForm(
      parseDecimal(item.quantity),
      parseDecimal(item.unitPrice),
      discountOf(item),
      netCents,
    );
    const xeroTaxes = ROUNDING_MODES.map((m) => lineTaxCents(netCents, rateOf(tax.taxType), 'Exclusive', m));
    const taxPinned = xeroTaxes.some((t) => t !== taxCents);
    lines.push({
      itemId: item.id,
      account,
      tax,
      taxCents,
      lineAmountCents: netCents,
      form: f.form,
      taxPinned,
    });
    const line: XeroLineItemPayload = {
      Description: `${item.name || item.code || 'Item'}${f.descriptionSuffix}`,
      Quantity: f.Quantity,
      UnitAmount: f.UnitAmount,
      AccountCode: account.code,
      TaxType: tax.taxType,
    };
    if (f.DiscountRate !== undefined) line.DiscountRate = f.DiscountRate;
    if (f.DiscountAmount !== undefined) line.DiscountAmount = f.DiscountAmount;
    if (taxPinned) line.TaxAmount = centsToNumber(taxCents);
    const itemCode = matchItemCode(itemCodes, clinikoItemCode(item, catalog));
    if (itemCode !== undefined) line.ItemCode = itemCode;
    if (tracking.tracking.length > 0) line.Tracking = tracking.tracking.map((t) => ({ ...t }));
    return line;
  });

  const practitioner =
    invoice.practitionerId !== null ? catalog.practitioners[invoice.practitionerId] : undefined;
  const payload: XeroInvoicePayload = {
    Type: 'ACCREC',
    Contact: { ContactID: xero.contactId },
    InvoiceNumber: number,
    Date: invoice.issueDate,
    DueDate: addDays(invoice.issueDate, settings.dueDateDays),
    Status: settings.invoiceStatus,
    LineAmountTypes: 'Exclusive',
    LineItems: lineItems,
    Reference: practitioner
      ? `Cliniko #${invoice.number} (${practitioner.displayName})`
      : `Cliniko #${invoice.number}`,
  };
  if (input.clinikoWeb) payload.Url = clinikoInvoiceUrl(input.clinikoWeb, invoice.id);
  if (xero.currencyCode) payload.CurrencyCode = xero.currencyCode;

  const expected = {
    subTotalCents: invoice.totalCents - invoice.taxCents,
    totalTaxCents: invoice.taxCents,
    totalCents: invoice.totalCents,
  };
  for (const mode of ROUNDING_MODES) {
    const t = xeroInvoiceTotals(payload, rateOf, mode);
    if (t.totalCents !== expected.totalCents || t.totalTaxCents !== expected.totalTaxCents) {
      throw new Error(
        `internal: invoice ${number} would not total exactly in Xero (${mode}); refusing to send it`,
      );
    }
  }
  return { ok: true, payload, lines, expected };
}
