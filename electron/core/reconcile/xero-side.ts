/**
 * Xero's side of a reconciliation: this app's invoices read back with GET /Invoices?IDs=… in batches
 * (each answer carries the invoice's totals, its payments and the credit notes allocated to it, so
 * one call covers up to BATCH_SIZE invoices whatever they hold). Only documents this app created are
 * read: the bookkeeper's own invoices are not Cliniko's business.
 */
import { CREDIT, EX_TAX, TAX, TOTAL, paidFigure, type Contribution } from './figures.js';

/** Invoice IDs per GET: 50 GUIDs keep the URL under 2,000 characters. */
export const BATCH_SIZE = 50;

/** A payment type that Cliniko has no payment for (e.g. one entered by hand in Xero). */
export const NOT_IN_CLINIKO = 'Not in Cliniko';

/** The fields read from xero-node's Invoice (dates arrive as `/Date(ms)/` text or as Date objects). */
export type XeroInvoiceRead = {
  invoiceID?: string;
  date?: unknown;
  status?: unknown;
  subTotal?: number;
  totalTax?: number;
  total?: number;
  payments?: { date?: unknown; amount?: number; status?: unknown }[];
  creditNotes?: { date?: unknown; appliedAmount?: number }[];
};

export type InvoiceReader = (ids: string[]) => Promise<XeroInvoiceRead[]>;

export const callsFor = (invoices: number): number => Math.ceil(invoices / BATCH_SIZE);

/** Xero's dates are calendar dates sent as midnight UTC: the UTC date is the date. */
export function xeroDay(v: unknown): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v !== 'string') return null;
  const ms = /^\/Date\((-?\d+)/.exec(v);
  if (ms) return new Date(Number(ms[1])).toISOString().slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null;
}

const cents = (n: number | undefined): number => Math.round((n ?? 0) * 100);

/** Reads the invoices in batches; returns them with the number of calls made. */
export async function readInvoices(
  xeroIds: readonly string[],
  read: InvoiceReader,
): Promise<{ invoices: XeroInvoiceRead[]; calls: number }> {
  const invoices: XeroInvoiceRead[] = [];
  let calls = 0;
  for (let i = 0; i < xeroIds.length; i += BATCH_SIZE) {
    calls++;
    invoices.push(...(await read(xeroIds.slice(i, i + BATCH_SIZE))));
  }
  return { invoices, calls };
}

export function xeroSide(input: {
  from: string;
  to: string;
  invoices: readonly XeroInvoiceRead[];
  /** Cliniko invoice id per Xero InvoiceID (lower-case). */
  clinikoIdOf: Map<string, string>;
  /** The payment type a Xero payment on this invoice and day stands for. */
  typeFor: (invoiceId: string, day: string) => string;
}): Contribution[] {
  const inRange = (day: string | null): day is string => day !== null && day >= input.from && day <= input.to;
  const out: Contribution[] = [];
  for (const inv of input.invoices) {
    const invoiceId = input.clinikoIdOf.get(String(inv.invoiceID).toLowerCase());
    if (invoiceId === undefined) continue;
    if (['VOIDED', 'DELETED'].includes(String(inv.status))) continue;
    const day = xeroDay(inv.date);
    if (inRange(day)) {
      const base = { day, invoiceId };
      out.push(
        { ...base, figure: EX_TAX, cents: cents(inv.subTotal) },
        { ...base, figure: TAX, cents: cents(inv.totalTax) },
        { ...base, figure: TOTAL, cents: cents(inv.total) },
      );
    }
    for (const p of inv.payments ?? []) {
      const pd = xeroDay(p.date);
      if (!inRange(pd) || String(p.status) === 'DELETED') continue;
      out.push({
        day: pd,
        invoiceId,
        figure: paidFigure(input.typeFor(invoiceId, pd)),
        cents: cents(p.amount),
      });
    }
    for (const c of inv.creditNotes ?? []) {
      const cd = xeroDay(c.date);
      if (!inRange(cd)) continue;
      out.push({ day: cd, invoiceId, figure: CREDIT, cents: cents(c.appliedAmount) });
    }
  }
  return out;
}

/** The Cliniko payment type for a Xero payment: the one paid that day, else the invoice's first. */
export function paymentTypeFor(
  types: Map<string, { day: string; type: string }[]>,
): (invoiceId: string, day: string) => string {
  return (invoiceId, day) => {
    const list = types.get(invoiceId) ?? [];
    return list.find((t) => t.day === day)?.type ?? list[0]?.type ?? NOT_IN_CLINIKO;
  };
}
