/**
 * Cliniko list queries: `q[]=field:OPvalue` filters (ANDed), `sort=`/`order=`, `page`/`per_page`
 * (cliniko-api.md §3). Messages marked GUESS are not documented by Cliniko; the others are.
 */
import type { ClinikoRecordBase } from '../seed/types.js';
import { compareIds, idFromLink } from '../seed/records.js';
import type { ClinikoLink } from '../seed/types.js';
import { lowerBound } from './store.js';
import type { ResourceName, Table } from './store.js';

export type FieldType = 'id' | 'number' | 'datetime' | 'date' | 'string' | 'boolean';
type Value = string | number | boolean | null | undefined;
interface FieldDef {
  type: FieldType;
  get: (r: Record<string, unknown>) => Value;
  /** Set for a record's own string column (not a link), allowing a direct comparison fast path. */
  own?: string;
}

const own =
  (name: string) =>
  (r: Record<string, unknown>): Value =>
    r[name] as Value;
const ownStr = (type: 'datetime' | 'date' | 'string', name: string): FieldDef => ({
  type,
  get: own(name),
  own: name,
});
const viaLink =
  (name: string) =>
  (r: Record<string, unknown>): Value =>
    idFromLink(r[name] as ClinikoLink | null);

const base = (): Record<string, FieldDef> => ({
  id: { type: 'id', get: own('id') },
  created_at: ownStr('datetime', 'created_at'),
  updated_at: ownStr('datetime', 'updated_at'),
});
const common = (): Record<string, FieldDef> => ({
  ...base(),
  archived_at: ownStr('datetime', 'archived_at'),
});

/**
 * Searchable columns per resource (cliniko-api.md §3 table, plus `archived_at` for the `*` wildcard
 * on the resources whose records carry it). Taxes and practitioners have no `archived_at` in
 * Cliniko's API: a filter on it is refused with 400 "This column is not searchable.", as Cliniko
 * answers for any column a resource does not have (inactive practitioners: /practitioners/inactive).
 */
export const SEARCHABLE: Record<ResourceName, Record<string, FieldDef>> = {
  invoices: {
    ...common(),
    appointment_id: { type: 'id', get: viaLink('appointment') },
    business_id: { type: 'id', get: viaLink('business') },
    issue_date: ownStr('date', 'issue_date'),
    number: { type: 'number', get: own('number') },
    patient_id: { type: 'id', get: viaLink('patient') },
    practitioner_id: { type: 'id', get: viaLink('practitioner') },
    status: { type: 'number', get: own('status') },
  },
  invoice_items: { ...common(), invoice_id: { type: 'id', get: viaLink('invoice') } },
  billable_items: { ...common(), tax_id: { type: 'id', get: viaLink('tax') } },
  products: {
    ...common(),
    name: { type: 'string', get: own('name') },
    tax_id: { type: 'id', get: viaLink('tax') },
  },
  taxes: { ...base() },
  businesses: { ...common() },
  patients: {
    ...common(),
    date_of_birth: { type: 'date', get: own('date_of_birth') },
    email: { type: 'string', get: own('email') },
    first_name: { type: 'string', get: own('first_name') },
    last_name: { type: 'string', get: own('last_name') },
    old_reference_id: { type: 'string', get: own('old_reference_id') },
  },
  practitioners: { ...base(), user_id: { type: 'id', get: viaLink('user') } },
};

const OPS_BY_TYPE: Record<FieldType, readonly string[]> = {
  date: ['=', '>=', '>', '<=', '<', '?', '!?', '*'],
  datetime: ['>=', '>', '<=', '<', '?', '!?', '*'],
  number: ['=', '!=', '>=', '>', '<=', '<', '?', '!?'],
  id: ['=', '!=', '>=', '>', '<=', '<', '?', '!?'],
  string: ['=', '!=', '~', '~~', '?', '!?'],
  boolean: ['=', '!='],
};
const OPERATORS = ['!?', '>=', '<=', '!=', '~~', '?', '=', '>', '<', '~', '*'];

export class QueryError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Filter {
  raw: string;
  field: string;
  op: string;
  def: FieldDef;
  test: (r: Record<string, unknown>) => boolean;
  /** For range narrowing on a sorted index. */
  bound?: { op: string; value: string };
  ids?: string[];
}

const UTC_DATETIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

function normaliseDatetime(field: string, v: string): string {
  const m = UTC_DATETIME.exec(v);
  const zone = m?.[6];
  // Cliniko: "All dates and times are expected to be in UTC" (DOCS); a filter value must be UTC, e.g.
  // 2014-08-30T18:00:00Z. An offset other than +00:00 or a missing zone is refused. (Message: GUESS.)
  if (!m || !zone || !/^(Z|[+-]00:?00)$/.test(zone)) {
    throw new QueryError(
      400,
      `Filter value for ${field} must be a UTC date and time, e.g. 2014-08-30T18:00:00Z`,
    );
  }
  const ms = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}${(m[5] ?? '').slice(0, 4)}Z`);
  if (Number.isNaN(ms)) {
    throw new QueryError(
      400,
      `Filter value for ${field} must be a UTC date and time, e.g. 2014-08-30T18:00:00Z`,
    );
  }
  return new Date(ms).toISOString();
}

function compareValues(type: FieldType, a: string | number, b: string | number): number {
  if (type === 'id') return compareIds(String(a), String(b));
  if (type === 'number') return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Parses one `q[]` value; throws QueryError (400) as Cliniko would. */
export function parseFilter(resource: ResourceName, raw: string): Filter {
  return { ...parseFilterInner(resource, raw), raw };
}

function parseFilterInner(resource: ResourceName, raw: string): Omit<Filter, 'raw'> {
  const colon = raw.indexOf(':');
  if (colon <= 0) throw new QueryError(400, `Invalid filter "${raw}": use q[]=field:OPERATORvalue`); // GUESS
  const field = raw.slice(0, colon);
  const rest = raw.slice(colon + 1);
  const def = SEARCHABLE[resource][field];
  if (!def) throw new QueryError(400, 'This column is not searchable.');
  const op = OPERATORS.find((o) => rest.startsWith(o));
  if (!op) throw new QueryError(400, `Invalid filter "${raw}": missing operator`); // GUESS
  const value = rest.slice(op.length);
  if (!OPS_BY_TYPE[def.type].includes(op)) {
    throw new QueryError(400, `Operator ${op} is not supported for ${field}`); // GUESS
  }
  const get = def.get;
  const isNull = (v: Value): boolean => v === null || v === undefined || v === '';
  if (op === '?' || op === '!?' || op === '*') {
    if (value !== '') throw new QueryError(400, `Invalid filter "${raw}"`); // GUESS
    if (op === '*') return { field, op, def, test: () => true };
    return op === '?'
      ? { field, op, def, test: (r) => !isNull(get(r)) }
      : { field, op, def, test: (r) => isNull(get(r)) };
  }

  switch (def.type) {
    case 'id':
    case 'number': {
      const list = op === '=' ? value.split(',') : [value];
      const re = def.type === 'id' ? /^\d{1,19}$/ : /^-?\d+(\.\d+)?$/;
      if (list.some((x) => !re.test(x)))
        throw new QueryError(400, `Filter value for ${field} must be a number`);
      const norm = list.map((x) => (def.type === 'id' ? x.replace(/^0+(?=\d)/, '') : x));
      if (op === '=') {
        const set = new Set(norm.map((x) => (def.type === 'number' ? String(Number(x)) : x)));
        return {
          field,
          op,
          def,
          ids: field === 'id' ? [...set] : undefined,
          test: (r) => {
            const v = get(r);
            return v !== null && v !== undefined && set.has(String(v));
          },
        };
      }
      const target = norm[0] as string;
      return { field, op, def, test: cmpTest(op, def, target) };
    }
    case 'datetime': {
      const target = normaliseDatetime(field, value);
      return { field, op, def, test: cmpTest(op, def, target), bound: { op, value: target } };
    }
    case 'date': {
      if (!/^[\d*]{4}-[\d*]{2}-[\d*]{2}$/.test(value)) {
        throw new QueryError(400, `Filter value for ${field} must be a date in the format YYYY-MM-DD`); // GUESS
      }
      if (value.includes('*')) {
        if (op !== '=') throw new QueryError(400, `Wildcards are only supported with = for ${field}`); // GUESS
        const re = new RegExp(`^${value.replace(/\*/g, '\\d')}$`);
        return { field, op, def, test: (r) => re.test(String(get(r) ?? '')) };
      }
      if (Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
        throw new QueryError(400, `Filter value for ${field} must be a date in the format YYYY-MM-DD`); // GUESS
      }
      return { field, op, def, test: cmpTest(op, def, value) };
    }
    case 'string': {
      const lower = value.toLowerCase();
      if (op === '~')
        return {
          field,
          op,
          def,
          test: (r) =>
            String(get(r) ?? '')
              .toLowerCase()
              .includes(lower),
        };
      if (op === '~~') {
        const pattern = lower.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*');
        const re = new RegExp(`^${pattern}$`, 's');
        return { field, op, def, test: (r) => re.test(String(get(r) ?? '').toLowerCase()) };
      }
      return op === '='
        ? { field, op, def, test: (r) => get(r) === value }
        : { field, op, def, test: (r) => get(r) !== value };
    }
    case 'boolean': {
      if (value !== 'true' && value !== 'false')
        throw new QueryError(400, `Filter value for ${field} must be true or false`); // GUESS
      const b = value === 'true';
      return op === '='
        ? { field, op, def, test: (r) => get(r) === b }
        : { field, op, def, test: (r) => get(r) !== b };
    }
  }
}

function cmpTest(op: string, def: FieldDef, target: string): (r: Record<string, unknown>) => boolean {
  if (def.own !== undefined && def.type !== 'string') {
    // Fast path: ISO timestamps (all normalised to toISOString form) and dates compare as text.
    const k = def.own;
    switch (op) {
      case '=':
        return (r) => r[k] === target;
      case '!=':
        return (r) => typeof r[k] === 'string' && r[k] !== target;
      case '>':
        return (r) => typeof r[k] === 'string' && (r[k] as string) > target;
      case '>=':
        return (r) => typeof r[k] === 'string' && (r[k] as string) >= target;
      case '<':
        return (r) => typeof r[k] === 'string' && (r[k] as string) < target;
      case '<=':
        return (r) => typeof r[k] === 'string' && (r[k] as string) <= target;
    }
  }
  const get = def.get;
  const t = def.type;
  const c = (r: Record<string, unknown>): number | null => {
    const v = get(r);
    return v === null || v === undefined ? null : compareValues(t, v as string | number, target);
  };
  switch (op) {
    case '=':
      return (r) => c(r) === 0;
    case '!=':
      return (r) => {
        const x = c(r);
        return x !== null && x !== 0;
      };
    case '>':
      return (r) => {
        const x = c(r);
        return x !== null && x > 0;
      };
    case '>=':
      return (r) => {
        const x = c(r);
        return x !== null && x >= 0;
      };
    case '<':
      return (r) => {
        const x = c(r);
        return x !== null && x < 0;
      };
    case '<=':
      return (r) => {
        const x = c(r);
        return x !== null && x <= 0;
      };
    default:
      throw new QueryError(400, `Unsupported operator ${op}`);
  }
}

export interface SortKey {
  field: string;
  desc: boolean;
  def: FieldDef;
}

/** `sort=col1,col2:desc`; `order=asc|desc` (deprecated) sets the direction of keys without one. */
export function parseSort(resource: ResourceName, sort: string | null, order: string | null): SortKey[] {
  if (order !== null && order !== 'asc' && order !== 'desc') {
    throw new QueryError(400, 'order must be asc or desc'); // GUESS
  }
  const defaultDesc = order === 'desc';
  const spec = sort && sort.trim() !== '' ? sort : 'created_at';
  const keys: SortKey[] = [];
  for (const part of spec.split(',')) {
    const [field = '', dir] = part.trim().split(':');
    const def = SEARCHABLE[resource][field];
    if (!def) throw new QueryError(400, 'This column is not sortable.'); // GUESS (mirrors "not searchable")
    if (dir !== undefined && dir !== 'asc' && dir !== 'desc') {
      throw new QueryError(400, `Invalid sort direction ${dir}`); // GUESS
    }
    keys.push({ field, def, desc: dir === undefined ? defaultDesc : dir === 'desc' });
  }
  return keys;
}

export interface QueryResult<T> {
  total: number;
  /** Records [from, to) of the ordered result. */
  slice(from: number, to: number): T[];
}

/**
 * Runs a query on a table and returns ALL matching records in order (the caller slices the page): hides
 * archived records unless an `archived_at` filter is given, applies all filters and sorts. Uses the
 * table's created/updated order (with a binary-searched range for bounds on the sort column) so a query
 * over 100k records is a single scan without a sort.
 */
export function runQuery<T extends ClinikoRecordBase>(
  table: Table<T>,
  opts: {
    filters: Filter[];
    sort: SortKey[];
    extra?: (r: T) => boolean;
    candidates?: readonly T[];
  },
): QueryResult<T> {
  const { filters, sort } = opts;
  const includeArchived = filters.some((f) => f.field === 'archived_at');
  const tests = filters.filter((f) => f.op !== '*').map((f) => f.test);
  const extra = opts.extra;
  const match = (r: T): boolean => {
    if (!includeArchived && (r as { archived_at?: string | null }).archived_at) return false;
    if (extra && !extra(r)) return false;
    const rr = r as unknown as Record<string, unknown>;
    for (const t of tests) if (!t(rr)) return false;
    return true;
  };
  const first = sort[0];
  const indexed =
    !opts.candidates &&
    sort.length === 1 &&
    first !== undefined &&
    (first.field === 'created_at' || first.field === 'updated_at');

  if (indexed && first) {
    const arr = first.field === 'created_at' ? table.byCreated : table.byUpdated;
    const key = first.field as 'created_at' | 'updated_at';
    let lo = 0;
    let hi = arr.length;
    for (const f of filters) {
      if (f.field !== key || !f.bound) continue;
      const v = f.bound.value;
      if (f.bound.op === '>=')
        lo = Math.max(
          lo,
          lowerBound(arr, (x) => (x[key] < v ? -1 : 1)),
        );
      else if (f.bound.op === '>')
        lo = Math.max(
          lo,
          lowerBound(arr, (x) => (x[key] <= v ? -1 : 1)),
        );
      else if (f.bound.op === '<')
        hi = Math.min(
          hi,
          lowerBound(arr, (x) => (x[key] < v ? -1 : 1)),
        );
      else if (f.bound.op === '<=')
        hi = Math.min(
          hi,
          lowerBound(arr, (x) => (x[key] <= v ? -1 : 1)),
        );
    }
    // Positions in a typed array: no per-record allocation on a 100k scan.
    const pos = new Int32Array(Math.max(0, hi - lo));
    let n = 0;
    if (!first.desc) {
      for (let i = lo; i < hi; i++) if (match(arr[i] as T)) pos[n++] = i;
    } else {
      for (let i = hi - 1; i >= lo; i--) if (match(arr[i] as T)) pos[n++] = i;
    }
    return {
      total: n,
      slice: (from, to) => Array.from(pos.subarray(from, Math.min(to, n)), (i) => arr[i] as T),
    };
  }

  const source = opts.candidates ?? table.byCreated;
  const matched = source.filter(match);
  matched.sort((a, b) => {
    const ra = a as unknown as Record<string, unknown>;
    const rb = b as unknown as Record<string, unknown>;
    for (const k of sort) {
      const va = k.def.get(ra);
      const vb = k.def.get(rb);
      let c: number;
      if (va === vb) c = 0;
      else if (va === null || va === undefined) c = -1;
      else if (vb === null || vb === undefined) c = 1;
      else c = compareValues(k.def.type, va as string | number, vb as string | number);
      if (c !== 0) return k.desc ? -c : c;
    }
    return compareIds(a.id, b.id);
  });
  return { total: matched.length, slice: (from, to) => matched.slice(from, to) };
}
