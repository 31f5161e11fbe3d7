/**
 * Cliniko API simulator over real HTTP on 127.0.0.1 (read-only, like the parts of Cliniko the app uses).
 * Rules and sources: shared/reference/cliniko-api.md. Behaviour that Cliniko does not document is marked
 * GUESS where it is decided.
 *
 * Order of checks for each request: auth (401) → User-Agent (400) → Accept (406) → rate limit (429)
 * → method (405) → route (404) → query (400) → 200.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClinicData, ClinikoRecordBase } from '../seed/types.js';
import { generateClinic } from '../seed/clinic.js';
import { idFromLink } from '../seed/records.js';
import { ClinikoStore } from './store.js';
import type { ResourceName } from './store.js';
import { handleControl } from './control.js';
import { ClinikoPayments, paymentsReportCsv, type ReportOptions } from './payments-report.js';
import { QueryError, parseFilter, parseSort, runQuery } from './query.js';
import type { Filter, QueryResult } from './query.js';

export { ClinikoStore } from './store.js';
export {
  ClinikoPayments,
  formatMoney,
  PAYMENT_TYPES,
  paymentsReportCsv,
  REPORT_LAYOUTS,
  type ClinikoPayment,
  type PaymentInput,
  type ReportLayout,
  type ReportOptions,
} from './payments-report.js';
export type { CreditNoteOptions } from './credit-notes.js';
export type { ResourceName, ResourceTypes, InvoiceInput, InvoiceItemInput } from './store.js';
export { QueryError } from './query.js';

export interface ClinikoSimOptions {
  port?: number;
  /** Default 'sim-cliniko-key-au1'. Accepted with or without its shard suffix. */
  apiKey?: string;
  data?: ClinicData;
  /** `creditNotes`: that many paid invoices (spread evenly) get a full-reversal credit note, created at start. */
  seed?: { invoices: number; seed?: number; creditNotes?: number };
  /** Requests per rolling minute per key; default 200. */
  rateLimitPerMinute?: number;
  now?: () => Date;
  /** Columns refused on top of the documented ones (e.g. to prove the app drops a refused filter). */
  unsearchable?: Partial<Record<ResourceName, string[]>>;
}

export interface ClinikoSimRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  at: string;
}

export interface ClinikoSim {
  /** Base URL including /v1, e.g. http://127.0.0.1:PORT/v1 */
  url: string;
  apiKey: string;
  store: ClinikoStore;
  /** Payments as Cliniko's payment reports hold them (derived from the invoices; see payments-report.ts). */
  payments: ClinikoPayments;
  /** The payments report for local days [from, to] as CSV text (same as GET /__sim/payments-report.csv). */
  paymentsReport(o: ReportOptions): string;
  /** Base URL of the control API, e.g. http://127.0.0.1:PORT/__sim */
  controlUrl: string;
  requests: ClinikoSimRequest[];
  requestCount(pathPrefix?: string): number;
  resetRequestLog(): void;
  /** Refuse filters on these columns from now on (400 "This column is not searchable."). */
  refuseFilter(resource: ResourceName, field: string): void;
  /** Make one list answer `status` (e.g. 500) until called again with null: one broken list. */
  failList(resource: ResourceName, status: number | null): void;
  close(): Promise<void>;
}

export const DEFAULT_API_KEY = 'sim-cliniko-key-au1';

/** Real Cliniko (Rails) answers a failed Basic auth with this text (redguava/cliniko-api#164). */
export const UNAUTHORIZED_BODY = 'HTTP Basic: Access denied.\n';
export const NOT_SEARCHABLE = 'This column is not searchable.';
/** GUESS: the docs only say such requests "may be automatically blocked". */
export const USER_AGENT_MESSAGE =
  'The User-Agent header must contain your application name and a contact email address, e.g. "Really helpful app (devs@helpfulapp.com)".';
/** GUESS. */
export const NOT_FOUND_MESSAGE = 'Not Found';
/** GUESS: only the status and X-RateLimit-Reset are documented. */
export const RATE_LIMIT_MESSAGE = 'Too many requests: the limit is 200 requests per minute.';

const LIST_RESOURCES: ResourceName[] = [
  'businesses',
  'practitioners',
  'patients',
  'taxes',
  'billable_items',
  'products',
  'invoices',
  'invoice_items',
];

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

/** "Name (email)": some name text and a plausible email address. */
export function isValidUserAgent(ua: string | undefined): boolean {
  if (!ua) return false;
  const m = EMAIL.exec(ua);
  if (!m) return false;
  const rest = ua.replace(m[0], '');
  return /[A-Za-z]{2,}/.test(rest);
}

function stripShard(key: string): string {
  return key.replace(/-\w{2}\d{1,2}$/i, '');
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startClinikoSim(opts: ClinikoSimOptions = {}): Promise<ClinikoSim> {
  const apiKey = opts.apiKey ?? DEFAULT_API_KEY;
  const now = opts.now ?? (() => new Date());
  const data = opts.data ?? generateClinic({ invoices: opts.seed?.invoices ?? 300, seed: opts.seed?.seed });
  const store = new ClinikoStore(data, now);
  seedCreditNotes(store, opts.seed?.creditNotes ?? 0);
  const payments = new ClinikoPayments(store);
  const limit = opts.rateLimitPerMinute ?? 200;
  const windows = new Map<string, number[]>();
  const requests: ClinikoSimRequest[] = [];
  const queryCache = new Map<string, { version: number; result: QueryResult<ClinikoRecordBase> }>();
  const acceptedKeys = new Set([apiKey, stripShard(apiKey)]);
  const unsearchable = new Map<ResourceName, Set<string>>();
  const failing = new Map<ResourceName, number>();
  for (const [r, fields] of Object.entries(opts.unsearchable ?? {}))
    unsearchable.set(r as ResourceName, new Set(fields));
  let url = '';

  const send = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): number => {
    const text = typeof body === 'string' ? body : JSON.stringify(body).split(store.base).join(url);
    res.writeHead(status, {
      'Content-Type':
        typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text).toString(),
      ...headers,
    });
    res.end(text);
    return status;
  };

  const authenticate = (req: IncomingMessage): string | null => {
    const h = req.headers.authorization;
    if (!h || !/^Basic\s+/i.test(h)) return null;
    const decoded = Buffer.from(h.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon >= 0 ? decoded.slice(0, colon) : decoded;
    return acceptedKeys.has(user) ? stripShard(user) : null;
  };

  const handle = (req: IncomingMessage, res: ServerResponse, u: URL): number => {
    const key = authenticate(req);
    if (!key) return send(res, 401, UNAUTHORIZED_BODY, { 'WWW-Authenticate': 'Basic realm="Application"' });
    if (!isValidUserAgent(req.headers['user-agent'])) return send(res, 400, { message: USER_AGENT_MESSAGE });
    const accept = req.headers.accept;
    if (accept && !/application\/json|application\/\*|\*\/\*/i.test(accept)) {
      return send(res, 406, { message: 'Not Acceptable: this API only serves application/json.' }); // GUESS
    }
    // Rolling 60 s window per key; refused requests do not count.
    const t = now().getTime();
    let win = windows.get(key);
    if (!win) windows.set(key, (win = []));
    while (win.length > 0 && (win[0] as number) <= t - 60_000) win.shift();
    if (win.length >= limit) {
      const reset = Math.ceil(((win[0] as number) + 60_000) / 1000);
      return send(
        res,
        429,
        { message: RATE_LIMIT_MESSAGE.replace('200', String(limit)) },
        {
          'X-RateLimit-Reset': String(reset),
        },
      );
    }
    win.push(t);

    if (req.method !== 'GET') {
      return send(
        res,
        405,
        { message: `${req.method ?? ''} is not supported by this simulator` },
        { Allow: 'GET' },
      );
    }
    try {
      return route(res, u);
    } catch (e) {
      if (e instanceof QueryError || e instanceof HttpError)
        return send(res, e.status, { message: e.message });
      throw e;
    }
  };

  const route = (res: ServerResponse, u: URL): number => {
    const path = u.pathname.replace(/\/+$/, '');
    if (!path.startsWith('/v1/')) throw new HttpError(404, NOT_FOUND_MESSAGE);
    const parts = path.slice(4).split('/');
    const [a, b, c] = parts;
    if (parts.length === 1 && a === 'user') return send(res, 200, store.getUser());
    if (a === 'settings' && (parts.length === 1 || (parts.length === 2 && b === 'public'))) {
      return send(res, 200, { ...store.getSettings(), links: { self: `${url}/${parts.join('/')}` } });
    }
    const resource = LIST_RESOURCES.find((r) => r === a);
    if (!resource) throw new HttpError(404, NOT_FOUND_MESSAGE);
    if (parts.length === 1) return list(res, u, resource, path);
    if (resource === 'practitioners' && b === 'inactive' && parts.length === 2) {
      return list(res, u, resource, path, (r) => (r as { active?: boolean }).active === false);
    }
    if (parts.length === 2 && b && /^\d{1,19}$/.test(b)) {
      const rec = store.get(resource, b);
      if (!rec) throw new HttpError(404, NOT_FOUND_MESSAGE);
      return send(res, 200, rec);
    }
    // Deprecated nested form: /invoices/{id}/invoice_items (use q[]=invoice_id:=ID).
    if (resource === 'invoices' && parts.length === 3 && c === 'invoice_items' && b && /^\d{1,19}$/.test(b)) {
      if (!store.getInvoice(b)) throw new HttpError(404, NOT_FOUND_MESSAGE);
      return list(res, u, 'invoice_items', path, undefined, store.getInvoiceItems(b));
    }
    // GUESS path: the `reversed_invoices` link of an invoice lists its credit notes (credit-notes.ts).
    if (
      resource === 'invoices' &&
      parts.length === 3 &&
      c === 'reversed_invoices' &&
      b &&
      /^\d{1,19}$/.test(b)
    ) {
      if (!store.getInvoice(b)) throw new HttpError(404, NOT_FOUND_MESSAGE);
      return list(res, u, 'invoices', path, undefined, store.creditNotesOf(b));
    }
    throw new HttpError(404, NOT_FOUND_MESSAGE);
  };

  const list = (
    res: ServerResponse,
    u: URL,
    resource: ResourceName,
    path: string,
    extra?: (r: ClinikoRecordBase) => boolean,
    candidates?: readonly ClinikoRecordBase[],
  ): number => {
    const failStatus = failing.get(resource);
    if (failStatus !== undefined) throw new HttpError(failStatus, 'Simulated failure of this list.'); // test fault
    const sp = u.searchParams;
    const page = parsePositive(sp.get('page'), 1, 'page');
    const perPage = parsePositive(sp.get('per_page'), 50, 'per_page');
    if (perPage > 100) throw new HttpError(400, 'per_page must be between 1 and 100'); // GUESS: "not allowed"
    const filters: Filter[] = [...sp.getAll('q[]'), ...sp.getAll('q')].map((q) => parseFilter(resource, q));
    if (filters.some((f) => unsearchable.get(resource)?.has(f.field)))
      throw new HttpError(400, NOT_SEARCHABLE);
    const sort = parseSort(resource, sp.get('sort'), sp.get('order'));
    let cands = candidates;
    if (!cands && resource === 'invoice_items') {
      const f = filters.find((x) => x.field === 'invoice_id' && x.op === '=');
      if (f) {
        const ids = sp
          .getAll('q[]')
          .concat(sp.getAll('q'))
          .filter((q) => q.startsWith('invoice_id:='))
          .flatMap((q) => q.slice('invoice_id:='.length).split(','));
        cands = ids.flatMap((id) => store.getInvoiceItems(id.replace(/^0+(?=\d)/, '')));
      }
    }
    if (!cands) {
      const f = filters.find((x) => x.field === 'id' && x.ids);
      if (f?.ids) {
        const table = store.tables[resource];
        cands = f.ids
          .map((id) => table.byId.get(id))
          .filter((r): r is NonNullable<typeof r> => r !== undefined);
      }
    }
    const isPractitioners = resource === 'practitioners';
    const extraTest =
      extra ??
      (isPractitioners ? (r: ClinikoRecordBase) => (r as { active?: boolean }).active !== false : undefined);
    // Paging through one result set repeats the same query: cache the full match list until a mutation.
    const cacheKey = [
      resource,
      path,
      sort.map((k) => `${k.field}:${k.desc}`).join(','),
      ...filters.map((f) => `${f.field}:${f.op}:${f.raw}`),
    ].join('|');
    let cached = queryCache.get(cacheKey);
    if (!cached || cached.version !== store.version) {
      const result = runQuery(store.tables[resource] as never, {
        filters,
        sort,
        extra: extraTest,
        candidates: cands,
      }) as QueryResult<ClinikoRecordBase>;
      cached = { version: store.version, result };
      queryCache.delete(cacheKey);
      queryCache.set(cacheKey, cached);
      if (queryCache.size > 32) queryCache.delete(queryCache.keys().next().value as string);
    }
    const result = {
      records: cached.result.slice((page - 1) * perPage, page * perPage),
      total: cached.result.total,
    };
    const pageUrl = (p: number): string => {
      const q = new URLSearchParams(u.search);
      q.set('page', String(p));
      return `${url}${path.slice(3)}?${q.toString()}`;
    };
    const links: { self: string; next?: string; previous?: string } = { self: pageUrl(page) };
    if (page * perPage < result.total) links.next = pageUrl(page + 1);
    if (page > 1) links.previous = pageUrl(page - 1);
    return send(res, 200, { [resource]: result.records, total_entries: result.total, links });
  };

  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    // The control API (/__sim/…) is not Cliniko: no auth, not rate-limited, not in the request log.
    const control = handleControl(payments, req.method ?? 'GET', u);
    if (control) {
      res.writeHead(control.status, {
        'Content-Type': control.contentType,
        'Content-Length': String(Buffer.byteLength(control.body)),
      });
      res.end(control.body);
      return;
    }
    let status: number;
    try {
      status = handle(req, res, u);
    } catch (e) {
      status = send(res, 500, { message: `Simulator error: ${e instanceof Error ? e.message : String(e)}` });
    }
    requests.push({
      method: req.method ?? 'GET',
      path: u.pathname,
      query: u.search.replace(/^\?/, ''),
      status,
      at: now().toISOString(),
    });
  });
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}/v1`;

  return {
    url,
    apiKey,
    store,
    payments,
    paymentsReport: (o) => paymentsReportCsv(payments, o),
    controlUrl: `http://127.0.0.1:${port}/__sim`,
    requests,
    requestCount(pathPrefix?: string): number {
      if (pathPrefix === undefined) return requests.length;
      const full = pathPrefix.startsWith('/v1')
        ? pathPrefix
        : `/v1${pathPrefix.startsWith('/') ? '' : '/'}${pathPrefix}`;
      return requests.filter((r) => r.path.startsWith(full)).length;
    },
    resetRequestLog(): void {
      requests.length = 0;
    },
    failList(resource: ResourceName, status: number | null): void {
      if (status === null) failing.delete(resource);
      else failing.set(resource, status);
    },
    refuseFilter(resource: ResourceName, field: string): void {
      let set = unsearchable.get(resource);
      if (!set) unsearchable.set(resource, (set = new Set()));
      set.add(field);
    },
    close(): Promise<void> {
      return new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

/** Gives `n` paid invoices, spread evenly through the data, a credit note reversing them in full. */
function seedCreditNotes(store: ClinikoStore, n: number): void {
  if (n <= 0) return;
  const paid = store.list('invoices').filter((i) => i.status === 20 && i.archived_at === null);
  const step = paid.length / n;
  const picks = Array.from({ length: Math.min(n, paid.length) }, (_, k) => paid[Math.floor(k * step)]);
  for (const inv of picks) if (inv && inv.total_amount !== '0.00') store.createCreditNote(inv.id);
}

function parsePositive(v: string | null, dflt: number, name: string): number {
  if (v === null || v === '') return dflt;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new HttpError(400, `${name} must be a positive integer`); // GUESS
  return Number(v);
}

/** ID at the end of a Cliniko link (re-exported for tests). */
export { idFromLink };
