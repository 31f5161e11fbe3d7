/**
 * The settings file, version 1 — its one schema: the core validates with it, and every type the
 * contract, the UI and the core use is derived from it (docs/decisions/013). Its shape is fixed by the issue (mapping defaults, per-item overrides,
 * tax mapping); the app's own options (poll interval, due date, …) are optional with defaults so a file
 * written by hand or by another tool stays valid. Strict: an unknown key or a bad value is refused with
 * a message that names the key path (`defaults.paymentAccountCode: required`), because a silently
 * ignored typo in a mapping would send revenue to the wrong account.
 *
 * A default that is not chosen yet is the empty string: the file is valid, but `isSyncReady` says no.
 */
import { z } from 'zod';
import { isCalendarDate } from './dates.js';
import {
  defaultAlerts,
  defaultTracking,
  extraSettingsShape,
  mergeExtras,
  type AlertSettings,
  type TrackingSettings,
} from './settings-extras.js';

/** Xero account codes are up to 10 characters (xero-api.md §7). */
const ACCOUNT_CODE_RE = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,9}$/;
/** Xero TaxType codes: OUTPUT, EXEMPTOUTPUT, TAX001, … */
const TAX_TYPE_RE = /^[A-Z0-9_]{1,50}$/;
const CLINIKO_ID_RE = /^\d{1,20}$/;

const accountCode = z
  .string()
  .regex(ACCOUNT_CODE_RE, 'must be a Xero account code (up to 10 letters or digits)');
const taxType = z.string().regex(TAX_TYPE_RE, 'must be a Xero tax type code such as OUTPUT or EXEMPTOUTPUT');
/** A default may be left blank until the user picks one. */
const optionalAccountCode = z.union([z.literal(''), accountCode]);
const optionalTaxType = z.union([z.literal(''), taxType]);
const clinikoId = z.string().regex(CLINIKO_ID_RE, 'must be a Cliniko ID');

const accountOverride = z.strictObject({ accountCode });
const overridesById = z.record(clinikoId, accountOverride);

const headerName = z
  .string()
  .trim()
  .min(1, 'must name a column of the payments report')
  .max(200, 'must be at most 200 characters');

export const PAYMENT_MODES = ['invoice', 'report', 'daily-batch'] as const;
export type PaymentMode = (typeof PAYMENT_MODES)[number];

/** How payments reach Xero, and how Cliniko's payments report is read (issue: payments as they happened). */
export const paymentsSettingsSchema = z.strictObject({
  /** invoice: one payment per paid invoice; report: one per report row; daily-batch: one batch per type and day. */
  mode: z.enum(PAYMENT_MODES, 'must be invoice, report or daily-batch').default('invoice'),
  /** The report's header names for each field; null until the first import asks. */
  columns: z
    .strictObject({
      paidAt: headerName,
      amount: headerName,
      invoiceNumber: headerName,
      paymentType: headerName,
    })
    .nullable()
    .default(null),
  /** Unicode date-field tokens (dd/MM/yyyy HH:mm); null: ISO 8601. */
  dateFormat: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .refine(
      (v) => /y/.test(v) && /M/.test(v) && /d/.test(v),
      'must hold the tokens yyyy, MM and dd (e.g. dd/MM/yyyy HH:mm)',
    )
    .nullable()
    .default(null),
  /** A folder whose new .csv files the running app imports by itself; null: none. */
  folder: z.string().trim().min(1).max(1000).nullable().default(null),
});

export type PaymentsSettings = z.output<typeof paymentsSettingsSchema>;
/** The payments report's header names for each field. */
export type ReportColumns = NonNullable<PaymentsSettings['columns']>;

export const DEFAULT_PAYMENTS: PaymentsSettings = {
  mode: 'invoice',
  columns: null,
  dateFormat: null,
  folder: null,
};

/** The payments settings with their defaults (a settings file written before they existed has none). */
export function paymentsOf(settings: { payments?: PaymentsSettings | undefined }): PaymentsSettings {
  return settings.payments ?? DEFAULT_PAYMENTS;
}

export const settingsSchema = z.strictObject({
  version: z.literal(1).default(1),
  // Xero invoice numbers are at most 255 characters; a prefix is short text like "CL-".
  invoicePrefix: z
    .string()
    .max(50, 'must be at most 50 characters')
    .regex(/^(\S(.*\S)?)?$/, 'must not start or end with a space')
    .refine((v) => !/\p{Cc}/u.test(v), 'must not contain control characters'),
  invoiceStatus: z.enum(['AUTHORISED', 'DRAFT'], 'must be AUTHORISED or DRAFT'),
  syncFrom: z.string().refine(isCalendarDate, 'must be a date YYYY-MM-DD'),
  defaults: z.strictObject({
    serviceAccountCode: optionalAccountCode,
    productAccountCode: optionalAccountCode,
    paymentAccountCode: optionalAccountCode,
    taxExemptTaxType: optionalTaxType,
  }),
  /** Cliniko tax ID → Xero TaxType. */
  taxRates: z.record(clinikoId, taxType),
  billableItems: overridesById,
  products: overridesById,
  practitioners: overridesById,
  /** Payment type *name* (Cliniko has no payment-type IDs in its API) → account. */
  paymentTypes: z.record(z.string().min(1, 'must not be empty').max(100), accountOverride),
  pollIntervalSeconds: z.number().int('must be a whole number').min(15).max(86_400).default(30),
  /** 0 = due on the issue date. */
  dueDateDays: z.number().int('must be a whole number').min(0).max(365).default(0),
  /** For Cliniko's required User-Agent "app (email)". Empty until the user gives one. */
  contactEmail: z.union([z.literal(''), z.email('must be an email address')]).default(''),
  startAtLogin: z.boolean().default(false),
  notifications: z.boolean().default(true),
  payments: paymentsSettingsSchema.optional(),
  // Issue 17 (tracking, item codes, email alerts): ./settings-extras.ts.
  ...extraSettingsShape,
});

export type Settings = z.output<typeof settingsSchema>;
export type SettingsResult = { ok: true; settings: Settings } | { ok: false; errors: string[] };

function formatIssues(error: z.ZodError): string[] {
  const out: string[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push(`${path ? `${path}.` : ''}${key}: unknown setting`);
    } else if (issue.code === 'invalid_key') {
      // A bad record key (e.g. a non-numeric Cliniko ID): report the key's own problem.
      out.push(`${path}: ${issue.issues.map((i) => i.message).join('; ')}`);
    } else {
      out.push(`${path || '(settings)'}: ${issue.message}`);
    }
  }
  return out;
}

export function parseSettings(json: unknown): SettingsResult {
  const r = settingsSchema.safeParse(json, {
    // "required" reads better than zod's "expected string, received undefined".
    error: (iss) => (iss.input === undefined && iss.code !== 'unrecognized_keys' ? 'required' : undefined),
  });
  return r.success ? { ok: true, settings: r.data } : { ok: false, errors: formatIssues(r.error) };
}

/** A fresh install. `syncFrom` defaults to the given date (the setup wizard asks for it). */
export function defaultSettings(syncFrom = '2026-01-01'): Settings {
  return {
    version: 1,
    invoicePrefix: '',
    invoiceStatus: 'AUTHORISED',
    syncFrom,
    defaults: {
      serviceAccountCode: '',
      productAccountCode: '',
      paymentAccountCode: '',
      taxExemptTaxType: '',
    },
    taxRates: {},
    billableItems: {},
    products: {},
    practitioners: {},
    paymentTypes: {},
    pollIntervalSeconds: 30,
    dueDateDays: 0,
    contactEmail: '',
    startAtLogin: false,
    notifications: true,
    tracking: defaultTracking(),
    sendItemCodes: false,
    alerts: defaultAlerts(),
  };
}

/** Sync must not start until the four global defaults are chosen (SPEC §3.2). */
export function isSyncReady(settings: Settings): { ready: boolean; missing: string[] } {
  const missing = (Object.keys(settings.defaults) as (keyof Settings['defaults'])[])
    .filter((k) => settings.defaults[k] === '')
    .map((k) => `defaults.${k}`);
  return { ready: missing.length === 0, missing };
}

const patchTable = <V extends z.ZodType>(value: V) => z.record(z.string(), value.nullable()).optional();

/**
 * A partial update from the UI or the CLI (`settings.update`). Scalars replace; `defaults` and
 * `payments` merge key by key; the mapping tables merge entry by entry and `null` removes an entry
 * (clearing an override makes the line inherit). This schema checks the shape only, and lets unknown
 * keys through: mergeSettings validates the merged file with settingsSchema, and its messages name
 * the key (`defaults.paymentAccountCode: must be …`, `colour: unknown setting`).
 */
export const settingsPatchSchema = z.looseObject({
  invoicePrefix: z.string().optional(),
  invoiceStatus: z.string().optional(),
  syncFrom: z.string().optional(),
  defaults: z
    .looseObject({
      serviceAccountCode: z.string().optional(),
      productAccountCode: z.string().optional(),
      paymentAccountCode: z.string().optional(),
      taxExemptTaxType: z.string().optional(),
    })
    .optional(),
  taxRates: patchTable(z.string()),
  billableItems: patchTable(z.object({ accountCode: z.string() })),
  products: patchTable(z.object({ accountCode: z.string() })),
  practitioners: patchTable(z.object({ accountCode: z.string() })),
  paymentTypes: patchTable(z.object({ accountCode: z.string() })),
  pollIntervalSeconds: z.number().optional(),
  dueDateDays: z.number().optional(),
  contactEmail: z.string().optional(),
  startAtLogin: z.boolean().optional(),
  notifications: z.boolean().optional(),
  payments: z
    .looseObject({
      mode: z.string().optional(),
      columns: z.unknown().optional(),
      dateFormat: z.string().nullable().optional(),
      folder: z.string().nullable().optional(),
    })
    .optional(),
  // Typed for callers; checked by mergeSettings (its messages name the key).
  tracking: z.custom<TrackingSettings>(() => true).optional(),
  sendItemCodes: z.boolean().optional(),
  alerts: z.custom<Partial<AlertSettings>>(() => true).optional(),
});

export type SettingsPatch = z.input<typeof settingsPatchSchema>;

const TABLES = ['taxRates', 'billableItems', 'products', 'practitioners', 'paymentTypes'] as const;

function mergeTable<V>(
  current: Record<string, V>,
  patch: Record<string, V | null> | undefined,
): Record<string, V> {
  if (patch === undefined) return current;
  const next: Record<string, V> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

/** Applies `patch` to `current` and validates the result; `current` is never modified. */
export function mergeSettings(current: Settings, patch: unknown): SettingsResult {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    return { ok: false, errors: ['(settings): the update must be an object'] };
  }
  const p = patch as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...current, ...p };
  const d = p['defaults'];
  merged['defaults'] =
    d === undefined
      ? current.defaults
      : typeof d === 'object' && d !== null
        ? { ...current.defaults, ...d }
        : d;
  const pay = p['payments'];
  if (typeof pay === 'object' && pay !== null && !Array.isArray(pay)) {
    merged['payments'] = { ...paymentsOf(current), ...pay };
  }
  for (const t of TABLES) {
    const v = p[t];
    merged[t] =
      typeof v === 'object' && v !== null && !Array.isArray(v)
        ? mergeTable<unknown>(current[t], v as Record<string, unknown>)
        : v === undefined
          ? current[t]
          : v;
  }
  if (p['alerts'] !== undefined) merged['alerts'] = mergeExtras(current, p);
  return parseSettings(merged);
}
