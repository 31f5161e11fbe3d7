/**
 * The arithmetic of a reconciliation: each side is a list of contributions (one invoice adds so many
 * cents to one figure of one day), summed per day and compared to the cent. Keeping the per-invoice
 * contributions, not only the sums, is what lets a differing day name the invoices that explain it.
 */
import type { ReconcileFigures } from '../../../shared/api.js';

/** 'ex tax' | 'tax' | 'total' | 'credit notes' | 'paid: <payment type>'. */
export type Figure = string;

export const EX_TAX = 'ex tax';
export const TAX = 'tax';
export const TOTAL = 'total';
export const CREDIT = 'credit notes';
export const paidFigure = (paymentType: string): Figure => `paid: ${paymentType}`;

export type Contribution = {
  /** Local day, YYYY-MM-DD. */
  day: string;
  /** The Cliniko invoice the amount belongs to (a credit belongs to the invoice it reverses). */
  invoiceId: string;
  figure: Figure;
  cents: number;
};

export function emptyFigures(): ReconcileFigures {
  return { exTaxCents: 0, taxCents: 0, totalCents: 0, creditCents: 0, paid: {} };
}

/** Adds one contribution to a day's figures. */
export function addTo(f: ReconcileFigures, c: Pick<Contribution, 'figure' | 'cents'>): void {
  if (c.figure === EX_TAX) f.exTaxCents += c.cents;
  else if (c.figure === TAX) f.taxCents += c.cents;
  else if (c.figure === TOTAL) f.totalCents += c.cents;
  else if (c.figure === CREDIT) f.creditCents += c.cents;
  else {
    const type = c.figure.slice('paid: '.length);
    f.paid[type] = (f.paid[type] ?? 0) + c.cents;
  }
}

/** The figures of one day that differ by a cent or more, in table order. */
export function differingFigures(
  cliniko: ReconcileFigures,
  xero: ReconcileFigures,
  paymentTypes: readonly string[],
): Figure[] {
  const out: Figure[] = [];
  if (cliniko.exTaxCents !== xero.exTaxCents) out.push(EX_TAX);
  if (cliniko.taxCents !== xero.taxCents) out.push(TAX);
  if (cliniko.totalCents !== xero.totalCents) out.push(TOTAL);
  for (const t of paymentTypes) {
    if ((cliniko.paid[t] ?? 0) !== (xero.paid[t] ?? 0)) out.push(paidFigure(t));
  }
  if (cliniko.creditCents !== xero.creditCents) out.push(CREDIT);
  return out;
}

/** Sums contributions per day, per invoice and figure: `day → invoiceId → figure → cents`. */
export function byDayInvoiceFigure(
  cs: readonly Contribution[],
): Map<string, Map<string, Map<Figure, number>>> {
  const out = new Map<string, Map<string, Map<Figure, number>>>();
  for (const c of cs) {
    let day = out.get(c.day);
    if (!day) out.set(c.day, (day = new Map()));
    let inv = day.get(c.invoiceId);
    if (!inv) day.set(c.invoiceId, (inv = new Map()));
    inv.set(c.figure, (inv.get(c.figure) ?? 0) + c.cents);
  }
  return out;
}
