/**
 * A paid Cliniko invoice → one Xero payment for the amount due (SPEC §3.3). Cliniko's API has no payments
 * (cliniko-api.md §4): a paid invoice is `status 20` with `closed_at`, so the payment is dated the *local*
 * date of `closed_at` in the business's IANA zone (08:30 in Sydney is that Sydney day, not the UTC day
 * before), and goes to the default payment account (or a payment type's, when the caller knows it).
 */
import type { ClinikoInvoice } from '../cliniko/types.js';
import { INVOICE_STATUS } from '../cliniko/types.js';
import { centsToNumber } from '../money.js';
import { localDate } from '../time/local-date.js';
import type { XeroPaymentPayload } from './xero-types.js';

export interface MapPaymentInput {
  invoice: Pick<ClinikoInvoice, 'status' | 'closedAt'>;
  /** The Xero invoice this pays. */
  xeroInvoiceId: string;
  /** Xero's AmountDue for the invoice, in cents (what is still owed after other payments/credits). */
  amountDueCents: number;
  accountCode: string;
  /** The business's IANA zone (`time_zone_identifier`), else the account's. */
  timeZone: string;
  invoiceNumber: string;
}

export type MapPaymentResult =
  | { ok: true; payload: XeroPaymentPayload }
  | { ok: false; reason: 'not-paid' | 'nothing-due' | 'no-closed-at' };

export function mapPayment(input: MapPaymentInput): MapPaymentResult {
  const { invoice } = input;
  if (invoice.status !== INVOICE_STATUS.paid) return { ok: false, reason: 'not-paid' };
  if (invoice.closedAt === null) return { ok: false, reason: 'no-closed-at' };
  if (input.amountDueCents <= 0) return { ok: false, reason: 'nothing-due' };
  return {
    ok: true,
    payload: {
      Invoice: { InvoiceID: input.xeroInvoiceId },
      Account: { Code: input.accountCode },
      Date: localDate(invoice.closedAt, input.timeZone),
      Amount: centsToNumber(input.amountDueCents),
      Reference: `Cliniko payment, invoice ${input.invoiceNumber}`,
    },
  };
}
