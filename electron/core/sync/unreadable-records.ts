/**
 * Invoices and invoice items Cliniko sent that we cannot parse (a null `issue_date` or
 * `total_amount`, a quantity of 1e300, a unit price of "NaN", an unknown status…). Nothing from
 * Cliniko disappears silently: each one holds its invoice as *needs attention* in the sync log, with
 * the invoice (or its Cliniko id), the field, the value and what to do. An invoice with an item we
 * cannot read is never sent with only its other items.
 *
 * Kept in the ledger's key-value store (`sync.unreadable`), not only in memory: the bad record is
 * read once (the cursor moves past it), but its invoice must stay held until Cliniko sends a
 * version we can read, which clears it.
 */
import type { ClinikoParseError, ParseIssue } from '../cliniko/parse.js';
import type { Ledger, WantedRecord } from '../ledger/index.js';
import { isCalendarDate } from '../time/local-date.js';
import type { Settings } from '../../../shared/settings.js';
import { contentHash } from './hash.js';
import type { SyncProblem } from './preflight.js';

export const UNREADABLE_KV = 'sync.unreadable';

export type UnreadableEntry = {
  kind: 'invoice' | 'invoice item';
  /** Cliniko id of the record that could not be read. */
  id: string;
  /** The invoice it holds (itself for an invoice; null: an item naming no invoice). */
  invoiceId: string | null;
  /** For an invoice: its number and issue date as sent, when they are usable. */
  number: string | null;
  issueDate: string | null;
  archived: boolean;
  issues: ParseIssue[];
};

/** What a field should hold, in words (Cliniko's meaning, cliniko-api.md §4). */
const EXPECTED: Record<string, string> = {
  issue_date: 'a date (YYYY-MM-DD)',
  total_amount: 'an amount',
  tax_amount: 'an amount',
  net_amount: 'an amount',
  status: 'one of 10 Open, 20 Paid, 30 Closed, 40 Open credit',
  quantity: 'a number',
  unit_price: 'a price',
  total_including_tax: 'an amount',
  number: 'an invoice number',
};

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  try {
    return String(JSON.stringify(value) ?? String(value)).slice(0, 60);
  } catch {
    return String(value).slice(0, 60);
  }
}

function describeIssue(i: ParseIssue): string {
  const want = EXPECTED[i.field];
  return `${i.field} is ${shown(i.value)}${want ? `, not ${want}` : ` (${i.message})`}`;
}

/** The invoice's name in messages: its Xero number when known, else its Cliniko id. */
export function invoiceLabel(settings: Settings, number: string | null, clinikoId: string): string {
  return number
    ? `Invoice ${settings.invoicePrefix}${number} (Cliniko id ${clinikoId})`
    : `Cliniko invoice ${clinikoId}`;
}

/** The sentence for the sync log: which record, which field holds what, and what to do. */
export function unreadableMessage(entry: UnreadableEntry, label: string): string {
  const what = entry.issues.map(describeIssue).join('; ');
  if (entry.kind === 'invoice') {
    return (
      `${label}: Cliniko sent data we cannot read: ${what}. It was not sent to Xero. ` +
      `Correct the invoice in Cliniko (open it, fix it and save); the next sync picks it up.`
    );
  }
  return (
    `${label}: its item ${entry.id} has data we cannot read: ${what}. The invoice was not sent to Xero, ` +
    `so Xero never gets only some of its items. Correct the item in Cliniko (open the invoice, fix the ` +
    `line and save); the next sync picks it up.`
  );
}

function toEntry(err: ClinikoParseError): UnreadableEntry | null {
  if (err.recordId === null) return null;
  const isInvoice = err.kind === 'invoice';
  if (!isInvoice && err.kind !== 'invoice item') return null;
  return {
    kind: isInvoice ? 'invoice' : 'invoice item',
    id: err.recordId,
    invoiceId: isInvoice ? err.recordId : err.parentId,
    number: isInvoice ? err.rawNumber : null,
    issueDate: isInvoice && err.rawIssueDate && isCalendarDate(err.rawIssueDate) ? err.rawIssueDate : null,
    archived: isInvoice && err.rawArchived,
    issues: err.issues,
  };
}

const keyOf = (e: Pick<UnreadableEntry, 'kind' | 'id'>): string => `${e.kind}:${e.id}`;

/** The ledger-backed list of records we could not read. */
export class UnreadableRecords {
  readonly #ledger: Ledger;

  constructor(ledger: Ledger) {
    this.#ledger = ledger;
  }

  all(): UnreadableEntry[] {
    const v = this.#ledger.getKv(UNREADABLE_KV);
    return Array.isArray(v) ? (v as UnreadableEntry[]) : [];
  }

  /**
   * After reading a list: records that failed to parse are added (or replaced), records of the same
   * kind that parsed are removed (Cliniko sent a readable version). Returns the entries new in this call.
   */
  update(
    kind: 'invoice' | 'invoice item',
    parsedIds: readonly string[],
    rejected: readonly ClinikoParseError[],
  ): UnreadableEntry[] {
    const before = this.all();
    const byKey = new Map(before.map((e) => [keyOf(e), e]));
    for (const id of parsedIds) byKey.delete(keyOf({ kind, id }));
    const added: UnreadableEntry[] = [];
    for (const err of rejected) {
      const e = toEntry(err);
      if (!e) continue;
      const old = byKey.get(keyOf(e));
      if (!old || contentHash(old) !== contentHash(e)) added.push(e);
      byKey.set(keyOf(e), e);
    }
    if (added.length || byKey.size !== before.length) this.#ledger.setKv(UNREADABLE_KV, [...byKey.values()]);
    return added;
  }

  /** Invoice id → the unreadable records that hold it. */
  byInvoice(): Map<string, UnreadableEntry[]> {
    const out = new Map<string, UnreadableEntry[]>();
    for (const e of this.all()) {
      if (e.invoiceId === null) continue;
      const list = out.get(e.invoiceId) ?? [];
      list.push(e);
      out.set(e.invoiceId, list);
    }
    return out;
  }
}

/** The problems that hold an invoice because of unreadable records (needs attention). */
export function unreadableProblems(entries: readonly UnreadableEntry[], label: string): SyncProblem[] {
  return entries.map((e) => ({ code: 'invoice-data' as const, message: unreadableMessage(e, label) }));
}

/**
 * The ledger record of an invoice we could not read and have no earlier readable version of:
 * needs attention, never sent (action "problem"). Null when it is one we would not sync anyway
 * (archived, or dated before syncFrom).
 */
export function unreadableInvoiceWant(
  entries: readonly UnreadableEntry[],
  invoiceId: string,
  settings: Settings,
  tenantId: string,
): (WantedRecord & { message: string }) | null {
  const self = entries.find((e) => e.kind === 'invoice');
  if (self && (self.archived || (self.issueDate !== null && self.issueDate < settings.syncFrom))) return null;
  const label = invoiceLabel(settings, self?.number ?? null, invoiceId);
  const problems = unreadableProblems(entries, label);
  const message = problems.map((p) => p.message).join(' ');
  return {
    sourceType: 'invoice',
    sourceId: invoiceId,
    tenantId,
    wantHash: `problem:${contentHash({ unreadable: entries })}`,
    invoiceNumber: self?.number ? `${settings.invoicePrefix}${self.number}` : null,
    issueDate: self?.issueDate ?? null,
    sourceSnapshot: { v: 1, action: 'problem', unreadable: entries, problems, retryable: false },
    message,
  };
}
