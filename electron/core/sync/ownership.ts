/**
 * The bookkeeper's Xero is not ours (issue 12): only documents this app created are ever changed.
 * Pure judgements over what Xero holds, for the writers' shared path:
 * - a new invoice whose number Xero already holds under a document this app did not create is a
 *   collision (Xero refuses the PUT): the record needs attention and offers *Link it* (only when
 *   contact, date and total match to the cent) or *Use another prefix*;
 * - an invoice this app created that someone paid, credited, voided or edited in Xero since it was
 *   sent is never overwritten.
 */

/** What Xero holds under an invoice number, as far as these judgements need it. */
export type XeroInvoiceSeen = {
  invoiceId: string;
  invoiceNumber: string;
  contactName: string;
  contactNumber: string | null;
  date: string;
  totalCents: number;
  status: string;
  amountPaidCents: number;
  amountCreditedCents: number;
  updatedDateUtc: string | null;
  /** The credit notes allocated to it (their Xero ids). */
  creditNoteIds?: string[];
};

export type Money = (cents: number) => string;

/** "Xero already holds invoice INV-12 (Jo Smith, 04/12/2026, $80.00, AUTHORISED) that this app did not create." */
export function collisionMessage(
  invoiceNumber: string,
  x: XeroInvoiceSeen,
  fmt: { money: Money; date: (isoDay: string) => string },
): string {
  return (
    `Xero already holds invoice ${invoiceNumber} (${x.contactName}, ${fmt.date(x.date)}, ` +
    `${fmt.money(x.totalCents)}, ${x.status.toLowerCase()}) that this app did not create, so nothing was sent. ` +
    `Link it if it is this invoice, or use another invoice prefix for invoices from Cliniko.`
  );
}

/** What Cliniko says the invoice is, for *Link it*. */
export type ClinikoSide = { contactNumber: string; contactName: string; date: string; totalCents: number };

/** Why *Link it* is refused (empty: allowed). Names each difference in the user's words. */
export function linkRefusals(x: XeroInvoiceSeen, ours: ClinikoSide, fmt: { money: Money }): string[] {
  const why: string[] = [];
  const sameContact =
    (x.contactNumber !== null && x.contactNumber.toLowerCase() === ours.contactNumber.toLowerCase()) ||
    x.contactName.trim().toLowerCase() === ours.contactName.trim().toLowerCase();
  if (!sameContact) why.push(`its contact is ${x.contactName}, not ${ours.contactName}`);
  if (x.date !== ours.date) why.push(`its date is ${x.date}, not ${ours.date}`);
  if (x.totalCents !== ours.totalCents)
    why.push(`its total is ${fmt.money(x.totalCents)}, not ${fmt.money(ours.totalCents)}`);
  if (x.status === 'VOIDED') why.push('it is voided in Xero');
  return why;
}

/** What the ledger says this app last sent for an invoice it owns. */
export type SentInvoice = {
  /** The total Xero answered this app's last write with (null: not known, not compared). */
  totalCents: number | null;
  /** The amount this app's own payments put on it. */
  paidByUsCents: number;
  /** Xero's UpdatedDateUTC in the answer to this app's last write. */
  updatedDateUtc: string | null;
};

/**
 * Why an invoice this app created must not be overwritten: someone paid, credited, voided or edited
 * it in Xero since this app's last write. Null when Xero still holds what this app sent.
 */
export function changedInXero(x: XeroInvoiceSeen, sent: SentInvoice): string | null {
  if (x.status === 'VOIDED' || x.status === 'DELETED') return `it was ${x.status.toLowerCase()} in Xero`;
  if (x.amountCreditedCents > 0) return 'a credit note was allocated to it in Xero';
  if (x.amountPaidCents > sent.paidByUsCents) return 'it was paid in Xero by someone else';
  if (sent.totalCents !== null && x.totalCents !== sent.totalCents) return 'its total was changed in Xero';
  if (
    sent.updatedDateUtc &&
    x.updatedDateUtc &&
    Date.parse(x.updatedDateUtc) > Date.parse(sent.updatedDateUtc)
  )
    return 'it was edited in Xero';
  return null;
}
