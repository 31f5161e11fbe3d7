/**
 * Lays both sides out as one row per local day and, for a day that differs, finds the invoices whose
 * own contributions differ for the differing figures: those are the invoices that explain it.
 */
import type { ReconcileDay, ReconcileInvoiceDiff } from '../../../shared/api.js';
import { addDays } from '../time/local-date.js';
import { formatCents } from '../money.js';
import {
  CREDIT,
  addTo,
  byDayInvoiceFigure,
  differingFigures,
  emptyFigures,
  type Contribution,
} from './figures.js';

/** What the ledger knows of one Cliniko invoice, for the explanation. */
export type InvoiceInfo = {
  number: string;
  patientName: string | null;
  logId: number | null;
  xeroUrl: string | null;
  /** The ledger state of the invoice record, or null when this app has no record of it. */
  state: 'pending' | 'synced' | 'failed' | 'needs_attention' | null;
  inXero: boolean;
};

const money = (c: number): string => `$${formatCents(c)}`;

export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** One plain sentence: why this invoice's figure differs, and what to do. */
export function explain(info: InvoiceInfo, figure: string, clinikoCents: number, xeroCents: number): string {
  const n = `Invoice ${info.number}`;
  if (!info.inXero) {
    const why =
      info.state === 'needs_attention'
        ? 'it needs attention'
        : info.state === 'failed'
          ? 'its last send failed and is retried automatically'
          : info.state === 'pending'
            ? 'it is waiting to be sent'
            : 'this app has not sent it';
    return `${n} is not in Xero yet: ${why}. Open it in the sync log to see what to do.`;
  }
  if (figure === CREDIT) {
    return clinikoCents > xeroCents
      ? `${n}: Cliniko has ${money(clinikoCents)} of credit that day, Xero ${money(xeroCents)}. This app does not send credits: enter the credit note in Xero and allocate it to the invoice.`
      : `${n}: Xero has ${money(xeroCents)} of credit notes that day, Cliniko ${money(clinikoCents)}. Check the credit notes allocated to it in Xero.`;
  }
  if (figure.startsWith('paid: ')) {
    return `${n}: Cliniko has ${money(clinikoCents)} paid that day, Xero ${money(xeroCents)}. Check its payments in Xero: one may have been changed, added or deleted there.`;
  }
  return `${n}: Xero's ${figure} is ${money(xeroCents)}, Cliniko's ${money(clinikoCents)}. It may have been edited in Xero, or a change in Cliniko has not been sent yet.`;
}

export function compareDays(input: {
  from: string;
  to: string;
  cliniko: readonly Contribution[];
  xero: readonly Contribution[];
  paymentTypes: readonly string[];
  info: (invoiceId: string) => InvoiceInfo;
}): ReconcileDay[] {
  const days = new Map<string, ReconcileDay>(
    daysBetween(input.from, input.to).map((day) => [
      day,
      { day, cliniko: emptyFigures(), xero: emptyFigures(), differences: [], invoices: [] },
    ]),
  );
  for (const c of input.cliniko) {
    const d = days.get(c.day);
    if (d) addTo(d.cliniko, c);
  }
  for (const c of input.xero) {
    const d = days.get(c.day);
    if (d) addTo(d.xero, c);
  }
  const cl = byDayInvoiceFigure(input.cliniko);
  const xe = byDayInvoiceFigure(input.xero);
  for (const d of days.values()) {
    d.differences = differingFigures(d.cliniko, d.xero, input.paymentTypes);
    if (d.differences.length === 0) continue;
    const c = cl.get(d.day) ?? new Map<string, Map<string, number>>();
    const x = xe.get(d.day) ?? new Map<string, Map<string, number>>();
    const ids = [...new Set([...c.keys(), ...x.keys()])];
    const diffs: ReconcileInvoiceDiff[] = [];
    for (const id of ids) {
      for (const figure of d.differences) {
        const clinikoCents = c.get(id)?.get(figure) ?? 0;
        const xeroCents = x.get(id)?.get(figure) ?? 0;
        if (clinikoCents === xeroCents) continue;
        const info = input.info(id);
        diffs.push({
          invoiceId: id,
          invoiceNumber: info.number,
          patientName: info.patientName,
          figure,
          clinikoCents,
          xeroCents,
          why: explain(info, figure, clinikoCents, xeroCents),
          logId: info.logId,
          xeroUrl: info.xeroUrl,
        });
      }
    }
    d.invoices = diffs.sort(
      (a, b) =>
        a.invoiceNumber.localeCompare(b.invoiceNumber, 'en', { numeric: true }) ||
        a.figure.localeCompare(b.figure),
    );
  }
  return [...days.values()];
}
