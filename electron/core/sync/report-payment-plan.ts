/**
 * What Xero should hold, in the report modes, for the payments Cliniko's imported report lists
 * (issue 14), and how that differs from what this app already sent. Pure: the writers send the
 * result through the outbox.
 *
 * Each wanted document has a stable source id, so a re-import that changes nothing wants the same
 * documents with the same hashes and causes no write:
 * - `row:<report row id>`: report mode, one Xero payment per positive row;
 * - `batch:<day>|<type>`: daily-batch mode, one batch payment per payment type per local day;
 * - `refund:<report row id>`: either mode, a negative row as a cash refund from its credit note.
 * A report row that changed is a new row id (the store keeps ids only for identical rows), so a
 * correction is "remove the old, create the new". Xero cannot edit payments or batch payments, so a
 * changed hash is a replacement too.
 */
import { contentHash } from './hash.js';
import { groupDailyBatches } from './map-report-payment.js';

export type ReportModes = 'report' | 'daily-batch';

/** A stored report row as the planner needs it. */
export type PlannedRow = {
  id: number;
  day: string;
  invoiceId: string;
  invoiceNumber: string;
  paymentType: string;
  amountCents: number;
};

export type WantedPayment = {
  kind: 'payment';
  sourceId: string;
  invoiceId: string;
  day: string;
  paymentType: string;
  accountCode: string;
  amountCents: number;
  hash: string;
};

export type WantedBatch = {
  kind: 'batchpayment';
  sourceId: string;
  day: string;
  paymentType: string;
  accountCode: string;
  /** [invoice id, cents], in a stable order. */
  members: [string, number][];
  totalCents: number;
  hash: string;
};

export type WantedRefund = {
  kind: 'refund';
  sourceId: string;
  /** The Cliniko credit note the refund is paid from. */
  creditNoteId: string;
  day: string;
  paymentType: string;
  accountCode: string;
  /** Positive: the money paid back. */
  amountCents: number;
  hash: string;
};

export type Wanted = WantedPayment | WantedBatch | WantedRefund;

/** A refund row that cannot be placed, with the reason for the sync log. */
export type UnplacedRefund = { rowId: number; invoiceNumber: string; day: string; reason: string };

export type PlanInput = {
  mode: ReportModes;
  rows: readonly PlannedRow[];
  /** The payment type's account, else the default payment account (settings `paymentTypes`). */
  accountOf: (paymentType: string) => string;
  /**
   * The credit note a refund row is paid from: the row names the credit note itself or the invoice
   * it credits. Null when Cliniko holds no credit note for it (yet).
   */
  creditNoteFor: (invoiceId: string) => string | null;
};

export const rowSourceId = (rowId: number): string => `row:${rowId}`;
export const refundSourceId = (rowId: number): string => `refund:${rowId}`;
export const batchSourceId = (day: string, paymentType: string): string => `batch:${day}|${paymentType}`;

const hashOf = (w: Omit<Wanted, 'hash'>): string => contentHash(w);

export function wantedFromReport(input: PlanInput): { wanted: Wanted[]; unplaced: UnplacedRefund[] } {
  const wanted: Wanted[] = [];
  const unplaced: UnplacedRefund[] = [];
  for (const r of input.rows) {
    if (r.amountCents >= 0) continue;
    const creditNoteId = input.creditNoteFor(r.invoiceId);
    if (!creditNoteId) {
      unplaced.push({
        rowId: r.id,
        invoiceNumber: r.invoiceNumber,
        day: r.day,
        reason: `the refund on ${r.day} names invoice ${r.invoiceNumber}, which has no credit note in Cliniko`,
      });
      continue;
    }
    const w = {
      kind: 'refund' as const,
      sourceId: refundSourceId(r.id),
      creditNoteId,
      day: r.day,
      paymentType: r.paymentType,
      accountCode: input.accountOf(r.paymentType),
      amountCents: -r.amountCents,
    };
    wanted.push({ ...w, hash: hashOf(w) });
  }
  const positive = input.rows.filter((r) => r.amountCents > 0);
  if (input.mode === 'report') {
    for (const r of positive) {
      const w = {
        kind: 'payment' as const,
        sourceId: rowSourceId(r.id),
        invoiceId: r.invoiceId,
        day: r.day,
        paymentType: r.paymentType,
        accountCode: input.accountOf(r.paymentType),
        amountCents: r.amountCents,
      };
      wanted.push({ ...w, hash: hashOf(w) });
    }
  } else {
    for (const b of groupDailyBatches(positive).values()) {
      const members = [...b.byInvoice.entries()].sort(
        ([a], [c]) => a.length - c.length || a.localeCompare(c),
      );
      const w = {
        kind: 'batchpayment' as const,
        sourceId: batchSourceId(b.day, b.paymentType),
        day: b.day,
        paymentType: b.paymentType,
        accountCode: input.accountOf(b.paymentType),
        members,
        totalCents: b.totalCents,
      };
      wanted.push({ ...w, hash: hashOf(w) });
    }
  }
  wanted.sort((a, b) => (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0));
  return { wanted, unplaced };
}

/** What this app already sent (from the ledger): one entry per document it created and still owns. */
export type Sent = { kind: Wanted['kind']; sourceId: string; hash: string };

export type PaymentDiff = {
  create: Wanted[];
  /** Sent with other content: delete in Xero, then create the wanted one. */
  replace: { old: Sent; want: Wanted }[];
  /** Sent and no longer wanted (removed from the report, or another mode's document): delete. */
  remove: Sent[];
  unchanged: number;
};

export function diffPayments(wanted: readonly Wanted[], sent: readonly Sent[]): PaymentDiff {
  const key = (d: { kind: string; sourceId: string }): string => `${d.kind}\u0000${d.sourceId}`;
  const before = new Map(sent.map((s) => [key(s), s]));
  const diff: PaymentDiff = { create: [], replace: [], remove: [], unchanged: 0 };
  for (const w of wanted) {
    const old = before.get(key(w));
    before.delete(key(w));
    if (!old) diff.create.push(w);
    else if (old.hash !== w.hash) diff.replace.push({ old, want: w });
    else diff.unchanged++;
  }
  diff.remove = [...before.values()];
  return diff;
}
