/**
 * Reads Xero's per-element answers (SPEC §3.3 "Failure isolation"): validation waits for the user,
 * with plain words naming the invoice and the fix. A few answers are not failures at all but say "it
 * is already there": those are adopted (looked up and recorded) instead. A call that failed as a
 * whole (network, 5xx, 401) is the failure policy's business (failure-policy.ts).
 */

export type Verdict =
  | { kind: 'retryable'; message: string }
  | { kind: 'validation'; message: string }
  /** "Invoice # must be unique." for our own number: look the invoice up and adopt it. */
  | { kind: 'adopt-invoice' }
  /** "The contact number … is already assigned": look the contact up and adopt it. */
  | { kind: 'adopt-contact' }
  /** "The contact name … is already assigned": use the disambiguated name. */
  | { kind: 'name-clash'; message: string }
  /** "Payment amount exceeds the amount outstanding" / "…only be made against Authorised": maybe ours already. */
  | { kind: 'payment-maybe-exists'; message: string };

/** What the user reads, by the invoice/contact it concerns. */
export function classifyElementErrors(what: string, messages: readonly string[]): Verdict {
  const all = messages.join(' ');
  const m = (re: RegExp) => messages.find((x) => re.test(x));
  if (m(/Invoice # must be unique/i)) return { kind: 'adopt-invoice' };
  if (m(/contact number .* is already assigned/i)) return { kind: 'adopt-contact' };
  const name = m(/contact name .* is already assigned/i);
  if (name) {
    return {
      kind: 'name-clash',
      message: `${what}: Xero already has another contact with this name. Rename or archive that contact in Xero, then retry.`,
    };
  }
  if (m(/Payment amount exceeds the amount outstanding|Payments can only be made against Authorised/i)) {
    return {
      kind: 'payment-maybe-exists',
      message: `${what}: Xero refused the payment (${messages.join(' ')}). The invoice is already paid in Xero or is not approved: check it in Xero, then retry.`,
    };
  }
  const fix = fixFor(all);
  return { kind: 'validation', message: `${what}: ${messages.join(' ')}${fix ? ` ${fix}` : ''}` };
}

/** A plain-language fix for Xero's validation messages (xero-api.md §4–7, §11). */
export function fixFor(message: string): string {
  if (/period lock date|end of year lock date|lock date/i.test(message)) {
    return 'Its date is inside a period your bookkeeper has locked in Xero. Ask them to move the lock date (Xero: Settings → Advanced → Financial settings), or change the invoice date in Cliniko, then retry.';
  }
  const acc = /Account code '([^']*)' (has been archived|is not a valid code)/i.exec(message);
  if (acc) {
    return `Choose another account instead of ${acc[1]} in Mappings (or restore account ${acc[1]} in Xero), then retry.`;
  }
  const tax = /TaxType code '([^']*)'/i.exec(message);
  if (tax) return `Choose another Xero tax rate instead of ${tax[1]} in Mappings, then retry.`;
  if (/has been archived\. The contact must be un-archived|matched an archived contact/i.test(message)) {
    return "The patient's contact is archived in Xero: restore (unarchive) it in Xero, then retry.";
  }
  if (/payment has been reconciled/i.test(message)) {
    return 'Your bookkeeper has reconciled this payment in Xero, so it cannot be removed to apply the change made in Cliniko; nothing was changed. Un-reconcile it in Xero (Bank accounts → Reconcile), then press Retry, or adjust the invoice in Xero by hand.';
  }
  if (/cannot be edited as it has a payment or credit note allocated/i.test(message)) {
    return 'It has a payment or credit in Xero that this app did not make (or one your bookkeeper reconciled). Remove or reallocate it in Xero if the change should go through, then retry; nothing was changed.';
  }
  if (/not of valid status for modification/i.test(message)) {
    return 'It is paid, voided or deleted in Xero, so it cannot be changed any more. Check it in Xero; nothing was changed.';
  }
  if (/Payments within a batch cannot be deleted/i.test(message)) {
    return 'Its payment is part of a batch payment in Xero. Remove it from the batch in Xero, then retry.';
  }
  if (/Account type is invalid for making a payment/i.test(message)) {
    return 'Choose a payment account that is a bank account or allows payments, in Mappings, then retry.';
  }
  return 'Check it in Xero, then retry.';
}
