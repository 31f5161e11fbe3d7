/**
 * Which Cliniko lists a sync cycle reads, so the steady loop is cheap (issue 11):
 *
 * - `/invoices` every cycle (incremental): that is where changes show up.
 * - `/invoice_items` at once when an invoice changed (new or edited invoices bring their items),
 *   else in turn with the lists below (items edited without touching their invoice).
 * - Reference lists (businesses, practitioners, taxes, billable items, products) and patients: one
 *   list per cycle, in turn, so at the default 30 s each is re-read every 3½ minutes for one call a
 *   cycle; any list not read for `maxAgeMs` is read anyway (long poll intervals). A list never read
 *   (no cursor) is read at once.
 * - On demand, whenever an invoice or item names a record we do not know (a new patient, billable
 *   item, tax…): that list is read in the same cycle, before the invoice is mapped.
 *
 * Idle, that is 2 calls a cycle: 4 a minute at 30 s, 8 at 15 s. The turn takes only the active
 * practitioners; inactive ones are read on demand (an invoice naming a practitioner we do not know)
 * and in full, since a practitioner made inactive long ago may never show up in an incremental read.
 */
import type { ClinikoCache } from './cache.js';
import { STREAM_DEFS, type StreamName } from './streams.js';
import type { ClinikoBillableItem, ClinikoInvoice, ClinikoInvoiceItem, ClinikoProduct } from './types.js';

/** Lists read in turn, one per cycle (order: what invoices need most first). */
export const TURN_STREAMS: readonly StreamName[] = [
  'patients',
  'invoiceItems',
  'billableItems',
  'products',
  'taxes',
  'practitioners',
  'businesses',
];

/** Lists whose failure only holds the invoices that need them (the cycle goes on). */
export const REFERENCE_LISTS: ReadonlySet<StreamName> = new Set([
  'businesses',
  'practitioners',
  'taxes',
  'billableItems',
  'products',
  'patients',
]);

/** What a list is called in messages. */
export const LIST_LABEL: Record<StreamName, string> = {
  businesses: 'businesses',
  practitioners: 'practitioners',
  taxes: 'taxes',
  billableItems: 'billable items',
  products: 'products',
  patients: 'patients',
  invoices: 'invoices',
  invoiceItems: 'invoice items',
};

export type ReadScheduleOptions = {
  /** Default Date.now; the idle benchmark passes its accelerated clock. */
  now?: () => number;
  /** A list not read for this long is read in the next cycle whatever its turn (default 10 min). */
  maxAgeMs?: number;
};

/** The in-turn schedule of one engine (memory of the running app: a restart reads every list). */
export class ReadSchedule {
  readonly #now: () => number;
  readonly #maxAgeMs: number;
  readonly #lastRead = new Map<StreamName, number>();
  #turn = 0;

  constructor(opts: ReadScheduleOptions = {}) {
    this.#now = opts.now ?? Date.now;
    this.#maxAgeMs = opts.maxAgeMs ?? 10 * 60_000;
  }

  /**
   * The lists to read at the start of a cycle, besides `/invoices`: those never read, those not read
   * for maxAgeMs, and the next one in turn.
   */
  due(hasCursor: (s: StreamName) => boolean): StreamName[] {
    const now = this.#now();
    const out = new Set<StreamName>();
    for (const s of TURN_STREAMS) {
      const last = this.#lastRead.get(s);
      if (!hasCursor(s) || last === undefined || now - last >= this.#maxAgeMs) out.add(s);
    }
    if (out.size === 0) {
      out.add(TURN_STREAMS[this.#turn % TURN_STREAMS.length] as StreamName);
      this.#turn++;
    }
    return TURN_STREAMS.filter((s) => out.has(s));
  }

  markRead(s: StreamName): void {
    this.#lastRead.set(s, this.#now());
  }
}

/** A record an invoice names that the cache does not hold: which list has it, and its id. */
export type MissingRef = { stream: StreamName; id: string };

/** What `invoice` and its `items` name that is not in the cache (patients, catalog, taxes). */
export function missingRefs(
  cache: ClinikoCache,
  invoice: ClinikoInvoice,
  items: readonly ClinikoInvoiceItem[],
): MissingRef[] {
  const out: MissingRef[] = [];
  const need = (stream: StreamName, id: string | null): void => {
    if (id === null || out.some((m) => m.stream === stream && m.id === id)) return;
    if (cache.get(STREAM_DEFS[stream].kind, id) === null) out.push({ stream, id });
  };
  need('patients', invoice.patientId);
  need('businesses', invoice.businessId);
  need('practitioners', invoice.practitionerId);
  for (const item of items) {
    if (item.archivedAt !== null) continue;
    need('billableItems', item.billableItemId);
    need('products', item.productId);
    const source = item.productId
      ? cache.get<ClinikoProduct>('product', item.productId)
      : item.billableItemId
        ? cache.get<ClinikoBillableItem>('billable_item', item.billableItemId)
        : null;
    need('taxes', source?.taxId ?? null);
  }
  return out;
}
