/**
 * Incremental reads of Cliniko, one stream per resource (cliniko-api.md §3):
 *   GET /<resource>?q[]=updated_at:>=<cursor − overlap>&q[]=archived_at:*&sort=updated_at&per_page=100
 * following `links.next` to the end. The first read of a stream has no updated_at filter. Re-reading
 * the overlap window is harmless (the engine compares against the ledger). The caller moves the
 * stream's cursor to `maxUpdatedAt` inside the ledger transaction that queues what the pages cover.
 */
import type { ClinikoClient } from './http-client.js';
import {
  ClinikoParseError,
  parseBillableItem,
  parseBusiness,
  parseInvoice,
  parseInvoiceItem,
  parsePatient,
  parsePractitioner,
  parseProduct,
  parseTax,
} from './parse.js';
import type { CacheKind, CacheRow } from './cache.js';
import { nameKey } from '../sync/map-contact.js';
import type {
  ClinikoBillableItem,
  ClinikoBusiness,
  ClinikoInvoice,
  ClinikoInvoiceItem,
  ClinikoPatient,
  ClinikoPractitioner,
  ClinikoProduct,
  ClinikoTax,
} from './types.js';

/** Offset paging can skip rows that change mid-scan: re-read this much before the cursor. */
export const OVERLAP_MS = 5 * 60_000;
export const PAGE_SIZE = 100;

type Def<T> = {
  /** Cursor name in the ledger. */
  stream: string;
  kind: CacheKind;
  /** List paths read for this stream (practitioners: active and inactive). */
  paths: string[];
  parse: (json: unknown) => T;
  row: (r: T) => CacheRow;
};

const simple = <T extends { id: string; updatedAt: string }>(r: T): CacheRow => ({
  id: r.id,
  updatedAt: r.updatedAt,
  data: r,
});

export const STREAM_DEFS = {
  businesses: {
    stream: 'businesses',
    kind: 'business',
    paths: ['/businesses'],
    parse: parseBusiness,
    row: simple,
  } satisfies Def<ClinikoBusiness>,
  practitioners: {
    stream: 'practitioners',
    kind: 'practitioner',
    paths: ['/practitioners', '/practitioners/inactive'],
    parse: parsePractitioner,
    row: simple,
  } satisfies Def<ClinikoPractitioner>,
  taxes: {
    stream: 'taxes',
    kind: 'tax',
    paths: ['/taxes'],
    parse: parseTax,
    row: simple,
  } satisfies Def<ClinikoTax>,
  billableItems: {
    stream: 'billable_items',
    kind: 'billable_item',
    paths: ['/billable_items'],
    parse: parseBillableItem,
    row: simple,
  } satisfies Def<ClinikoBillableItem>,
  products: {
    stream: 'products',
    kind: 'product',
    paths: ['/products'],
    parse: parseProduct,
    row: simple,
  } satisfies Def<ClinikoProduct>,
  patients: {
    stream: 'patients',
    kind: 'patient',
    paths: ['/patients'],
    parse: parsePatient,
    row: (p) => ({ id: p.id, updatedAt: p.updatedAt, nameKey: nameKey(p), data: p }),
  } satisfies Def<ClinikoPatient>,
  invoices: {
    stream: 'invoices',
    kind: 'invoice',
    paths: ['/invoices'],
    parse: parseInvoice,
    row: simple,
  } satisfies Def<ClinikoInvoice>,
  invoiceItems: {
    stream: 'invoice_items',
    kind: 'invoice_item',
    paths: ['/invoice_items'],
    parse: parseInvoiceItem,
    row: (i) => ({ id: i.id, updatedAt: i.updatedAt, parentId: i.invoiceId, data: i }),
  } satisfies Def<ClinikoInvoiceItem>,
};

export type StreamName = keyof typeof STREAM_DEFS;
export type StreamRecord<S extends StreamName> = ReturnType<(typeof STREAM_DEFS)[S]['parse']>;

/** Reference streams (small, read every cycle) first, then patients, invoices and their items. */
export const REFERENCE_STREAMS = [
  'businesses',
  'practitioners',
  'taxes',
  'billableItems',
  'products',
] as const;
export const ALL_STREAMS: readonly StreamName[] = [
  ...REFERENCE_STREAMS,
  'patients',
  'invoices',
  'invoiceItems',
];

export type StreamRead<T> = {
  records: T[];
  /** The largest updated_at seen (server time), or the old cursor when nothing was read. */
  maxUpdatedAt: string | null;
  pages: number;
  /** Records Cliniko sent that could not be parsed (skipped, reported). */
  rejected: ClinikoParseError[];
};

/** The list query of one stream, as a path with its query string. */
export function streamQuery(path: string, since: string | null, overlapMs = OVERLAP_MS): string {
  const q = new URLSearchParams();
  if (since) {
    const from = new Date(Date.parse(since) - overlapMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    q.append('q[]', `updated_at:>=${from}`);
  }
  q.append('q[]', 'archived_at:*');
  q.set('sort', 'updated_at');
  q.set('per_page', String(PAGE_SIZE));
  return `${path}?${q.toString()}`;
}

/** Reads one stream since `cursor` (null: everything), every page, into one array (small streams). */
export async function readStream<S extends StreamName>(
  client: ClinikoClient,
  name: S,
  cursor: string | null,
  opts: { overlapMs?: number; onPage?: () => void } = {},
): Promise<StreamRead<StreamRecord<S>>> {
  const records: StreamRecord<S>[] = [];
  const r = await readStreamPages(client, name, cursor, (page) => void records.push(...page), opts);
  return { ...r, records };
}

/**
 * Reads one stream since `cursor` page by page: `onRecords` gets each page's parsed records (write
 * them to the cache there) and nothing is kept here, so memory stays at one page whatever the
 * stream's length (issue 15). Returns what the pages covered, without the records.
 */
export async function readStreamPages<S extends StreamName>(
  client: ClinikoClient,
  name: S,
  cursor: string | null,
  onRecords: (page: StreamRecord<S>[]) => void,
  opts: { overlapMs?: number; onPage?: () => void } = {},
): Promise<Omit<StreamRead<StreamRecord<S>>, 'records'>> {
  const def = STREAM_DEFS[name] as unknown as Def<StreamRecord<S>>;
  const rejected: ClinikoParseError[] = [];
  let max = cursor;
  let maxMs = max === null ? Number.NEGATIVE_INFINITY : Date.parse(max);
  let pages = 0;
  for (const path of def.paths) {
    for await (const page of client.paginate(streamQuery(path, cursor, opts.overlapMs))) {
      pages++;
      opts.onPage?.();
      const records: StreamRecord<S>[] = [];
      for (const json of page.items) {
        try {
          const r = def.parse(json) as StreamRecord<S> & { updatedAt: string };
          records.push(r);
          const ms = Date.parse(r.updatedAt);
          if (max === null || ms > maxMs) {
            max = r.updatedAt;
            maxMs = ms;
          }
        } catch (err) {
          if (err instanceof ClinikoParseError) rejected.push(err);
          else throw err;
        }
      }
      if (records.length > 0) onRecords(records);
    }
  }
  return { maxUpdatedAt: max, pages, rejected };
}

export function cacheRows<S extends StreamName>(name: S, records: readonly StreamRecord<S>[]): CacheRow[] {
  const def = STREAM_DEFS[name] as unknown as Def<StreamRecord<S>>;
  return records.map((r) => def.row(r));
}
