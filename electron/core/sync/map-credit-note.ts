/**
 * A Cliniko credit note (status 40, `original_invoice` set; its items carry negative quantities and
 * totals) as a Xero ACCRECCREDIT credit note, allocated to the original invoice (issue 14 item 5).
 *
 * The lines are the invoice mapping of the same items with the signs turned, so accounts, tax types,
 * discounts, tracking and the exact-total guarantee are the invoice's own: a credit note mirrors what
 * it reverses, line for line, and can never total differently from Cliniko.
 */
import type { ClinikoInvoice, ClinikoInvoiceItem } from '../cliniko/types.js';
import { centsToNumber } from '../money.js';
import { mapInvoice, type MapInvoiceInput, type MappedLine } from './map-invoice.js';
import type { SyncProblem } from './preflight.js';
import type { XeroLineItemPayload } from './xero-types.js';

export type XeroCreditNotePayload = {
  Type: 'ACCRECCREDIT';
  Contact: { ContactID: string };
  CreditNoteNumber: string;
  Date: string;
  Status: 'AUTHORISED' | 'DRAFT';
  LineAmountTypes: 'Exclusive';
  LineItems: XeroLineItemPayload[];
  Reference: string;
  CurrencyCode?: string;
};

export type XeroAllocationPayload = { Invoice: { InvoiceID: string }; Amount: number; Date: string };

export type MapCreditNoteResult =
  | { ok: true; payload: XeroCreditNotePayload; lines: MappedLine[]; totalCents: number }
  | { ok: false; problems: SyncProblem[] };

/** "-1.5" ↔ "1.5"; zero stays "0". Cliniko's decimals are canonical strings (types.ts). */
export function negateDecimal(s: string): string {
  const t = s.trim();
  if (/^-?0*(\.0*)?$/.test(t)) return t.replace(/^-/, '');
  return t.startsWith('-') ? t.slice(1) : `-${t}`;
}

function turned(invoice: ClinikoInvoice): ClinikoInvoice {
  return {
    ...invoice,
    totalCents: -invoice.totalCents,
    netCents: -invoice.netCents,
    taxCents: -invoice.taxCents,
    discountedCents: -invoice.discountedCents,
    // The credit note is mapped as an invoice; its link to the original is the allocation's business.
    originalInvoiceId: null,
  };
}

function turnedItem(item: ClinikoInvoiceItem): ClinikoInvoiceItem {
  return {
    ...item,
    quantity: negateDecimal(item.quantity),
    discountedCents: -item.discountedCents,
    netPrice: item.netPrice === null ? null : negateDecimal(item.netPrice),
    totalIncludingTaxCents: -item.totalIncludingTaxCents,
  };
}

export function mapCreditNote(input: MapInvoiceInput & { originalNumber: string }): MapCreditNoteResult {
  if (input.invoice.originalInvoiceId === null)
    throw new RangeError(`Cliniko invoice ${input.invoice.id} is not a credit note`);
  const r = mapInvoice({ ...input, invoice: turned(input.invoice), items: input.items.map(turnedItem) });
  if (!r.ok) return r;
  const p = r.payload;
  const payload: XeroCreditNotePayload = {
    Type: 'ACCRECCREDIT',
    Contact: p.Contact,
    CreditNoteNumber: p.InvoiceNumber,
    Date: p.Date,
    Status: p.Status,
    LineAmountTypes: 'Exclusive',
    LineItems: p.LineItems,
    Reference: `Cliniko credit #${input.invoice.number} for invoice #${input.originalNumber}`,
  };
  if (p.CurrencyCode) payload.CurrencyCode = p.CurrencyCode;
  return { ok: true, payload, lines: r.lines, totalCents: r.expected.totalCents };
}

/**
 * The allocation of a credit note to its original invoice: as much as both allow (Xero refuses more
 * than the invoice still owes or the credit note still has). Null when nothing can be allocated; the
 * credit then stays on the contact in Xero, as in Cliniko.
 */
export function allocationFor(
  creditRemainingCents: number,
  invoiceDueCents: number,
  xeroInvoiceId: string,
  date: string,
): XeroAllocationPayload | null {
  const cents = Math.min(creditRemainingCents, invoiceDueCents);
  if (cents <= 0) return null;
  return { Invoice: { InvoiceID: xeroInvoiceId }, Amount: centsToNumber(cents), Date: date };
}
