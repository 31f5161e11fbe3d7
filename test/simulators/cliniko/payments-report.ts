// Cliniko's payments, which its API does not expose (shared/reference/cliniko-api.md §4 "Payments and payment
// types: no public endpoint"): staff export them from Cliniko's payment reports as CSV. This module derives a
// deterministic set of payments from the store's invoices and writes that report in two header layouts, because
// Cliniko's exact column names are not documented (both layouts are GUESSES at plausible exports).
//
// Derivation, per paid invoice (status 20, not archived/deleted, total > 0), chosen by a hash of its ID:
//   - most: one payment of the whole total at `closed_at`;
//   - 1 in 5: split across two payment types at `closed_at` (60% / the rest);
//   - 1 in 10: partial over two days, 40% about a day before `closed_at` (never before the invoice was created),
//     the rest at `closed_at`.
// A paid invoice's rows always sum to its total. Each credit note (status 40) gives one refund row: its total
// (negative) at its `created_at`, with the type of its original's first payment, naming the credit note's number
// (or the original's, with `refundNumbers: 'original'`). Tests can replace any invoice's rows with `setPayments`
// (e.g. a day corrected after reconciliation); overrides are not checked against the total.
import { DateTime } from 'luxon';
import Papa from 'papaparse';
import { idFromLink } from '../seed/records.js';
import { centsToMoney, moneyToCents } from '../seed/money.js';
import { localDateOf } from '../seed/tz.js';
import type { ClinikoInvoice } from '../seed/types.js';
import type { ClinikoStore } from './store.js';

export const PAYMENT_TYPES = ['EFTPOS', 'Cash', 'HICAPS', 'Credit card'] as const;

export interface ClinikoPayment {
  /** Stable within one derivation: `${invoiceId}-${n}`. */
  id: string;
  invoiceId: string;
  /** The number the row names (the credit note's or, for refunds with refundNumbers 'original', the original's). */
  invoiceNumber: number;
  patientName: string;
  businessId: string;
  /** The invoice's business's IANA zone: the report shows local times and days in it. */
  timeZone: string;
  /** Instant, ISO UTC. */
  paidAt: string;
  /** Integer cents; negative for a refund. */
  amountCents: number;
  type: string;
}

export interface PaymentInput {
  /** Instant (ISO with offset or Z). */
  paidAt: string;
  /** Cents (number) or money text ("50.00"); negative = refund. */
  amount: number | string;
  type: string;
}

/** The two header layouts. `columns` and `dateFormat` are exactly what the app's `payments` settings need. */
export const REPORT_LAYOUTS = {
  /** "Payment summary" style: 24-hour day-first dates. */
  summary: {
    headers: ['Payment date', 'Amount', 'Invoice number', 'Payment type'],
    columns: {
      paidAt: 'Payment date',
      amount: 'Amount',
      invoiceNumber: 'Invoice number',
      paymentType: 'Payment type',
    },
    dateFormat: 'dd/MM/yyyy HH:mm',
  },
  /** "Daily payments" style: other names and order, a Patient column, 12-hour times without leading zeros. */
  daily: {
    headers: ['Date/time', 'Invoice #', 'Patient', 'Method', 'Total paid'],
    columns: { paidAt: 'Date/time', amount: 'Total paid', invoiceNumber: 'Invoice #', paymentType: 'Method' },
    dateFormat: 'd/M/yyyy h:mm a',
  },
} as const;

export type ReportLayout = keyof typeof REPORT_LAYOUTS;

export interface ReportOptions {
  /** First and last local day (YYYY-MM-DD), inclusive, in the business's time zone. */
  from: string;
  to: string;
  layout?: ReportLayout;
  /** How a refund is written: '-50.00' (default) or '(50.00)'. */
  negative?: 'minus' | 'parens';
  /** 'plain' (default): 1234.50; 'currency': $1,234.50. */
  money?: 'plain' | 'currency';
  /** Which number a refund row names: the credit note's (default) or the original invoice's. */
  refundNumbers?: 'credit-note' | 'original';
  /** IANA zone for every row; default: each invoice's business's `time_zone_identifier`. */
  timeZone?: string;
  /** Only this business's payments (a report per location). */
  businessId?: string;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const DAY_MS = 86_400_000;

export class ClinikoPayments {
  private overrides = new Map<string, PaymentInput[]>();

  constructor(private readonly store: ClinikoStore) {}

  /** Replaces the payment rows of one invoice (or credit note); `[]` removes them all. */
  setPayments(invoiceId: string, rows: PaymentInput[]): void {
    if (!this.store.getInvoice(invoiceId)) throw new Error(`invoices/${invoiceId} not found`);
    for (const r of rows) if (Number.isNaN(Date.parse(r.paidAt))) throw new Error(`bad paidAt ${r.paidAt}`);
    this.overrides.set(invoiceId, rows);
  }

  /** Back to the derived rows. */
  clearPayments(invoiceId: string): void {
    this.overrides.delete(invoiceId);
  }

  /** Every payment and refund, sorted by time then ID. */
  all(o: { refundNumbers?: 'credit-note' | 'original' } = {}): ClinikoPayment[] {
    const out: ClinikoPayment[] = [];
    for (const inv of this.store.list('invoices'))
      out.push(...this.of(inv, o.refundNumbers ?? 'credit-note'));
    return out.sort((a, b) =>
      a.paidAt === b.paidAt ? (a.id < b.id ? -1 : 1) : a.paidAt < b.paidAt ? -1 : 1,
    );
  }

  /** The payments whose local day (their business's time zone, or `o.timeZone`) is in [from, to]. */
  between(
    from: string,
    to: string,
    o: Pick<ReportOptions, 'refundNumbers' | 'timeZone' | 'businessId'> = {},
  ): ClinikoPayment[] {
    return this.all(o).filter((p) => {
      if (o.businessId !== undefined && p.businessId !== o.businessId) return false;
      const d = localDateOf(o.timeZone ?? p.timeZone, p.paidAt);
      return d >= from && d <= to;
    });
  }

  private of(inv: ClinikoInvoice, refundNumbers: 'credit-note' | 'original'): ClinikoPayment[] {
    const patientName = this.patientName(inv);
    const businessId = idFromLink(inv.business) ?? '';
    const timeZone = this.store.getBusiness(businessId)?.time_zone_identifier ?? 'Australia/Sydney';
    const override = this.overrides.get(inv.id);
    const mk = (n: number, paidAt: string, amountCents: number, type: string, number = inv.number) => ({
      id: `${inv.id}-${n}`,
      invoiceId: inv.id,
      invoiceNumber: number,
      patientName,
      businessId,
      timeZone,
      paidAt: new Date(Date.parse(paidAt)).toISOString(),
      amountCents,
      type,
    });
    const originalId = idFromLink(inv.original_invoice);
    const original = originalId ? this.store.getInvoice(originalId) : undefined;
    const number = refundNumbers === 'original' && original ? original.number : inv.number;
    if (override) {
      return override.map((r, i) =>
        mk(i + 1, r.paidAt, typeof r.amount === 'number' ? r.amount : moneyToCents(r.amount), r.type, number),
      );
    }
    if (inv.archived_at !== null || inv.deleted_at !== null) return [];
    const total = moneyToCents(inv.total_amount);
    if (inv.status === 40) {
      if (total === 0) return [];
      const type = original
        ? (this.of(original, refundNumbers)[0]?.type ?? PAYMENT_TYPES[0])
        : PAYMENT_TYPES[0];
      return [mk(1, inv.created_at, total, type, number)];
    }
    if (inv.status !== 20 || !inv.closed_at || total <= 0) return [];
    const h = hash(inv.id);
    const type = PAYMENT_TYPES[h % PAYMENT_TYPES.length] as string;
    const other = PAYMENT_TYPES[(h + 1) % PAYMENT_TYPES.length] as string;
    const kind = (h >>> 8) % 10;
    if (kind < 2 && total >= 2) {
      const first = Math.round(total * 0.6);
      return [mk(1, inv.closed_at, first, type), mk(2, inv.closed_at, total - first, other)];
    }
    const earlier = Date.parse(inv.closed_at) - DAY_MS - 2 * 3_600_000;
    if (kind === 2 && total >= 2 && earlier >= Date.parse(inv.created_at)) {
      const first = Math.round(total * 0.4);
      return [mk(1, new Date(earlier).toISOString(), first, type), mk(2, inv.closed_at, total - first, type)];
    }
    return [mk(1, inv.closed_at, total, type)];
  }

  private patientName(inv: ClinikoInvoice): string {
    const p = this.store.getPatient(idFromLink(inv.patient) ?? '');
    return p ? `${p.first_name} ${p.last_name}` : inv.invoice_to;
  }
}

export function formatMoney(cents: number, o: Pick<ReportOptions, 'negative' | 'money'> = {}): string {
  const abs = centsToMoney(Math.abs(cents));
  const body =
    o.money === 'currency' ? '$' + abs.replace(/^(\d+)/, (d) => d.replace(/\B(?=(\d{3})+$)/g, ',')) : abs;
  if (cents >= 0) return body;
  return o.negative === 'parens' ? `(${body})` : `-${body}`;
}

/** The payments report for [from, to] as CSV text (header row first, CRLF line ends, quoted where needed). */
export function paymentsReportCsv(payments: ClinikoPayments, o: ReportOptions): string {
  const layout = REPORT_LAYOUTS[o.layout ?? 'summary'];
  const rows = payments.between(o.from, o.to, o).map((p) => {
    const at = DateTime.fromISO(p.paidAt, { zone: 'utc' })
      .setZone(o.timeZone ?? p.timeZone)
      .setLocale('en-AU');
    const cell: Record<string, string> = {
      paidAt: at.toFormat(layout.dateFormat),
      amount: formatMoney(p.amountCents, o),
      invoiceNumber: String(p.invoiceNumber),
      paymentType: p.type,
      patient: p.patientName,
    };
    return layout.headers.map((h) => {
      const key = (Object.entries(layout.columns).find(([, name]) => name === h)?.[0] ?? 'patient') as string;
      return cell[key] ?? '';
    });
  });
  return Papa.unparse({ fields: [...layout.headers], data: rows }, { newline: '\r\n' }) + '\r\n';
}
