/**
 * THE contract between the UI and the core. Every method the renderer may call (name → request →
 * response) and every event it may receive is declared here once. The Electron preload, the HTTP
 * transport, the core service and the renderer client are all typed from these maps, so a method
 * added in one place and not the others fails to compile. Requests are validated at runtime with the
 * zod schemas below: the renderer is untrusted input.
 */
import { z } from 'zod';
import { settingsPatchSchema, type PaymentMode, type ReportColumns, type Settings } from './settings.js';

// ---------------------------------------------------------------------------------------------
// Domain shapes that cross the boundary
// ---------------------------------------------------------------------------------------------

export type AppInfo = {
  name: string;
  version: string;
  /** 'electron' in the desktop app, 'serve' in the headless browser UI, 'cli' otherwise. */
  mode: 'electron' | 'serve' | 'cli';
  dataDir: string;
  secretStore: 'keychain' | 'file';
};

export type SyncState = 'idle' | 'syncing' | 'paused' | 'stopped';

/** What the tray, the dashboard and `status --json` show at a glance. */
export type Health = 'synced' | 'syncing' | 'attention' | 'disconnected' | 'setup';

export type AppStatus = {
  health: Health;
  /** One plain sentence for the tray tooltip and the dashboard header. */
  summary: string;
  sync: SyncState;
  cliniko: { connected: boolean; account: string | null };
  xero: { connected: boolean; tenantId: string | null; tenantName: string | null; needsReconnect: boolean };
  counts: { synced: number; pending: number; failed: number; needsAttention: number };
  lastSyncAt: string | null;
  nextSyncAt: string | null;
  pausedUntil: string | null;
  pauseReason: string | null;
  /** Xero's call budget for the organisation, as its last response said (null before any call). */
  xeroBudget?: { dayRemaining: number | null; minRemaining: number | null; at: string } | null;
  /** Cliniko or Xero cannot be reached (no answer, timeout, 5xx, 429), each since its first failed call. */
  outages?: Outage[];
  /** The last cycle failed for a reason other than an outage (an outage is in `outages`). */
  lastCycleError?: { at: string; message: string } | null;
  /** How often the loop tries again: the `pollIntervalSeconds` setting. */
  retryEverySeconds?: number;
  /** The clinic's IANA time zone (its first Cliniko business): times in `summary` are in it. */
  timeZone?: string | null;
  /** False while the sync settings (default accounts, tax-exempt rate) are incomplete. */
  settingsReady?: boolean;
};

/** A service the sync cannot reach. `reason` is plain words ("Cliniko did not answer in time"). */
export type Outage = { service: 'cliniko' | 'xero'; since: string; reason: string };

/** An organisation the user granted access to on Xero's consent screen. */
export type XeroTenant = { tenantId: string; tenantName: string };

/** How a background "Connect to Xero" ended (event `xero.connect.result`). */
export type XeroConnectResult = {
  ok: boolean;
  /** One plain sentence for the user. */
  message: string;
  /** Present when several organisations were connected and the user must pick one (xero.chooseTenant). */
  tenants?: XeroTenant[];
};

/** The settings lock (PIN): while `locked`, the core refuses changes to mappings, settings and connections. */
export type LockStatus = { enabled: boolean; locked: boolean };

/** Sync-log record states, as the ledger keeps them. */
export const LOG_STATES = ['pending', 'synced', 'failed', 'needs_attention'] as const;

// --- sync engine: settings, reference data, sync log (issue 5) ------------------------------------

/** The settings file, version 1: every type is derived from its one schema (shared/settings.ts). */
export type { PaymentMode, PaymentsSettings, ReportColumns, Settings, SettingsPatch } from './settings.js';
/** Email alerts as settings hold them; the SMTP password is in the keychain, never here. */
export type { AlertSettings as AlertSettingsView } from './settings-extras.js';
export { PAYMENT_MODES } from './settings.js';

// --- payments report import ------------------------------------------------------------------------

/** One accepted report row, as the import preview shows it. */
export type ReportPaymentView = {
  file: string;
  line: number;
  /** The business-local day the payment was taken (YYYY-MM-DD) and the instant (UTC ISO). */
  day: string;
  paidAt: string;
  invoiceNumber: string;
  paymentType: string;
  /** Negative: a refund. */
  amountCents: number;
};

export type PaymentsImportResult = {
  rows: number;
  accepted: number;
  refused: number;
  /** The local days that have accepted rows. */
  days: number;
  dryRun: boolean;
  files: {
    file: string;
    rows: number;
    accepted: number;
    refused: number;
    firstDay: string | null;
    lastDay: string | null;
    added: number;
    removed: number;
  }[];
  refusals: { file: string; line: number; reason: string }[];
  /** Totals per local day and payment type (refunds included as negatives). */
  totals: { day: string; paymentType: string; payments: number; totalCents: number }[];
  /** The first accepted rows (at most 200), for the preview. */
  preview: ReportPaymentView[];
};

export type PaymentImportView = {
  id: number;
  importedAt: string;
  fileName: string;
  firstDay: string | null;
  lastDay: string | null;
  rows: number;
  accepted: number;
  refused: number;
  added: number;
  removed: number;
};

/** A report's header and first rows, so the user can say which column holds what. */
export type ReportInspection = { headers: string[]; sample: string[][]; guess: Partial<ReportColumns> };

/** `missing` names the settings that must be set before sync starts (e.g. "defaults.paymentAccountCode"). */
export type SettingsView = { settings: Settings; ready: boolean; missing: string[] };

/** One Xero account as the UI's dropdowns show it (`xero.refs`). */
export type XeroAccountView = {
  code: string;
  name: string;
  type: string;
  status: string;
  enablePayments: boolean;
  revenue: boolean;
  payable: boolean;
};

/** One Xero tax rate as the UI's dropdowns show it (`xero.refs`). */
export type XeroTaxRateView = {
  taxType: string;
  name: string;
  status: string;
  effectiveRate: string;
  canApplyToRevenue: boolean;
};

/** A Xero tracking category with its options (ACTIVE or ARCHIVED), for Mappings → Tracking. */
export type XeroTrackingCategoryView = {
  id: string;
  name: string;
  status: string;
  options: { id: string; name: string; status: string }[];
};

export type XeroRefsView = {
  accounts: XeroAccountView[];
  taxRates: XeroTaxRateView[];
  trackingCategories: XeroTrackingCategoryView[];
  /** Xero's inventory Items (their Codes), for "not in Xero inventory" in Mappings; null until first read. */
  items: { code: string; name: string }[] | null;
  fetchedAt: string | null;
};

/** A Cliniko billable item or product (`cliniko.refs`). */
/** `priceCents` is Cliniko's ex-tax price; `code` its item code ('' when none). */
export type ClinikoItemView = {
  id: string;
  name: string;
  code: string;
  priceCents: number;
  taxId: string | null;
};

export type ClinikoRefsView = {
  billableItems: ClinikoItemView[];
  products: ClinikoItemView[];
  practitioners: { id: string; name: string; active: boolean }[];
  taxes: { id: string; name: string; rate: string }[];
  /** Payment types seen in imported payments reports, and any the settings map; sorted. */
  paymentTypes: string[];
  /** How many imported report payments each type has (types only in the settings are absent). */
  paymentTypeCounts: Record<string, number>;
  businesses: { id: string; name: string; timeZone: string }[];
};

export const LOG_SOURCE_TYPES = ['invoice', 'contact', 'payment', 'creditnote'] as const;
export type LogState = (typeof LOG_STATES)[number];
export type LogSourceType = (typeof LOG_SOURCE_TYPES)[number];

export type LogRow = {
  id: number;
  sourceType: LogSourceType;
  sourceId: string;
  invoiceNumber: string | null;
  patientName: string | null;
  issueDate: string | null;
  totalCents: number | null;
  state: LogState;
  xeroId: string | null;
  xeroUrl: string | null;
  error: string | null;
  attempts: number;
  updatedAt: string;
  /** Credit notes only: the invoice it credits (and is allocated to), with its Xero link. */
  creditFor?: { invoiceId: string; invoiceNumber: string | null; xeroUrl: string | null };
};

export type LogDetails = LogRow & { source: unknown; sent: unknown; response: unknown };

export const LOG_SORTS = [
  'updatedAt',
  'invoiceNumber',
  'patientName',
  'issueDate',
  'total',
  'state',
] as const;
/** The columns `log.list` sorts by. */
export type LogSort = (typeof LOG_SORTS)[number];

export type SyncProgress = {
  phase: string;
  done: number;
  total: number;
  etaSeconds: number | null;
  /** The same in plain words: "Sending 312 invoices to Xero — about 6 min left" (shared/progress-text.ts). */
  text?: string;
};

// ---------------------------------------------------------------------------------------------
// Reconciliation: Cliniko's figures beside Xero's, one row per local day (reconcile.*)
// ---------------------------------------------------------------------------------------------

/** One side's figures for one day, in cents. `paid` is keyed by payment type. */
export type ReconcileFigures = {
  exTaxCents: number;
  taxCents: number;
  totalCents: number;
  /** Credit notes (Cliniko's credits; in Xero, credit notes allocated to this app's invoices). */
  creditCents: number;
  paid: Record<string, number>;
};

/** An invoice that explains a day's difference: what it adds to each side for one figure. */
export type ReconcileInvoiceDiff = {
  invoiceId: string;
  invoiceNumber: string;
  patientName: string | null;
  /** The figure that differs: 'ex tax', 'tax', 'total', 'credit notes' or 'paid: <type>'. */
  figure: string;
  clinikoCents: number;
  xeroCents: number;
  /** One plain sentence: why the two differ and what to do. */
  why: string;
  /** The sync-log row of the invoice (to open it), when there is one. */
  logId: number | null;
  xeroUrl: string | null;
};

export type ReconcileDay = {
  /** YYYY-MM-DD in the business's time zone. */
  day: string;
  cliniko: ReconcileFigures;
  xero: ReconcileFigures;
  /** The figures that differ by a cent or more (same names as ReconcileInvoiceDiff.figure); empty when equal. */
  differences: string[];
  invoices: ReconcileInvoiceDiff[];
};

export type ReconcileCost = {
  from: string;
  to: string;
  timeZone: string;
  /** This app's invoices in Xero that the run reads back. */
  invoices: number;
  /** Xero API calls the run makes (GET /Invoices?IDs=…, `batchSize` invoices a call). */
  calls: number;
  batchSize: number;
};

export type ReconcileResult = ReconcileCost & {
  ranAt: string;
  /** Every payment type seen on either side, sorted. */
  paymentTypes: string[];
  days: ReconcileDay[];
  /** Days with at least one difference. */
  differentDays: number;
  /** The table as CSV (one row per day; amounts in dollars with 2 decimals). */
  csv: string;
};
/** The Mappings tabs: one table of overrides in settings each. */
export const MAPPING_KINDS = [
  'billableItems',
  'products',
  'practitioners',
  'paymentTypes',
  'taxRates',
] as const;
export type MappingKind = (typeof MAPPING_KINDS)[number];

/**
 * One Mappings row as the core sees it (`mappings.check`): the override, what applies without one and
 * where that comes from, and pre-flight's own finding about the code that applies. The grid renders
 * these; it never re-derives them.
 */
export type MappingRowCheck = {
  kind: MappingKind;
  /** Cliniko ID (payment types: the type's name). */
  key: string;
  /** The override in settings ('' = none: the row inherits). */
  value: string;
  /** What applies without an override: a Xero code and where it comes from; null when nothing does. */
  inherited: {
    code: string;
    from: 'services-default' | 'products-default' | 'payments-default' | 'tax-free-default' | 'same-rate';
  } | null;
  /** Practitioners only: no code of their own applies, the line's item or default does. */
  inheritsFromLine: boolean;
  /** The code that a line would use ('' = none). */
  effective: string;
  /** Pre-flight's sentence about `effective` (or about no rate matching); null when it is fine. */
  finding: string | null;
};

export type DefaultsKey =
  'serviceAccountCode' | 'productAccountCode' | 'paymentAccountCode' | 'taxExemptTaxType';

export type MappingsCheck = {
  rows: MappingRowCheck[];
  /** Pre-flight's finding for each default (null: fine or unset). */
  defaults: Record<DefaultsKey, string | null>;
  /** false until Xero's accounts and tax rates have been read once (findings are then unknown). */
  xeroKnown: boolean;
};

/** How the clinic writes dates and money, its zone, and the web address of its Cliniko account. */
export type ClinicView = {
  locale: string;
  timeZone: string;
  currency: string;
  /** "https://au1.cliniko.com" (links to invoices and patients); null until Cliniko is connected. */
  clinikoWebUrl: string | null;
};

/** What one sync cycle (or `sync.once`) left: the ledger's counts and what the cycle cost. */
export type CycleSummary = {
  synced: number;
  failed: number;
  needsAttention: number;
  pending: number;
  xeroCalls: number;
  clinikoCalls: number;
  durationMs: number;
};

/**
 * `sync.once`: 0 all synced; 2 something needs attention or would wait longer than allowed (`reason`
 * says which); 1 it could not run (not connected, settings incomplete, another sync on this folder).
 */
export type SyncOnceResult = { exitCode: 0 | 1 | 2; reason: string | null; summary: CycleSummary };

/** `sync.once` is waiting: for another process's sync of this data folder, or for a retry or a pause. */
export type SyncWaiting =
  { kind: 'lock'; holder: string; maxWaitSeconds: number } | { kind: 'retry'; seconds: number; why: string };

// ---------------------------------------------------------------------------------------------
// Methods
// ---------------------------------------------------------------------------------------------

const empty = z.object({}).strict();

/** The longest settings file `settings.import` accepts (characters): the largest request in the contract. */
export const SETTINGS_IMPORT_MAX_CHARS = 5_000_000;
/**
 * The HTTP transport's body cap, derived from the largest request so the two always agree: every
 * character of the settings text may be JSON-escaped as `\uXXXX` (6 bytes), plus the envelope.
 */
export const MAX_REQUEST_BYTES = SETTINGS_IMPORT_MAX_CHARS * 6 + 64 * 1024;

/** The sync log's filters: the log screen's page (`log.list`) and its CSV export (`log.exportCsv`). */
const logFilter = {
  state: z.enum(LOG_STATES).optional(),
  sourceType: z.enum(LOG_SOURCE_TYPES).optional(),
  search: z.string().max(200).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
};

/** A reconciliation's local days, inclusive, at most 366 of them (checked by the core). */
const reconcileRange = z.object({ from: z.iso.date(), to: z.iso.date() }).strict();

/** Runtime schemas of every request. Keys of this object ARE the method names. */
export const requestSchemas = {
  'app.info': empty,
  'app.status': empty,
  'app.openLogsFolder': empty,
  /** The clinic's locale, time zone and currency (from the Cliniko business), for every screen's formats. */
  'app.clinic': empty,
  /** Every mapping row with the core's own pre-flight finding (the Mappings grid renders these). */
  'mappings.check': empty,
  /** Validates the key against Cliniko (shard from its suffix), then stores it in the keychain. */
  'cliniko.connect': z
    .object({ apiKey: z.string().trim().min(1, 'paste your Cliniko API key').max(512) })
    .strict(),
  'cliniko.disconnect': empty,
  /** Starts OAuth 2.0 + PKCE in the system browser; the outcome arrives as `xero.connect.result`. */
  'xero.connect': empty,
  'xero.tenants': empty,
  'xero.chooseTenant': z.object({ tenantId: z.string().trim().min(1).max(100) }).strict(),
  'xero.disconnect': empty,
  'lock.status': empty,
  /** Sets, changes or (pin null) removes the PIN; `currentPin` is required when one is set. */
  'lock.set': z
    .object({
      pin: z
        .string()
        .regex(/^\d{4,12}$/, 'a PIN is 4 to 12 digits')
        .nullable(),
      currentPin: z.string().max(64).optional(),
    })
    .strict(),
  'lock.unlock': z.object({ pin: z.string().min(1, 'enter the PIN').max(64) }).strict(),
  'lock.lock': empty,
  /** The sync log as CSV, with the same filters as the log screen (every matching row, not one page). */
  'log.exportCsv': z.object(logFilter).strict(),
  'settings.get': empty,
  /** mergeSettings semantics: scalars replace, `defaults` merges, a mapping entry set to null is removed. */
  'settings.update': z.object({ patch: settingsPatchSchema }).strict(),
  'settings.import': z.object({ json: z.string().max(SETTINGS_IMPORT_MAX_CHARS) }).strict(),
  'settings.export': empty,
  'xero.refs': z.object({ refresh: z.boolean().optional() }).strict(),
  'cliniko.refs': z.object({ refresh: z.boolean().optional() }).strict(),
  'sync.now': empty,
  /** Sends history from `since` (YYYY-MM-DD) too; progress arrives as `sync.progress`; resumes after a restart. */
  'sync.backfill': z.object({ since: z.iso.date() }).strict(),
  'sync.pause': empty,
  'sync.resume': empty,
  /**
   * Cycles until every eligible record is synced or needs attention, waiting up to `maxWaitSeconds`
   * for retries, Xero pauses and another sync of the same folder (`sync.waiting` says why); `since`
   * asks for history from that date too (a backfill). The CLI's `sync --once`.
   */
  'sync.once': z.object({ maxWaitSeconds: z.number().min(0), since: z.iso.date().optional() }).strict(),
  'log.list': z
    .object({
      ...logFilter,
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(500),
      sort: z.enum(LOG_SORTS).optional(),
      dir: z.enum(['asc', 'desc']).optional(),
    })
    .strict(),
  'log.get': z.object({ id: z.number().int().min(1) }).strict(),
  'log.retry': z.object({ id: z.number().int().min(1) }).strict(),
  'log.retryAll': empty,
  /** The records of one invoice (its invoice and payment), by Xero invoice number or Cliniko invoice ID. */
  'log.find': z.object({ invoice: z.string().trim().min(1).max(255) }).strict(),
  /** Adopts the invoice Xero already holds under this record's number (same contact, date, total). */
  'log.link': z.object({ id: z.number().int().min(1) }).strict(),
  /** Reads payments reports with the saved (or given) columns and records them; nothing is sent to Xero. */
  'payments.import': z
    .object({
      files: z
        .array(z.object({ name: z.string().trim().min(1).max(260), text: z.string() }).strict())
        .min(1)
        .max(50)
        .refine(
          (fs) => fs.reduce((n, f) => n + f.text.length, 0) <= 5_000_000,
          'the reports are over 5 MB in all',
        ),
      dryRun: z.boolean().optional(),
      columns: z
        .object({
          paidAt: z.string().trim().min(1).max(200),
          amount: z.string().trim().min(1).max(200),
          invoiceNumber: z.string().trim().min(1).max(200),
          paymentType: z.string().trim().min(1).max(200),
        })
        .strict()
        .optional(),
      dateFormat: z.string().trim().min(1).max(50).nullable().optional(),
    })
    .strict(),
  /** A report's header and first rows (for choosing the columns on the first import). */
  'payments.inspect': z.object({ text: z.string().max(5_000_000) }).strict(),
  /** Past imports (newest first) and the payment types seen in imported reports. */
  'payments.history': empty,
  /** In the report modes: the days with paid invoices that no imported report covers yet. */
  'payments.missingDays': empty,
  /** What a reconciliation of these local days would cost in Xero calls (no call is made). */
  'reconcile.cost': reconcileRange,
  /** Cliniko's figures beside Xero's for these local days (reads this app's invoices back from Xero). */
  'reconcile.run': reconcileRange,
  /** Email alerts (issue 17): whether an SMTP password is in the keychain; it is never returned. */
  'alerts.status': empty,
  /** Stores the SMTP password in the OS keychain (null or '' removes it). */
  'alerts.setPassword': z.object({ password: z.string().max(1000).nullable() }).strict(),
  /** Sends a test email with the saved settings; fails with a plain sentence saying what is wrong. */
  'alerts.test': empty,
} as const;

/** Response types, keyed like requestSchemas. */
export type Responses = {
  'app.info': AppInfo;
  'app.status': AppStatus;
  /** Opens the folder holding the rotating log files (desktop); always answers its path. */
  'app.openLogsFolder': { path: string; opened: boolean };
  'app.clinic': ClinicView;
  'mappings.check': MappingsCheck;
  'cliniko.connect': { account: string; user: string | null };
  'cliniko.disconnect': { disconnected: boolean };
  'xero.connect': { authorizeUrl: string };
  /** The organisations of the last consent; `chosen` is the one being synced (null until picked). */
  'xero.tenants': { tenants: XeroTenant[]; chosen: string | null };
  'xero.chooseTenant': XeroTenant;
  /** `warnings` names remote steps that failed (local secrets are removed regardless). */
  'xero.disconnect': { disconnected: boolean; warnings: string[] };
  'lock.status': LockStatus;
  'lock.set': LockStatus;
  'lock.unlock': LockStatus;
  'lock.lock': LockStatus;
  'log.exportCsv': { csv: string; rows: number };
  'settings.get': SettingsView;
  'settings.update': SettingsView;
  'settings.import': SettingsView;
  'settings.export': { json: string };
  'xero.refs': XeroRefsView;
  'cliniko.refs': ClinikoRefsView;
  /** false when a cycle is already running (it will pick up the changes). */
  'sync.now': { started: boolean };
  'sync.backfill': { started: boolean };
  'sync.pause': AppStatus;
  'sync.resume': AppStatus;
  'sync.once': SyncOnceResult;
  'log.list': { rows: LogRow[]; total: number };
  'log.get': LogDetails;
  'log.retry': LogRow;
  'log.retryAll': { requeued: number };
  'log.find': { rows: LogRow[] };
  'log.link': LogRow;
  'payments.import': PaymentsImportResult;
  'payments.inspect': ReportInspection;
  'payments.history': { imports: PaymentImportView[]; types: { name: string; payments: number }[] };
  'payments.missingDays': { mode: PaymentMode; days: { day: string; invoices: number }[] };
  'reconcile.cost': ReconcileCost;
  'reconcile.run': ReconcileResult;
  'alerts.status': { passwordSet: boolean };
  'alerts.setPassword': { passwordSet: boolean };
  'alerts.test': { sent: boolean; to: string[] };
};

export type MethodName = keyof typeof requestSchemas & keyof Responses;
export type RequestOf<M extends MethodName> = z.input<(typeof requestSchemas)[M]>;
export type ResponseOf<M extends MethodName> = Responses[M];

export const methodNames = Object.keys(requestSchemas) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(requestSchemas, name);
}

// ---------------------------------------------------------------------------------------------
// Events (core → UI)
// ---------------------------------------------------------------------------------------------

export type Events = {
  'status.changed': AppStatus;
  /** Main process → UI: show a screen (a notification was clicked). */
  'ui.navigate': UiNavigate;
  /** A background "Connect to Xero" (method `xero.connect`) finished or failed. */
  'xero.connect.result': XeroConnectResult;
  /** A sync cycle's phase and progress (reading, planning, contacts, invoices, payments, done). */
  'sync.progress': SyncProgress;
  /** `sync.once` waits (another sync of this folder, a retry, a Xero pause). */
  'sync.waiting': SyncWaiting;
  /** Records changed: the log screen re-reads its page. */
  'log.changed': Record<string, never>;
  /** The settings lock was set, removed, unlocked or locked again (idle, window closed). */
  'lock.changed': LockStatus;
};

/** Where a `ui.navigate` event sends the UI; `filter.state` is a sync-log state such as 'needs_attention'. */
export type UiNavigate = { screen: 'log'; filter?: { state?: string } };

export type EventName = keyof Events;

// ---------------------------------------------------------------------------------------------
// Errors and the bridge both transports implement
// ---------------------------------------------------------------------------------------------

export type ApiErrorCode =
  | 'invalid_request'
  | 'unknown_method'
  | 'unauthorized'
  | 'locked'
  | 'not_connected'
  | 'not_found'
  | 'conflict'
  | 'failed';

export type ApiErrorBody = { code: ApiErrorCode; message: string };

export type RpcResult<T> = { ok: true; result: T } | { ok: false; error: ApiErrorBody };

export type ApiBridge = {
  invoke<M extends MethodName>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
};

/** The only thing the Electron preload puts on `window`. */
export type PreloadApi = {
  invoke(method: string, request: unknown): Promise<RpcResult<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
};

export const IPC_INVOKE_CHANNEL = 'cxs:invoke';
export const IPC_EVENT_CHANNEL = 'cxs:event';
