/**
 * Incremental reads of Cliniko, one stream per resource (cliniko-api.md §3):
 *   GET /<resource>?q[]=updated_at:>=<cursor − overlap>&q[]=archived_at:*&sort=updated_at&per_page=100
 * following `links.next` to the end. `archived_at:*` only on the lists whose records carry
 * `archived_at` (never taxes or practitioners: Cliniko answers 400 "This column is not searchable.").
 * A filter Cliniko refuses anyway is dropped and the list read again without it, for the rest of the
 * run (refused-filters.ts). The first read of a stream has no updated_at filter. Re-reading
 * the overlap window is harmless (the engine compares against the ledger). The caller moves the
 * stream's cursor to `maxUpdatedAt` inside the ledger transaction that queues what the pages cover.
 */
import type { ClinikoClient } from './http-client.js';
import { isNotSearchable, refusedFilters, type RefusedFilters } from './refused-filters.js';
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
import { nameKey } from './patient-name.js';
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
  /** Its records carry `archived_at`, so `q[]=archived_at:*` is how archived ones are included. */
  archived: boolean;
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
    archived: true,
    parse: parseBusiness,
    row: simple,
  } satisfies Def<ClinikoBusiness>,
  practitioners: {
    stream: 'practitioners',
    kind: 'practitioner',
    // Inactive practitioners come from their own list, not from an archived_at filter.
    paths: ['/practitioners', '/practitioners/inactive'],
    archived: false,
    parse: parsePractitioner,
    row: simple,
  } satisfies Def<ClinikoPractitioner>,
  taxes: {
    stream: 'taxes',
    kind: 'tax',
    paths: ['/taxes'],
    archived: false,
    parse: parseTax,
    row: simple,
  } satisfies Def<ClinikoTax>,
  billableItems: {
    stream: 'billable_items',
    kind: 'billable_item',
    paths: ['/billable_items'],
    archived: true,
    parse: parseBillableItem,
    row: simple,
  } satisfies Def<ClinikoBillableItem>,
  products: {
    stream: 'products',
    kind: 'product',
    paths: ['/products'],
    archived: true,
    parse: parseProduct,
    row: simple,
  } satisfies Def<ClinikoProduct>,
  patients: {
    stream: 'patients',
    kind: 'patient',
    paths: ['/patients'],
    archived: true,
    parse: parsePatient,
    row: (p) => ({ id: p.id, updatedAt: p.updatedAt, nameKey: nameKey(p), data: p }),
  } satisfies Def<ClinikoPatient>,
  invoices: {
    stream: 'invoices',
    kind: 'invoice',
    paths: ['/invoices'],
    archived: true,
    parse: parseInvoice,
    row: simple,
  } satisfies Def<ClinikoInvoice>,
  invoiceItems: {
    stream: 'invoice_items',
    kind: 'invoice_item',
    paths: ['/invoice_items'],
    archived: true,
    parse: parseInvoiceItem,
    row: (i) => ({ id: i.id, updatedAt: i.updatedAt, parentId: i.invoiceId, data: i }),
  } satisfies Def<ClinikoInvoiceItem>,
};

export type StreamName = keyof typeof STREAM_DEFS;
export type StreamRecord<S extends StreamName> = ReturnType<(typeof STREAM_DEFS)[S]['parse']>;

/** Reference streams (small; when each is read: reference-reads.ts), then patients, invoices and their items. */
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

export type StreamQueryOptions = {
  overlapMs?: number;
  /** Send `q[]=archived_at:*` (default true, as for the lists whose records carry archived_at). */
  archived?: boolean;
  /** Send the `updated_at` filter when there is a cursor (default true). */
  updatedAt?: boolean;
};

/** The list query of one stream, as a path with its query string. */
export function streamQuery(path: string, since: string | null, opts: StreamQueryOptions = {}): string {
  const q = new URLSearchParams();
  if (since && opts.updatedAt !== false) {
    const from = new Date(Date.parse(since) - (opts.overlapMs ?? OVERLAP_MS))
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    q.append('q[]', `updated_at:>=${from}`);
  }
  if (opts.archived !== false) q.append('q[]', 'archived_at:*');
  q.set('sort', 'updated_at');
  q.set('per_page', String(PAGE_SIZE));
  return `${path}?${q.toString()}`;
}

export type ReadStreamOptions = {
  overlapMs?: number;
  onPage?: () => void;
  /** Told the first time in this run that Cliniko refused a filter on a list (log it once). */
  onRefusedFilter?: (path: string, field: string) => void;
  /** Default: the app's one memory (refused-filters.ts). */
  refused?: RefusedFilters;
  /** Read only these of the stream's paths (e.g. active practitioners only). */
  paths?: readonly string[];
};

/**
 * Every page of one list path. A filter Cliniko refuses ("This column is not searchable.") is
 * dropped — `archived_at` first, then `updated_at` — and the list read again from its first page.
 */
async function readPath(
  client: ClinikoClient,
  path: string,
  since: string | null,
  archived: boolean,
  opts: ReadStreamOptions,
): Promise<unknown[]> {
  const refused = opts.refused ?? refusedFilters;
  for (;;) {
    const useArchived = archived && !refused.has(path, 'archived_at');
    const useUpdated = since !== null && !refused.has(path, 'updated_at');
    const items: unknown[] = [];
    try {
      const query = streamQuery(path, since, {
        archived: useArchived,
        updatedAt: useUpdated,
        ...(opts.overlapMs !== undefined ? { overlapMs: opts.overlapMs } : {}),
      });
      for await (const page of client.paginate(query)) {
        opts.onPage?.();
        items.push(...page.items);
      }
      return items;
    } catch (err) {
      if (!isNotSearchable(err)) throw err;
      opts.onPage?.(); // the refused request was a call too
      const field = useArchived ? 'archived_at' : useUpdated ? 'updated_at' : null;
      if (field === null) throw err;
      if (refused.add(path, field)) opts.onRefusedFilter?.(path, field);
    }
  }
}

/** Reads one stream since `cursor` (null: everything), every page. */
export async function readStream<S extends StreamName>(
  client: ClinikoClient,
  name: S,
  cursor: string | null,
  opts: ReadStreamOptions = {},
): Promise<StreamRead<StreamRecord<S>>> {
  const def = STREAM_DEFS[name] as unknown as Def<StreamRecord<S>>;
  const records: StreamRecord<S>[] = [];
  const rejected: ClinikoParseError[] = [];
  let max = cursor;
  let pages = 0;
  const counted: ReadStreamOptions = {
    ...opts,
    onPage: () => {
      pages++;
      opts.onPage?.();
    },
  };
  for (const path of opts.paths ?? def.paths) {
    for (const json of await readPath(client, path, cursor, def.archived, counted)) {
      try {
        const r = def.parse(json) as StreamRecord<S> & { updatedAt: string };
        records.push(r);
        if (max === null || Date.parse(r.updatedAt) > Date.parse(max)) max = r.updatedAt;
      } catch (err) {
        if (err instanceof ClinikoParseError) rejected.push(err);
        else throw err;
      }
    }
  }
  return { records, maxUpdatedAt: max, pages, rejected };
}

export function cacheRows<S extends StreamName>(name: S, records: readonly StreamRecord<S>[]): CacheRow[] {
  const def = STREAM_DEFS[name] as unknown as Def<StreamRecord<S>>;
  return records.map((r) => def.row(r));
}
