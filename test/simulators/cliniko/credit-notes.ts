// Cliniko credit notes: an invoice with status 40 "Open credit" whose items are the reversed items of the invoice it
// credits (Cliniko's "Reverse" creates negative quantities; shared/reference/cliniko-api.md §4). Linked both ways:
// the credit note has `original_invoice`; the original gains `reversed_invoices`, a link to the list of its credit
// notes. GUESS (not documented): the link's path (`/invoices/{id}/reversed_invoices`), that credit notes share the
// invoice number sequence, that `original_invoice` is absent (not null) on ordinary invoices, and that creating a
// credit note does not bump the original's `updated_at`.
import { centsToMoney, moneyToCents } from '../seed/money.js';
import { applyInvoiceTotals, link, STATUS_DESCRIPTION } from '../seed/records.js';
import type { ClinikoInvoice, ClinikoInvoiceItem } from '../seed/types.js';

export interface CreditNoteOptions {
  /** Local date YYYY-MM-DD; default: the credit note's creation date as stored (UTC date of `created_at`). */
  issueDate?: string;
  /**
   * Credit only part: the IDs of the original's items to reverse (default: all of them), each fully. A partial
   * refund in Cliniko is a credit note over some lines.
   */
  itemIds?: string[];
  notes?: string;
}

const neg = (money: string): string => centsToMoney(-moneyToCents(money));

export function buildCreditNote(a: {
  original: ClinikoInvoice;
  originalItems: readonly ClinikoInvoiceItem[];
  fresh: { id: string; created_at: string; updated_at: string; links: { self: string } };
  number: number;
  base: string;
  itemIds: () => string;
  opts: CreditNoteOptions;
}): { note: ClinikoInvoice; items: ClinikoInvoiceItem[] } {
  const { original, fresh, base, opts } = a;
  if (original.status === 40) throw new Error(`invoice ${original.id} is itself a credit note`);
  const wanted = opts.itemIds ? new Set(opts.itemIds) : null;
  const source = a.originalItems.filter(
    (i) => i.archived_at === null && i.deleted_at === null && (!wanted || wanted.has(i.id)),
  );
  if (source.length === 0) throw new Error(`invoice ${original.id} has no items to reverse`);
  const note: ClinikoInvoice = {
    ...fresh,
    number: a.number,
    issue_date: opts.issueDate ?? fresh.created_at.slice(0, 10),
    status: 40,
    status_description: STATUS_DESCRIPTION[40],
    total_amount: '0.00',
    net_amount: '0.00',
    tax_amount: '0.00',
    discounted_amount: '0.00',
    notes: opts.notes ?? '',
    invoice_to: original.invoice_to,
    patient_extra_information: '',
    online_payment_url: null,
    closed_at: null,
    deleted_at: null,
    archived_at: null,
    appointment: null,
    business: original.business,
    practitioner: original.practitioner,
    patient: original.patient,
    invoice_items: link(base, `/invoices/${fresh.id}/invoice_items`),
    original_invoice: link(base, `/invoices/${original.id}`),
  };
  const items = source.map((src): ClinikoInvoiceItem => {
    const id = a.itemIds();
    return {
      ...src,
      id,
      quantity: -src.quantity,
      discounted_amount: neg(src.discounted_amount),
      net_price: neg(src.net_price),
      total_including_tax: neg(src.total_including_tax),
      created_at: fresh.created_at,
      updated_at: fresh.created_at,
      invoice: link(base, `/invoices/${fresh.id}`),
      links: { self: `${base}/invoice_items/${id}` },
    };
  });
  applyInvoiceTotals(note, items);
  return { note, items };
}

/** Gives the original its `reversed_invoices` link (idempotent). */
export function linkReversal(original: ClinikoInvoice, base: string): void {
  original.reversed_invoices = link(base, `/invoices/${original.id}/reversed_invoices`);
}
