/**
 * Cliniko's side of a reconciliation, from the engine's cache and the imported payments reports (no
 * Cliniko call): what this app is responsible for putting into Xero, per local day.
 *
 * - Invoiced (ex tax, tax, total) on the invoice's issue date, for the invoices this app sends: not
 *   archived, not a credit, issued on or after the sync start date (or already in the ledger).
 * - Credit notes: Cliniko's credits (reversals), as a positive amount on their issue date, counted
 *   against the invoice they reverse so that a credit note allocated to it in Xero matches.
 * - Paid, by payment type: in the `invoice` payment mode the local day of `closed_at` and the whole
 *   total (Cliniko's API has no payment types, so one column: INVOICE_MODE_TYPE); in the report modes
 *   the imported report's rows, by their type.
 */
import type { ClinikoInvoice } from '../cliniko/types.js';
import { INVOICE_STATUS } from '../cliniko/types.js';
import type { StoredReportPayment } from '../ledger/payment-reports.js';
import { localDate } from '../time/local-date.js';
import { CREDIT, EX_TAX, TAX, TOTAL, paidFigure, type Contribution } from './figures.js';

/** The one payment "type" of the invoice payment mode (Cliniko's API does not say how it was paid). */
export const INVOICE_MODE_TYPE = 'All payments';

export type ClinikoSideInput = {
  from: string;
  to: string;
  invoices: readonly ClinikoInvoice[];
  zoneOf: (businessId: string | null) => string;
  syncFrom: string;
  /** True when the ledger already has the invoice (sent before the sync start date moved). */
  inLedger: (invoiceId: string) => boolean;
  mode: 'invoice' | 'report' | 'daily-batch';
  reportPayments: readonly StoredReportPayment[];
};

export type ClinikoSide = {
  contributions: Contribution[];
  /** Invoice number per Cliniko invoice id (for the explanations). */
  numbers: Map<string, string>;
  /** Payment types per invoice and day, for attributing Xero's payments to a type. */
  paymentTypes: Map<string, { day: string; type: string }[]>;
};

export const isCredit = (inv: Pick<ClinikoInvoice, 'originalInvoiceId' | 'totalCents'>): boolean =>
  inv.originalInvoiceId !== null || inv.totalCents < 0;

export function clinikoSide(input: ClinikoSideInput): ClinikoSide {
  const { from, to } = input;
  const inRange = (day: string): boolean => day >= from && day <= to;
  const contributions: Contribution[] = [];
  const numbers = new Map<string, string>();
  const paymentTypes = new Map<string, { day: string; type: string }[]>();
  const notePayment = (invoiceId: string, day: string, type: string): void => {
    const list = paymentTypes.get(invoiceId) ?? [];
    list.push({ day, type });
    paymentTypes.set(invoiceId, list);
  };

  for (const inv of input.invoices) {
    numbers.set(inv.id, inv.number);
    if (inv.archivedAt !== null) continue;
    if (inv.issueDate < input.syncFrom && !input.inLedger(inv.id)) continue;
    if (isCredit(inv)) {
      if (inRange(inv.issueDate)) {
        contributions.push({
          day: inv.issueDate,
          invoiceId: inv.originalInvoiceId ?? inv.id,
          figure: CREDIT,
          cents: Math.abs(inv.totalCents),
        });
      }
      continue;
    }
    if (inRange(inv.issueDate)) {
      const base = { day: inv.issueDate, invoiceId: inv.id };
      contributions.push(
        { ...base, figure: EX_TAX, cents: inv.totalCents - inv.taxCents },
        { ...base, figure: TAX, cents: inv.taxCents },
        { ...base, figure: TOTAL, cents: inv.totalCents },
      );
    }
    if (
      input.mode === 'invoice' &&
      inv.status === INVOICE_STATUS.paid &&
      inv.closedAt &&
      inv.totalCents > 0
    ) {
      const day = localDate(inv.closedAt, input.zoneOf(inv.businessId));
      notePayment(inv.id, day, INVOICE_MODE_TYPE);
      if (inRange(day)) {
        contributions.push({
          day,
          invoiceId: inv.id,
          figure: paidFigure(INVOICE_MODE_TYPE),
          cents: inv.totalCents,
        });
      }
    }
  }

  if (input.mode !== 'invoice') {
    for (const p of input.reportPayments) {
      numbers.set(p.invoiceId, numbers.get(p.invoiceId) ?? p.invoiceNumber);
      notePayment(p.invoiceId, p.day, p.paymentType);
      if (inRange(p.day)) {
        contributions.push({
          day: p.day,
          invoiceId: p.invoiceId,
          figure: paidFigure(p.paymentType),
          cents: p.amountCents,
        });
      }
    }
  }
  return { contributions, numbers, paymentTypes };
}
