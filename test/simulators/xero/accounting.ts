// Routes of the Accounting API (/api.xro/2.0/*): body parsing and schema validation, batch semantics
// (summarizeErrors), filters and paging. Pure request → response; the server adds auth, limits, faults, idempotency.
import { randomUUID } from 'node:crypto';
import { msDateTime, parseIfModifiedSince, parseRequestDate } from './dates.js';
import { VALIDATION_EXCEPTION } from './messages.js';
import type { ElementResult, Json, SimOrg } from './org.js';
import { isBatchDelete } from './batch-payments.js';
import { validateSchema } from './schema.js';

export const API_PREFIX = '/api.xro/2.0';

export interface ApiRequest {
  method: string;
  /** Path after /api.xro/2.0, e.g. '/Invoices/abc'. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const PROVIDER = 'clinic-xero-sync';

function envelope(key: string, items: unknown[], extra: Json = {}): Json {
  return {
    Id: randomUUID(),
    Status: 'OK',
    ProviderName: PROVIDER,
    DateTimeUTC: msDateTime(Date.now()),
    ...extra,
    [key]: items,
  };
}

const notFound = (): ApiResponse => ({
  status: 404,
  body: { Title: 'Not Found', Status: 404, Detail: "The resource you're looking for cannot be found" },
});

const methodNotAllowed = (): ApiResponse => ({
  status: 405,
  body: {
    Title: 'Method Not Allowed',
    Status: 405,
    Detail: 'The requested method is not supported by this endpoint',
  },
});

function postDataInvalid(message: string): ApiResponse {
  return { status: 400, body: { ErrorNumber: 14, Type: 'PostDataInvalidException', Message: message } };
}

const bool = (q: URLSearchParams, name: string): boolean | undefined => {
  const v = q.get(name);
  return v === null ? undefined : v.toLowerCase() === 'true';
};
const list = (q: URLSearchParams, name: string): string[] | undefined => {
  const v = q.get(name);
  if (v === null) return undefined;
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
};
const header = (h: ApiRequest['headers'], name: string): string | undefined => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

const DATE_FIELDS = new Set(['Date', 'DueDate', 'ExpectedPaymentDate', 'PlannedPaymentDate']);

/** Xero rejects the whole request (nothing processed) when a date cannot be deserialised. */
function findBadDate(v: unknown, path: string): string | null {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const r = findBadDate(v[i], `${path}[${i}]`);
      if (r) return r;
    }
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const p = path ? `${path}.${k}` : k;
      if (DATE_FIELDS.has(k) && typeof x === 'string' && x !== '' && parseRequestDate(x) === null) {
        return `JSON for post data was invalid,Could not convert string to DateTime: ${x}. Path '${p}'.`;
      }
      const r = findBadDate(x, p);
      if (r) return r;
    }
  }
  return null;
}

type Parsed = { ok: true; elements: Json[]; raw: Json } | { ok: false; res: ApiResponse };

/**
 * Parses and validates a write body. Accepts the collection form ({"Invoices":[…]}) and, as Xero does, a single
 * element; validates against `collectionSchema` from the official OpenAPI document.
 */
function parseBody(body: string, collectionKey: string, collectionSchema: string, noun: string): Parsed {
  const empty = (): Parsed => ({
    ok: false,
    res: postDataInvalid(
      `No data has been processed for this endpoint. This endpoint is expecting ${noun} data to be specifed in the request body.`,
    ),
  });
  if (body.trim() === '') return empty();
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    return { ok: false, res: postDataInvalid(`JSON for post data was invalid,${(e as Error).message}`) };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return empty();
  let raw = json as Json;
  if (!(collectionKey in raw)) raw = { [collectionKey]: [raw] };
  const err = validateSchema(collectionSchema, raw);
  if (err)
    return {
      ok: false,
      res: postDataInvalid(`JSON for post data was invalid,${err.message}. Path '${err.path}'.`),
    };
  const bad = findBadDate(raw, '');
  if (bad) return { ok: false, res: postDataInvalid(bad) };
  const elements = (raw[collectionKey] as unknown[]).map((e) => e as Json);
  if (elements.length === 0) return empty();
  return { ok: true, elements, raw };
}

/** Xero's batch response: summarizeErrors=false → 200 with per-element status; default → 400 if any failed. */
function batchResponse(key: string, results: ElementResult[], summarizeErrors: boolean): ApiResponse {
  if (!summarizeErrors) {
    const items = results.map((r) => ({
      ...r.out,
      StatusAttributeString: r.ok ? 'OK' : 'ERROR',
      HasErrors: !r.ok,
      ...(key === 'Contacts' || key === 'Payments' ? { HasValidationErrors: !r.ok } : {}),
      ValidationErrors: r.ok ? [] : r.errors.map((Message) => ({ Message })),
    }));
    return { status: 200, body: envelope(key, items) };
  }
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) {
    return {
      status: 400,
      body: {
        ...VALIDATION_EXCEPTION,
        Elements: failed.map((r) => ({
          ...r.out,
          HasErrors: true,
          ...(key === 'Contacts' || key === 'Payments' ? { HasValidationErrors: true } : {}),
          ValidationErrors: r.ok ? [] : r.errors.map((Message) => ({ Message })),
        })),
      },
    };
  }
  return {
    status: 200,
    body: envelope(
      key,
      results.map((r) => r.out),
    ),
  };
}

function paging(q: URLSearchParams, defaultSize = 100): { page: number; pageSize: number } | null {
  const p = q.get('page');
  if (p === null) return null;
  const page = Math.max(1, Number.parseInt(p, 10) || 1);
  const pageSize = Math.min(1000, Math.max(1, Number.parseInt(q.get('pageSize') ?? '', 10) || defaultSize));
  return { page, pageSize };
}

function paged<T>(items: T[], pg: { page: number; pageSize: number }): { slice: T[]; pagination: Json } {
  const start = (pg.page - 1) * pg.pageSize;
  return {
    slice: items.slice(start, start + pg.pageSize),
    pagination: {
      page: pg.page,
      pageSize: pg.pageSize,
      pageCount: Math.ceil(items.length / pg.pageSize),
      itemCount: items.length,
    },
  };
}

/** Minimal `where` support for the settings endpoints: Field=="value" [AND Field=="value"]… */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function whereFilter(where: string | null): ((o: Json) => boolean) | null | 'bad' {
  if (!where) return null;
  const clauses = where.split(/\s+(?:AND|&&)\s+/i);
  const tests: { field: string; value: string | boolean }[] = [];
  for (const c of clauses) {
    // Xero's syntax: Field=="text", Field==true, Nested.Field==Guid("…").
    const m = /^\s*([A-Za-z]+(?:\.[A-Za-z]+)*)\s*==\s*(?:"([^"]*)"|Guid\("([^"]*)"\)|(true|false))\s*$/.exec(
      c,
    );
    if (!m) return 'bad';
    tests.push({ field: m[1] as string, value: m[2] ?? m[3] ?? m[4] === 'true' });
  }
  // A dotted field (Invoice.InvoiceID) reads a nested object; Xero compares GUIDs case-insensitively.
  const read = (o: Json, path: string): unknown =>
    path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k] : undefined), o);
  const same = (a: unknown, b: string | boolean): boolean =>
    typeof a === 'string' && typeof b === 'string' && GUID.test(b)
      ? a.toLowerCase() === b.toLowerCase()
      : a === b;
  return (o) => tests.every((t) => same(read(o, t.field), t.value));
}

export function handleApi(org: SimOrg, req: ApiRequest): ApiResponse {
  const segs = req.path.split('/').filter(Boolean);
  const [resource = '', id, sub] = segs;
  const q = req.query;
  const summarize = bool(q, 'summarizeErrors') ?? true;
  const unitdp: 2 | 4 = q.get('unitdp') === '4' ? 4 : 2;
  const method = req.method.toUpperCase();
  const modifiedSince = parseIfModifiedSince(header(req.headers, 'if-modified-since'));

  if (id && sub?.toLowerCase() === 'history') return history(org, method, resource, id);

  switch (resource.toLowerCase()) {
    case 'organisation':
    case 'organisations':
      if (method !== 'GET') return methodNotAllowed();
      return { status: 200, body: envelope('Organisations', [org.organisationJson()]) };

    case 'accounts': {
      if (method !== 'GET') return methodNotAllowed();
      const w = whereFilter(q.get('where'));
      if (w === 'bad') return postDataInvalid(`The 'where' clause could not be parsed: ${q.get('where')}`);
      let accounts = org.accounts().map((a) => org.accountJson(a));
      if (id) accounts = accounts.filter((a) => a['AccountID'] === id.toLowerCase());
      if (w) accounts = accounts.filter(w);
      if (id && accounts.length === 0) return notFound();
      return { status: 200, body: envelope('Accounts', accounts) };
    }

    case 'taxrates': {
      if (method !== 'GET') return methodNotAllowed();
      const w = whereFilter(q.get('where'));
      if (w === 'bad') return postDataInvalid(`The 'where' clause could not be parsed: ${q.get('where')}`);
      let rates = org.taxRates() as unknown as Json[];
      if (w) rates = rates.filter(w);
      const tt = q.get('TaxType');
      if (tt) rates = rates.filter((r) => r['TaxType'] === tt);
      return { status: 200, body: envelope('TaxRates', rates) };
    }

    case 'trackingcategories': {
      if (method !== 'GET') return methodNotAllowed();
      const includeArchived = bool(q, 'includeArchived') ?? false;
      const cats = org
        .trackingCategories()
        .filter((c) => includeArchived || c.Status === 'ACTIVE')
        // Deleted options are gone from Xero's answer; archived ones are listed with their status.
        .map((c) => ({
          ...c,
          Options: c.Options.filter((o) => o.Status !== 'DELETED').map((o) => ({
            ...o,
            IsActive: o.Status === 'ACTIVE',
          })),
        }));
      return { status: 200, body: envelope('TrackingCategories', cats) };
    }

    case 'items':
      if (method !== 'GET') return methodNotAllowed();
      return { status: 200, body: envelope('Items', org.itemsJson()) };

    case 'currencies':
      if (method !== 'GET') return methodNotAllowed();
      return {
        status: 200,
        body: envelope('Currencies', [{ Code: 'AUD', Description: 'Australian Dollar' }]),
      };

    case 'contacts':
      return contacts(org, req, method, id, summarize, modifiedSince);

    case 'invoices':
      return invoices(org, req, method, id, summarize, unitdp, modifiedSince);

    case 'payments': {
      if (method === 'GET') {
        if (id) {
          const p = org.findPayment(id);
          return p ? { status: 200, body: envelope('Payments', [org.paymentJson(p)]) } : notFound();
        }
        const w = whereFilter(q.get('where'));
        if (w === 'bad') return postDataInvalid(`The 'where' clause could not be parsed: ${q.get('where')}`);
        let ps = org.listPayments(modifiedSince).map((p) => org.paymentJson(p));
        if (w) ps = ps.filter(w);
        const pg = paging(q);
        if (pg) {
          const { slice, pagination } = paged(ps, pg);
          return { status: 200, body: envelope('Payments', slice, { pagination }) };
        }
        return { status: 200, body: envelope('Payments', ps) };
      }
      if (id && method === 'POST') {
        const parsed = parseBody(req.body, 'Payments', 'Payments', 'Payment');
        if (!parsed.ok) return parsed.res;
        const results = parsed.elements.map((e) => org.deletePayment(id, e));
        return batchResponse('Payments', results, summarize);
      }
      if (!id && (method === 'PUT' || method === 'POST')) {
        const parsed = parseBody(req.body, 'Payments', 'Payments', 'Payment');
        if (!parsed.ok) return parsed.res;
        const results = parsed.elements.map((e) => org.createPayment(e));
        return batchResponse('Payments', results, summarize);
      }
      return methodNotAllowed();
    }

    case 'creditnotes': {
      const allocationId = segs[3];
      if (id && sub?.toLowerCase() === 'allocations' && allocationId) {
        if (method !== 'DELETE') return methodNotAllowed();
        const r = org.deleteAllocation(id, allocationId);
        if (!r) return notFound();
        // Xero answers a bare Allocation (IsDeleted: true), not an envelope (OpenAPI deleteCreditNoteAllocations).
        return r.ok ? { status: 200, body: r.out } : batchResponse('Allocations', [r], true);
      }
      if (id && sub?.toLowerCase() === 'allocations') {
        if (method !== 'PUT') return methodNotAllowed();
        if (!org.findCreditNote(id)) return notFound();
        const parsed = parseBody(req.body, 'Allocations', 'Allocations', 'Allocation');
        if (!parsed.ok) return parsed.res;
        const results = parsed.elements.map((e) => org.allocateCreditNote(id, e));
        return batchResponse('Allocations', results, summarize);
      }
      if (method === 'GET') {
        const w = whereFilter(q.get('where'));
        if (w === 'bad') return postDataInvalid(`The 'where' clause could not be parsed: ${q.get('where')}`);
        const items = id
          ? [org.findCreditNote(id)].filter((c) => !!c)
          : org.listCreditNotes({ ids: list(q, 'IDs'), modifiedSince });
        if (id && items.length === 0) return notFound();
        let views = items.map((c) => org.creditNoteJson(c, { unitdp }));
        if (w) views = views.filter(w);
        const pg = paging(q);
        if (pg && !id) {
          const { slice, pagination } = paged(views, pg);
          return { status: 200, body: envelope('CreditNotes', slice, { pagination }) };
        }
        return { status: 200, body: envelope('CreditNotes', views) };
      }
      if (method === 'PUT' || method === 'POST') {
        const parsed = parseBody(req.body, 'CreditNotes', 'CreditNotes', 'CreditNote');
        if (!parsed.ok) return parsed.res;
        const results = parsed.elements.map((e) =>
          org.upsertCreditNote(id ? { ...e, CreditNoteID: id } : e, { method, unitdp }),
        );
        return batchResponse('CreditNotes', results, summarize);
      }
      return methodNotAllowed();
    }

    case 'batchpayments': {
      if (method === 'GET') {
        const where = whereFilter(q.get('where'));
        if (where === 'bad')
          return postDataInvalid(`The 'where' clause could not be parsed: ${q.get('where')}`);
        const items = org
          .batchPayments()
          .filter((b) => !id || b.BatchPaymentID === id.toLowerCase())
          .filter((b) => modifiedSince == null || b.UpdatedDateUTC > modifiedSince)
          .map((b) => org.batchPaymentJson(b))
          .filter((b) => !where || where(b));
        if (id && items.length === 0) return notFound();
        return { status: 200, body: envelope('BatchPayments', items) };
      }
      if (!id && (method === 'PUT' || (method === 'POST' && !isBatchDelete(safeJson(req.body))))) {
        const parsed = parseBody(req.body, 'BatchPayments', 'BatchPayments', 'BatchPayment');
        if (!parsed.ok) return parsed.res;
        const results = parsed.elements.map((e) => org.createBatchPayment(e));
        return batchResponse('BatchPayments', results, summarize);
      }
      if (method === 'POST') {
        let body: unknown;
        try {
          body = JSON.parse(req.body || '{}');
        } catch (e) {
          return postDataInvalid(`JSON for post data was invalid,${(e as Error).message}`);
        }
        const schema = id ? 'BatchPaymentDeleteByUrlParam' : 'BatchPaymentDelete';
        const err = validateSchema(schema, body);
        if (err) return postDataInvalid(`JSON for post data was invalid,${err.message}. Path '${err.path}'.`);
        const b = body as Json;
        const r = org.deleteBatchPayment(
          id ?? (typeof b['BatchPaymentID'] === 'string' ? b['BatchPaymentID'] : undefined),
          b,
        );
        return batchResponse('BatchPayments', [r], summarize);
      }
      return methodNotAllowed();
    }

    default:
      return notFound();
  }
}

function safeJson(body: string): unknown {
  try {
    return JSON.parse(body || '{}');
  } catch {
    return undefined;
  }
}

/** GET /{Invoices|CreditNotes|Payments|BatchPayments|Contacts}/{id}/History → Xero's HistoryRecords. */
function history(org: SimOrg, method: string, resource: string, id: string): ApiResponse {
  if (method !== 'GET') return methodNotAllowed();
  const r = resource.toLowerCase();
  let key: string | undefined;
  if (r === 'invoices') key = org.findInvoice(id)?.InvoiceID;
  else if (r === 'creditnotes') key = org.findCreditNote(id)?.CreditNoteID;
  else if (r === 'payments') key = org.findPayment(id)?.PaymentID;
  else if (r === 'batchpayments')
    key = org.batchPayments().find((b) => b.BatchPaymentID === id.toLowerCase())?.BatchPaymentID;
  else if (r === 'contacts') key = org.findContact(id)?.ContactID;
  if (!key) return notFound();
  return { status: 200, body: envelope('HistoryRecords', org.history.json(key)) };
}

function contacts(
  org: SimOrg,
  req: ApiRequest,
  method: string,
  id: string | undefined,
  summarize: boolean,
  modifiedSince: number | null,
): ApiResponse {
  const q = req.query;
  if (method === 'GET') {
    if (id) {
      const c = org.findContact(id);
      return c ? { status: 200, body: envelope('Contacts', [org.contactJson(c)]) } : notFound();
    }
    const items = org.listContacts({
      ids: list(q, 'IDs'),
      includeArchived: bool(q, 'includeArchived') ?? false,
      searchTerm: q.get('searchTerm') ?? undefined,
      modifiedSince,
    });
    const summaryOnly = bool(q, 'summaryOnly') ?? false;
    const pg = paging(q);
    if (pg) {
      const { slice, pagination } = paged(items, pg);
      return {
        status: 200,
        body: envelope(
          'Contacts',
          slice.map((c) => org.contactJson(c, summaryOnly)),
          { pagination },
        ),
      };
    }
    return {
      status: 200,
      body: envelope(
        'Contacts',
        items.map((c) => org.contactJson(c, summaryOnly)),
      ),
    };
  }
  if (method === 'PUT' || method === 'POST') {
    const parsed = parseBody(req.body, 'Contacts', 'Contacts', 'Contact');
    if (!parsed.ok) return parsed.res;
    const results = parsed.elements.map((e) => org.upsertContact(id ? { ...e, ContactID: id } : e));
    return batchResponse('Contacts', results, summarize);
  }
  return methodNotAllowed();
}

function invoices(
  org: SimOrg,
  req: ApiRequest,
  method: string,
  id: string | undefined,
  summarize: boolean,
  unitdp: 2 | 4,
  modifiedSince: number | null,
): ApiResponse {
  const q = req.query;
  if (method === 'GET') {
    if (id) {
      const inv = org.findInvoice(id);
      return inv
        ? { status: 200, body: envelope('Invoices', [org.invoiceJson(inv, { lineItems: true, unitdp })]) }
        : notFound();
    }
    const items = org.listInvoices({
      ids: list(q, 'IDs'),
      numbers: list(q, 'InvoiceNumbers'),
      contactIds: list(q, 'ContactIDs'),
      statuses: list(q, 'Statuses'),
      modifiedSince,
      searchTerm: q.get('searchTerm') ?? undefined,
    });
    const summaryOnly = bool(q, 'summaryOnly') ?? false;
    const pg = paging(q);
    // Xero: line items come back only for a single invoice or when paging.
    if (pg) {
      const { slice, pagination } = paged(items, pg);
      return {
        status: 200,
        body: envelope(
          'Invoices',
          slice.map((i) => org.invoiceJson(i, { lineItems: !summaryOnly, unitdp, summary: summaryOnly })),
          { pagination },
        ),
      };
    }
    return {
      status: 200,
      body: envelope(
        'Invoices',
        items.map((i) => org.invoiceJson(i, { lineItems: false, unitdp, summary: summaryOnly })),
      ),
    };
  }
  if (method === 'PUT' || method === 'POST') {
    const parsed = parseBody(req.body, 'Invoices', 'Invoices', 'Invoice');
    if (!parsed.ok) return parsed.res;
    const targetId = id ? (org.findInvoice(id)?.InvoiceID ?? id) : undefined;
    const results = parsed.elements.map((e) =>
      org.upsertInvoice(targetId ? { ...e, InvoiceID: targetId } : e, { method, unitdp }),
    );
    return batchResponse('Invoices', results, summarize);
  }
  return methodNotAllowed();
}
