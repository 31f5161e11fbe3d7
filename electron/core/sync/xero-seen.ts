/**
 * A Xero invoice as read back through xero-node, reduced to what the ownership judgements need
 * (ownership.ts).
 */
import type { Invoice } from 'xero-node';
import { parseCentsRounded } from '../money.js';
import { xeroDay, xeroInstant } from '../xero/xero-dates.js';
import type { XeroInvoiceSeen } from './ownership.js';

const cents = (n: unknown): number => {
  try {
    return parseCentsRounded(typeof n === 'number' ? n : String(n ?? '0'));
  } catch {
    return 0;
  }
};

export function seenInvoice(inv: Invoice): XeroInvoiceSeen {
  return {
    invoiceId: String(inv.invoiceID ?? ''),
    invoiceNumber: String(inv.invoiceNumber ?? ''),
    contactName: String(inv.contact?.name ?? ''),
    contactNumber: inv.contact?.contactNumber ?? null,
    date: xeroDay(inv.date),
    totalCents: cents(inv.total),
    status: String(inv.status ?? ''),
    amountPaidCents: cents(inv.amountPaid),
    amountCreditedCents: cents(inv.amountCredited),
    updatedDateUtc: xeroInstant(inv.updatedDateUTC),
    creditNoteIds: (inv.creditNotes ?? []).map((c) => String(c.creditNoteID ?? '')).filter(Boolean),
  };
}
