/**
 * The read step of a sync cycle (cycle.ts step 2, through read.ts): which Cliniko lists are read, in what order, and
 * what happens when one cannot be read or holds records we cannot parse.
 *
 * - Which lists: `/invoices` every cycle, the rest as reference-reads.ts schedules them, plus, in
 *   the same cycle, every list that holds something a changed or due invoice names and we do not
 *   know yet (a new patient, billable item, tax…).
 * - A reference list that cannot be read (any error) holds only the invoices that need a record
 *   from it: they wait (retried with backoff), the reason is in the sync log and the cycle goes on.
 *   `/invoices` and `/invoice_items` failing still fails the cycle: nothing can be planned without them.
 * - Invoices and items we cannot parse hold their invoice as needs attention (unreadable-records.ts).
 */
import type { ClinikoCache } from '../cliniko/cache.js';
import type { ClinikoClient } from '../cliniko/http-client.js';
import { LIST_LABEL, missingRefs, REFERENCE_LISTS, type ReadSchedule } from '../cliniko/reference-reads.js';
import { cacheRows, readStream, STREAM_DEFS, type StreamName } from '../cliniko/streams.js';
import type { ClinikoInvoice, ClinikoInvoiceItem } from '../cliniko/types.js';
import type { Ledger, WantedRecord } from '../ledger/index.js';
import type { Settings } from '../../../shared/settings.js';
import { xeroInvoiceNumber } from './map-invoice.js';
import { linePrefix, type SyncProblem } from './preflight.js';
import {
  invoiceLabel,
  unreadableInvoiceWant,
  unreadableProblems,
  type UnreadableEntry,
  type UnreadableRecords,
} from './unreadable-records.js';

export type StreamReads = Map<StreamName, { records: unknown[]; max: string | null }>;

/** Why an invoice is not mapped this cycle: its problems, and whether they fix themselves. */
export type Hold = { problems: SyncProblem[]; retryable: boolean };

export type CycleRead = {
  /** What each list read this cycle returned, and where its cursor may move. */
  streams: StreamReads;
  /** Lists that could not be read this cycle, with the reason. */
  failedLists: Map<StreamName, string>;
  /** Invoices held by unreadable records (planned every cycle so the hold shows). */
  heldInvoiceIds: string[];
  /** Why this invoice must not be mapped now, or null. */
  hold(invoice: ClinikoInvoice, items: readonly ClinikoInvoiceItem[], settings: Settings): Hold | null;
  /** Records for held invoices that have no readable version at all (not planned otherwise). */
  unparsedWants(
    settings: Settings,
    tenantId: string,
    planned: (id: string) => boolean,
  ): (WantedRecord & {
    message: string;
  })[];
};

export type CycleReadDeps = {
  client: ClinikoClient;
  ledger: Ledger;
  cache: ClinikoCache;
  schedule: ReadSchedule;
  unreadable: UnreadableRecords;
  /** Invoices due for a retry now (their missing references are looked up too). */
  dueInvoiceIds: () => string[];
  onCall: () => void;
  onProgress?: (done: number, total: number) => void;
};

/** The last reason logged per list, so an outage is logged once, not every cycle. */
const lastLogged = new WeakMap<ReadSchedule, Map<StreamName, string>>();

export async function readCycle(d: CycleReadDeps): Promise<CycleRead> {
  const { ledger, cache } = d;
  const streams: StreamReads = new Map();
  const failed = new Map<StreamName, string>();
  const logged = lastLogged.get(d.schedule) ?? new Map<StreamName, string>();
  lastLogged.set(d.schedule, logged);
  const changedInvoices = new Set<string>();
  const fullyRead = new Set<StreamName>();
  let done = 0;
  let total = 1;

  const read = async (name: StreamName, how: 'incremental' | 'active-only' | 'full'): Promise<void> => {
    d.onProgress?.(done, Math.max(total, done + 1));
    done++;
    const def = STREAM_DEFS[name];
    const cursor = how === 'full' ? null : ledger.getCursor(def.stream);
    try {
      const r = await readStream(d.client, name, cursor, {
        onPage: d.onCall,
        ...(how === 'active-only' ? { paths: [def.paths[0] as string] } : {}),
        onRefusedFilter: (path, field) =>
          ledger.addEvent({
            level: 'warn',
            kind: 'cliniko-read',
            message: `Cliniko refused the ${field} filter on ${path} ("This column is not searchable."): that list is read without it until the app restarts.`,
          }),
      });
      if (name === 'invoices') {
        for (const inv of r.records as ClinikoInvoice[])
          if (cache.updatedAt('invoice', inv.id) !== inv.updatedAt) changedInvoices.add(inv.id);
      }
      if (name === 'invoices' || name === 'invoiceItems') {
        const kind = name === 'invoices' ? 'invoice' : 'invoice item';
        const ids = (r.records as { id: string }[]).map((x) => x.id);
        for (const e of d.unreadable.update(kind, ids, r.rejected)) {
          ledger.addEvent({ level: 'warn', kind: 'cliniko-data', message: describeNew(e) });
        }
      } else {
        for (const err of r.rejected)
          ledger.addEvent({ level: 'warn', kind: 'cliniko-data', message: err.message });
      }
      cache.putMany(def.kind, cacheRows(name, r.records as never));
      const prev = streams.get(name);
      const max =
        prev?.max && r.maxUpdatedAt && Date.parse(prev.max) > Date.parse(r.maxUpdatedAt)
          ? prev.max
          : (r.maxUpdatedAt ?? prev?.max ?? null);
      streams.set(name, { records: [...(prev?.records ?? []), ...r.records], max });
      if (how !== 'active-only') fullyRead.add(name);
      d.schedule.markRead(name);
      failed.delete(name);
      logged.delete(name);
    } catch (err) {
      if (!REFERENCE_LISTS.has(name)) throw err;
      const reason = (err instanceof Error ? err.message : String(err)).trim().replace(/\.+$/, '');
      failed.set(name, reason);
      if (logged.get(name) !== reason) {
        logged.set(name, reason);
        ledger.addEvent({
          level: 'warn',
          kind: 'cliniko-read',
          message: `Could not read Cliniko's ${LIST_LABEL[name]} list: ${reason}. Only the invoices that need it wait; everything else goes on.`,
        });
      }
    }
  };

  // 1. The lists due by the schedule (never read, too old, or in turn), then /invoices.
  const due = d.schedule.due((s) => ledger.getCursor(STREAM_DEFS[s].stream) !== null);
  total = due.length + (due.includes('invoiceItems') ? 1 : 2);
  for (const s of due) {
    if (s === 'invoiceItems') continue;
    const hasCursor = ledger.getCursor(STREAM_DEFS[s].stream) !== null;
    await read(s, s === 'practitioners' && hasCursor ? 'active-only' : 'incremental');
  }
  await read('invoices', 'incremental');
  // 2. Items: in turn, or at once when an invoice changed (new or edited invoices bring their items).
  if (due.includes('invoiceItems') || changedInvoices.size > 0) await read('invoiceItems', 'incremental');

  // 3. Whatever a changed or due invoice names that we do not know: read its list now.
  const candidates = (): string[] => {
    const ids = new Set<string>([...changedInvoices, ...d.dueInvoiceIds()]);
    for (const it of (streams.get('invoiceItems')?.records ?? []) as ClinikoInvoiceItem[])
      if (it.invoiceId) ids.add(it.invoiceId);
    return [...ids];
  };
  const tried = new Set<StreamName>();
  for (let pass = 0; pass < 3; pass++) {
    // Every list already read in full this cycle (e.g. the first cycle of a run): nothing to look up.
    const open = [...REFERENCE_LISTS].filter((x) => !tried.has(x) && !fullyRead.has(x) && !failed.has(x));
    if (open.length === 0) break;
    const needed = new Set<StreamName>();
    for (const id of candidates()) {
      const inv = cache.get<ClinikoInvoice>('invoice', id);
      if (!inv) continue;
      for (const m of missingRefs(cache, inv, cache.children<ClinikoInvoiceItem>('invoice_item', id)))
        if (!tried.has(m.stream) && !fullyRead.has(m.stream) && !failed.has(m.stream)) needed.add(m.stream);
    }
    if (needed.size === 0) break;
    for (const s of needed) {
      tried.add(s);
      // Practitioners: both lists in full (one made inactive long ago never shows up incrementally).
      await read(s, s === 'practitioners' ? 'full' : 'incremental');
    }
  }

  const unreadable = d.unreadable.byInvoice();
  const labelOf = (settings: Settings, id: string, entries: readonly UnreadableEntry[]): string => {
    const inv = cache.get<ClinikoInvoice>('invoice', id);
    const own = entries.find((e) => e.kind === 'invoice');
    return invoiceLabel(settings, own?.number ?? inv?.number ?? null, id);
  };

  return {
    streams,
    failedLists: failed,
    heldInvoiceIds: [...unreadable.keys()],
    hold(invoice, items, settings) {
      const entries = unreadable.get(invoice.id);
      if (entries?.length)
        return {
          problems: unreadableProblems(entries, labelOf(settings, invoice.id, entries)),
          retryable: false,
        };
      if (failed.size === 0) return null;
      const waiting = missingRefs(cache, invoice, items).filter((m) => failed.has(m.stream));
      if (waiting.length === 0) return null;
      const lists = [...new Set(waiting.map((m) => m.stream))];
      const prefix = linePrefix(xeroInvoiceNumber(settings, invoice));
      return {
        retryable: true,
        problems: lists.map((s) => ({
          code: 'invoice-data' as const,
          message: `${prefix}waits for Cliniko's ${LIST_LABEL[s]} list (it names ${LIST_LABEL[s]} ${waiting
            .filter((m) => m.stream === s)
            .map((m) => m.id)
            .join(
              ', ',
            )}, not read yet), which could not be read: ${failed.get(s) ?? ''}. It is retried on its own; if this lasts, check Cliniko.`,
        })),
      };
    },
    unparsedWants(settings, tenantId, planned) {
      const out: (WantedRecord & { message: string })[] = [];
      for (const [id, entries] of unreadable) {
        // A readable version (cache) goes through the planner, which also knows what it skips.
        if (planned(id) || cache.get('invoice', id)) continue;
        const w = unreadableInvoiceWant(entries, id, settings, tenantId);
        if (w) out.push(w);
      }
      return out;
    },
  };
}

function describeNew(e: UnreadableEntry): string {
  const fields = e.issues.map((i) => i.field).join(', ');
  return e.kind === 'invoice'
    ? `Cliniko invoice ${e.id} could not be read (${fields}); it needs attention in the sync log.`
    : `Cliniko invoice item ${e.id}${e.invoiceId ? ` of invoice ${e.invoiceId}` : ''} could not be read (${fields}); its invoice needs attention in the sync log.`;
}
