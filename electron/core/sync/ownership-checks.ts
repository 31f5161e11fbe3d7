/**
 * The ownership rule before this app changes an invoice it created (issue 12): one batched read of
 * what Xero holds per batch of changes, judged by ownership.ts, so a document someone changed in
 * Xero since this app's last write is left as they made it. (New invoices need no read: PUT never
 * updates, and Xero refuses a number it already holds.)
 */
import type { Invoice } from 'xero-node';
import { changedInXero, type XeroInvoiceSeen } from './ownership.js';
import { seenInvoice } from './xero-seen.js';

/** An invoice this app created, with what it knows of its own writes to it. */
export type OwnedInvoice = {
  sourceId: string;
  xeroId: string;
  /** The total Xero answered this app's last write with; null when the ledger no longer has it. */
  sentTotalCents: number | null;
  /** The amount this app's own payment put on it (0 without one). */
  paidByUsCents: number;
  /** When this app last wrote the invoice or its payment (ledger synced_at). */
  lastWriteAt: string | null;
};

/**
 * Xero's clock and ours differ: an edit this close after our own write is read as ours. Two minutes
 * covers ordinary clock drift; a bookkeeper's edit that soon after a sync is caught by its amounts.
 */
const CLOCK_SLACK_MS = 120_000;

/**
 * The owned invoices (by source id) that someone paid, credited, voided or edited in Xero, with why,
 * judged against Xero's copies (`found`, by InvoiceID: one batched read per 50, `invoicesById`).
 */
export function changedSinceSent(
  owned: readonly OwnedInvoice[],
  found: ReadonlyMap<string, Invoice>,
  /** Whether this app created a Xero document (its own credit notes are not someone else's change). */
  owns: (xeroId: string) => boolean,
): Map<string, { seen: XeroInvoiceSeen; reason: string }> {
  const out = new Map<string, { seen: XeroInvoiceSeen; reason: string }>();
  for (const o of owned) {
    const copy = found.get(o.xeroId);
    if (!copy) continue; // gone from Xero: the write itself will say so
    const seen = seenInvoice(copy);
    // A credit note this app allocated (from a Cliniko credit) is ours, not a change in Xero; its
    // allocation also moved UpdatedDateUTC, so only the amounts are compared then.
    const credits = seen.creditNoteIds ?? [];
    const ourCredit = seen.amountCreditedCents > 0 && credits.length > 0 && credits.every(owns);
    const last = o.lastWriteAt && !ourCredit ? Date.parse(o.lastWriteAt) + CLOCK_SLACK_MS : null;
    const reason = changedInXero(ourCredit ? { ...seen, amountCreditedCents: 0 } : seen, {
      totalCents: o.sentTotalCents,
      paidByUsCents: o.paidByUsCents,
      updatedDateUtc: last === null ? null : new Date(last).toISOString(),
    });
    if (reason) out.set(o.sourceId, { seen, reason });
  }
  return out;
}
