/**
 * The edge between Cliniko's JSON and our domain types (./types.ts). Zod schemas for the raw records of
 * cliniko-api.md §4/§7, tolerant of fields we do not know (they are dropped, never an error) and strict
 * about the ones we rely on (IDs, money, dates), so bad data is refused here with the field named,
 * instead of surfacing as a wrong amount in Xero.
 */
import { z } from 'zod';
import { decimalToString, MoneyError, parseCents, parseCentsRounded, parseDecimal } from '../money.js';
import { isCalendarDate } from '../time/local-date.js';
import type {
  ClinikoBillableItem,
  ClinikoBusiness,
  ClinikoInvoice,
  ClinikoInvoiceItem,
  ClinikoPatient,
  ClinikoPractitioner,
  ClinikoProduct,
  ClinikoTax,
  ClinikoUser,
  InvoiceStatus,
} from './types.js';

// ---------- field schemas ----------

/** int64 IDs as strings. A JSON number is accepted only while it is still exact (older examples). */
const id = z.union([z.string(), z.number()]).transform((v, ctx) => {
  if (typeof v === 'string' && /^\d{1,20}$/.test(v)) return v;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  ctx.addIssue({
    code: 'custom',
    message:
      typeof v === 'number' && Number.isInteger(v)
        ? 'numeric ID too large to be exact; the client must pass it as text'
        : 'must be a decimal ID',
  });
  return z.NEVER;
});

const decimalInput = z.union([z.string(), z.number()]);

function moneyWith(parse: (v: string | number) => number) {
  return decimalInput.transform((v, ctx) => {
    try {
      return parse(v);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: e instanceof MoneyError ? e.message : 'not a money value' });
      return z.NEVER;
    }
  });
}

/** Whole-cent money; refuses a third significant decimal place. */
const cents = moneyWith(parseCents);
/** Money that Cliniko may send with extra places; rounded half-up to the cent. */
const centsRounded = moneyWith((v) => parseCentsRounded(v, 'half-up'));

/** Any decimal, kept as canonical text ("10.0" → "10"). */
const decimalText = decimalInput.transform((v, ctx) => {
  try {
    return decimalToString(parseDecimal(v));
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not a decimal number' });
    return z.NEVER;
  }
});

const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const instant = z.string().regex(INSTANT_RE, 'must be an ISO-8601 timestamp with a time zone');
const optInstant = instant.nullish().transform((v) => v ?? null);
const calendarDate = z.string().refine(isCalendarDate, 'must be a date YYYY-MM-DD');
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');
const optText = z
  .string()
  .nullish()
  .transform((v) => (v === undefined || v === null || v === '' ? null : v));

/** `{"links":{"self":".../patients/1593"}}` → "1593"; absent or null → null. */
export function idFromLink(url: string): string | null {
  const path = url.split(/[?#]/)[0] ?? '';
  const last = path.replace(/\/+$/, '').split('/').pop() ?? '';
  return /^\d{1,20}$/.test(last) ? last : null;
}

const linkId = z
  .object({ links: z.object({ self: z.string() }) })
  .nullish()
  .transform((v, ctx) => {
    if (!v) return null;
    const found = idFromLink(v.links.self);
    if (found === null) {
      ctx.addIssue({ code: 'custom', message: `link has no ID: ${v.links.self}` });
      return z.NEVER;
    }
    return found;
  });

const selfLink = z
  .object({ self: z.string().optional() })
  .nullish()
  .transform((v) => v?.self ?? null);

const timestamps = { created_at: instant, updated_at: instant };

// ---------- raw record schemas (zod objects drop unknown keys) ----------

export const rawInvoiceSchema = z.object({
  id,
  number: z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String),
  issue_date: calendarDate,
  status: z.union([z.literal(10), z.literal(20), z.literal(30), z.literal(40)]),
  status_description: text,
  total_amount: cents,
  net_amount: cents.nullish(),
  tax_amount: cents,
  discounted_amount: centsRounded.nullish(),
  notes: text,
  closed_at: optInstant,
  deleted_at: optInstant,
  archived_at: optInstant,
  patient: linkId,
  business: linkId,
  practitioner: linkId,
  appointment: linkId,
  original_invoice: linkId,
  links: selfLink,
  ...timestamps,
});

export const rawInvoiceItemSchema = z.object({
  id,
  invoice: linkId,
  billable_item: linkId,
  product: linkId,
  name: text,
  code: text,
  quantity: decimalText,
  unit_price: decimalText,
  discount_percentage: decimalText.nullish(),
  discounted_amount: centsRounded.nullish(),
  is_monetary_discount: z.boolean().nullish(),
  net_price: decimalText.nullish(),
  tax_name: text,
  tax_rate: decimalText.nullish(),
  total_including_tax: cents,
  deleted_at: optInstant,
  archived_at: optInstant,
  ...timestamps,
});

const phone = z.object({ number: text, phone_type: text });

export const rawPatientSchema = z.object({
  id,
  title: text,
  first_name: text,
  last_name: text,
  preferred_first_name: text,
  email: optText,
  invoice_email: optText,
  patient_phone_numbers: z
    .array(phone)
    .nullish()
    .transform((v) => v ?? []),
  address_1: text,
  address_2: text,
  address_3: text,
  city: text,
  state: text,
  post_code: text,
  country: text,
  date_of_birth: calendarDate.nullish(),
  archived_at: optInstant,
  deleted_at: optInstant,
  merged_at: optInstant,
  merged_with_patient: linkId,
  ...timestamps,
});

export const rawBusinessSchema = z.object({
  id,
  business_name: text,
  display_name: optText,
  time_zone_identifier: optText,
  country_code: optText,
  archived_at: optInstant,
  deleted_at: optInstant,
  ...timestamps,
});

export const rawPractitionerSchema = z.object({
  id,
  title: text,
  first_name: text,
  last_name: text,
  display_name: text,
  active: z
    .boolean()
    .nullish()
    .transform((v) => v ?? true),
  user: linkId,
  ...timestamps,
});

export const rawTaxSchema = z.object({ id, name: text, rate: decimalText, ...timestamps });

export const rawBillableItemSchema = z.object({
  id,
  name: text,
  item_code: text,
  item_type: text,
  price: decimalText.nullish(),
  tax: linkId,
  archived_at: optInstant,
  ...timestamps,
});

export const rawProductSchema = z.object({
  id,
  name: text,
  item_code: text,
  price_ex_tax: decimalText.nullish(),
  tax: linkId,
  archived_at: optInstant,
  ...timestamps,
});

export const rawUserSchema = z.object({
  id,
  first_name: text,
  last_name: text,
  email: optText,
  active: z
    .boolean()
    .nullish()
    .transform((v) => v ?? true),
  ...timestamps,
});

// ---------- normalisers ----------

/** One field Cliniko sent that we could not use: its path, what is wrong, and the value as sent. */
export type ParseIssue = { field: string; message: string; value: unknown };

export class ClinikoParseError extends Error {
  override readonly name = 'ClinikoParseError';
  constructor(
    readonly kind: string,
    readonly recordId: string | null,
    readonly problems: string[],
    /** The same problems with the field and the value Cliniko sent (for the sync log). */
    readonly issues: ParseIssue[] = [],
    /** For an invoice item: the invoice it belongs to, from its `invoice` link (null if none). */
    readonly parentId: string | null = null,
    /** For an invoice: its `number`, `issue_date` and whether `archived_at` is set, as sent. */
    readonly raw: { number: string | null; issueDate: string | null; archived: boolean } = {
      number: null,
      issueDate: null,
      archived: false,
    },
  ) {
    super(`Cliniko ${kind}${recordId ? ` ${recordId}` : ''} has unexpected data: ${problems.join('; ')}`);
  }

  get rawNumber(): string | null {
    return this.raw.number;
  }
  get rawIssueDate(): string | null {
    return this.raw.issueDate;
  }
  get rawArchived(): boolean {
    return this.raw.archived;
  }
}

function issuesToMessages(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(record)'}: ${i.message}`);
}

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = json;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function rawIdOf(json: unknown): string | null {
  if (typeof json === 'object' && json !== null && 'id' in json) {
    const v = (json as { id: unknown }).id;
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return null;
}

/** The invoice an item belongs to, read leniently from its raw `invoice` link. */
function rawInvoiceIdOf(json: unknown): string | null {
  const self = valueAt(json, ['invoice', 'links', 'self']);
  return typeof self === 'string' ? idFromLink(self) : null;
}

function parseWith<S extends z.ZodType, T>(kind: string, schema: S, map: (raw: z.output<S>) => T) {
  return (json: unknown): T => {
    const r = schema.safeParse(json);
    if (!r.success) {
      const issues = r.error.issues.map((i) => ({
        field: i.path.length ? i.path.join('.') : '(record)',
        message: i.message,
        value: i.path.length ? valueAt(json, i.path) : undefined,
      }));
      const parent = kind === 'invoice item' ? rawInvoiceIdOf(json) : null;
      const num = valueAt(json, ['number']);
      const date = valueAt(json, ['issue_date']);
      const archived = valueAt(json, ['archived_at']) ?? valueAt(json, ['deleted_at']);
      const raw = {
        number:
          typeof num === 'number' || (typeof num === 'string' && /^\d{1,12}$/.test(num)) ? String(num) : null,
        issueDate: typeof date === 'string' ? date : null,
        archived: typeof archived === 'string' && archived !== '',
      };
      throw new ClinikoParseError(kind, rawIdOf(json), issuesToMessages(r.error), issues, parent, raw);
    }
    return map(r.data);
  };
}

export const parseInvoice = parseWith('invoice', rawInvoiceSchema, (r): ClinikoInvoice => ({
  id: r.id,
  number: r.number,
  issueDate: r.issue_date,
  status: r.status as InvoiceStatus,
  statusDescription: r.status_description,
  totalCents: r.total_amount,
  // net is derivable; Cliniko always sends it, but do not fail an invoice if it does not.
  netCents: r.net_amount ?? r.total_amount - r.tax_amount,
  taxCents: r.tax_amount,
  discountedCents: r.discounted_amount ?? 0,
  notes: r.notes,
  patientId: r.patient,
  businessId: r.business,
  practitionerId: r.practitioner,
  appointmentId: r.appointment,
  originalInvoiceId: r.original_invoice,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  closedAt: r.closed_at,
  archivedAt: r.archived_at ?? r.deleted_at,
  selfUrl: r.links,
}));

export const parseInvoiceItem = parseWith('invoice item', rawInvoiceItemSchema, (r): ClinikoInvoiceItem => ({
  id: r.id,
  invoiceId: r.invoice,
  billableItemId: r.billable_item,
  productId: r.product,
  name: r.name,
  code: r.code,
  quantity: r.quantity,
  unitPrice: r.unit_price,
  discountPercentage: r.discount_percentage ?? '0',
  discountedCents: r.discounted_amount ?? 0,
  isMonetaryDiscount: r.is_monetary_discount ?? false,
  netPrice: r.net_price ?? null,
  taxName: r.tax_name,
  taxRate: r.tax_rate ?? '0',
  totalIncludingTaxCents: r.total_including_tax,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  archivedAt: r.archived_at ?? r.deleted_at,
}));

export const parsePatient = parseWith('patient', rawPatientSchema, (r): ClinikoPatient => ({
  id: r.id,
  title: r.title,
  firstName: r.first_name,
  lastName: r.last_name,
  preferredFirstName: r.preferred_first_name,
  email: r.email,
  invoiceEmail: r.invoice_email,
  phones: r.patient_phone_numbers
    .filter((p) => p.number.trim() !== '')
    .map((p) => ({ number: p.number, type: p.phone_type })),
  address: {
    line1: r.address_1,
    line2: r.address_2,
    line3: r.address_3,
    city: r.city,
    state: r.state,
    postCode: r.post_code,
    country: r.country,
  },
  dateOfBirth: r.date_of_birth ?? null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  archivedAt: r.archived_at ?? r.deleted_at,
  mergedAt: r.merged_at,
  mergedWithPatientId: r.merged_with_patient,
}));

export const parseBusiness = parseWith('business', rawBusinessSchema, (r): ClinikoBusiness => ({
  id: r.id,
  name: r.business_name,
  displayName: r.display_name,
  timeZone: r.time_zone_identifier,
  countryCode: r.country_code,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  archivedAt: r.archived_at ?? r.deleted_at,
}));

export const parsePractitioner = parseWith(
  'practitioner',
  rawPractitionerSchema,
  (r): ClinikoPractitioner => ({
    id: r.id,
    title: r.title,
    firstName: r.first_name,
    lastName: r.last_name,
    displayName: r.display_name || `${r.first_name} ${r.last_name}`.trim(),
    active: r.active,
    userId: r.user,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }),
);

export const parseTax = parseWith('tax', rawTaxSchema, (r): ClinikoTax => ({
  id: r.id,
  name: r.name,
  rate: r.rate,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
}));

export const parseBillableItem = parseWith(
  'billable item',
  rawBillableItemSchema,
  (r): ClinikoBillableItem => ({
    id: r.id,
    name: r.name,
    itemCode: r.item_code,
    itemType: r.item_type,
    price: r.price ?? '0',
    taxId: r.tax,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    archivedAt: r.archived_at,
  }),
);

export const parseProduct = parseWith('product', rawProductSchema, (r): ClinikoProduct => ({
  id: r.id,
  name: r.name,
  itemCode: r.item_code,
  priceExTax: r.price_ex_tax ?? '0',
  taxId: r.tax,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  archivedAt: r.archived_at,
}));

export const parseUser = parseWith('user', rawUserSchema, (r): ClinikoUser => ({
  id: r.id,
  firstName: r.first_name,
  lastName: r.last_name,
  email: r.email,
  active: r.active,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
}));
