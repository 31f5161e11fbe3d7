/**
 * Payments as Cliniko's payments report says they happened (issue 14), as Xero payloads:
 * - report mode: one Xero payment per report row, on the row's local day, into its type's account;
 * - daily-batch mode: one Xero batch payment per payment type per local day, one payment per invoice
 *   (the sum of that invoice's rows of that type and day), so one EFTPOS settlement is one bank line;
 * - a refund row (negative amount), in either mode: a cash refund from the credit note.
 */
import { centsToNumber } from '../money.js';
import type { XeroPaymentPayload } from './xero-types.js';

/** Xero's limit for a batch payment's bank reference (`Details`) outside New Zealand. */
export const BATCH_DETAILS_MAX = 18;

export type ReportRow = {
  day: string;
  invoiceId: string;
  invoiceNumber: string;
  paymentType: string;
  amountCents: number;
};

export type XeroRefundPayload = {
  CreditNote: { CreditNoteID: string };
  Account: { Code: string };
  Date: string;
  Amount: number;
  Reference: string;
};

export type XeroBatchPaymentPayload = {
  Date: string;
  Details: string;
  Account: { Code: string };
  Payments: { Invoice: { InvoiceID: string }; Amount: number }[];
};

export function mapReportPayment(
  row: ReportRow,
  target: { xeroInvoiceId: string; accountCode: string; xeroInvoiceNumber: string },
): XeroPaymentPayload {
  if (row.amountCents <= 0) throw new RangeError('a refund row is not an invoice payment');
  return {
    Invoice: { InvoiceID: target.xeroInvoiceId },
    Account: { Code: target.accountCode },
    Date: row.day,
    Amount: centsToNumber(row.amountCents),
    Reference: `Cliniko ${row.paymentType} payment, invoice ${target.xeroInvoiceNumber}`,
  };
}

export function mapRefund(
  row: ReportRow,
  target: { xeroCreditNoteId: string; accountCode: string; creditNoteNumber: string },
): XeroRefundPayload {
  if (row.amountCents >= 0) throw new RangeError('only a negative row is a refund');
  return {
    CreditNote: { CreditNoteID: target.xeroCreditNoteId },
    Account: { Code: target.accountCode },
    Date: row.day,
    Amount: centsToNumber(-row.amountCents),
    Reference: `Cliniko ${row.paymentType} refund, credit note ${target.creditNoteNumber}`,
  };
}

export type DailyBatch = {
  day: string;
  paymentType: string;
  /** Invoice id → the sum of its rows of this type and day, in cents (refunds are not in batches). */
  byInvoice: Map<string, number>;
  totalCents: number;
};

export const batchKey = (day: string, paymentType: string): string => `${day}|${paymentType}`;

/** Groups the positive rows by (local day, payment type). */
export function groupDailyBatches(rows: readonly ReportRow[]): Map<string, DailyBatch> {
  const out = new Map<string, DailyBatch>();
  for (const r of rows) {
    if (r.amountCents <= 0) continue;
    const key = batchKey(r.day, r.paymentType);
    let b = out.get(key);
    if (!b)
      out.set(key, (b = { day: r.day, paymentType: r.paymentType, byInvoice: new Map(), totalCents: 0 }));
    b.byInvoice.set(r.invoiceId, (b.byInvoice.get(r.invoiceId) ?? 0) + r.amountCents);
    b.totalCents += r.amountCents;
  }
  return out;
}

export function mapBatchPayment(
  batch: DailyBatch,
  accountCode: string,
  xeroInvoiceIdOf: (invoiceId: string) => string,
): XeroBatchPaymentPayload {
  const members = [...batch.byInvoice.entries()].sort(
    ([a], [b]) => a.length - b.length || a.localeCompare(b),
  );
  return {
    Date: batch.day,
    Details: batch.paymentType.slice(0, BATCH_DETAILS_MAX).trimEnd(),
    Account: { Code: accountCode },
    Payments: members.map(([invoiceId, cents]) => ({
      Invoice: { InvoiceID: xeroInvoiceIdOf(invoiceId) },
      Amount: centsToNumber(cents),
    })),
  };
}
