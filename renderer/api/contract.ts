/**
 * Typed calls for the whole UI. Methods and events already in shared/api.ts use its types; the sync
 * engine's methods (settings.*, *.refs, sync.*, log.*) are declared below exactly as the issue fixes
 * them, for the time they are still landing in shared/api.ts. Where shared/api.ts has a name, its
 * type wins (`Omit<…, keyof Responses>`), so nothing here can drift from the contract once it lands.
 */
import type {
  ApiBridge,
  AppStatus,
  EventName,
  Events,
  MethodName,
  RequestOf,
  Responses,
} from '../../shared/api';

export type LogState = 'pending' | 'synced' | 'failed' | 'needs_attention';

export type SettingsShape = {
  invoicePrefix: string;
  invoiceStatus: 'AUTHORISED' | 'DRAFT';
  syncFrom: string;
  defaults: {
    serviceAccountCode: string;
    productAccountCode: string;
    paymentAccountCode: string;
    taxExemptTaxType: string;
  };
  taxRates: Record<string, string>;
  billableItems: Record<string, { accountCode: string }>;
  products: Record<string, { accountCode: string }>;
  practitioners: Record<string, { accountCode: string }>;
  paymentTypes: Record<string, { accountCode: string }>;
  pollIntervalSeconds?: number;
  contactEmail?: string;
  startAtLogin?: boolean;
  notifications?: boolean;
  dueDateDays?: number;
};
export type SettingsResponse = { settings: SettingsShape; ready: boolean; missing: string[] };

export type XeroAccount = {
  code: string;
  name: string;
  type: string;
  status: string;
  enablePayments: boolean;
  revenue: boolean;
  payable: boolean;
};
export type XeroTaxRate = {
  taxType: string;
  name: string;
  status: string;
  effectiveRate: string;
  canApplyToRevenue: boolean;
};
export type XeroRefs = { accounts: XeroAccount[]; taxRates: XeroTaxRate[]; fetchedAt: string | null };

export type ClinikoItem = { id: string; name: string; priceCents: number; taxId: string | null };
export type ClinikoRefs = {
  billableItems: ClinikoItem[];
  products: ClinikoItem[];
  practitioners: { id: string; name: string; active: boolean }[];
  taxes: { id: string; name: string; rate: string }[];
  paymentTypes: string[];
  businesses: { id: string; name: string; timeZone: string }[];
};

export type LogRow = {
  id: number;
  sourceType: 'invoice' | 'contact' | 'payment';
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
};
export type LogSort = 'updatedAt' | 'invoiceNumber' | 'patientName' | 'issueDate' | 'total' | 'state';
export type LogQuery = {
  state?: LogState;
  sourceType?: LogRow['sourceType'];
  search?: string;
  from?: string;
  to?: string;
  offset: number;
  limit: number;
  sort?: LogSort;
  dir?: 'asc' | 'desc';
};

type EngineRequests = {
  'settings.get': Record<string, never>;
  'settings.update': { patch: Record<string, unknown> };
  'settings.import': { json: string };
  'settings.export': Record<string, never>;
  'xero.refs': { refresh?: boolean };
  'cliniko.refs': { refresh?: boolean };
  'sync.now': Record<string, never>;
  'sync.pause': Record<string, never>;
  'sync.resume': Record<string, never>;
  'sync.backfill': { since: string };
  'log.list': LogQuery;
  'log.get': { id: number };
  'log.retry': { id: number };
  'log.retryAll': Record<string, never>;
};
type EngineResponses = {
  'settings.get': SettingsResponse;
  'settings.update': SettingsResponse;
  'settings.import': SettingsResponse;
  'settings.export': { json: string };
  'xero.refs': XeroRefs;
  'cliniko.refs': ClinikoRefs;
  'sync.now': { started: boolean };
  'sync.pause': AppStatus;
  'sync.resume': AppStatus;
  'sync.backfill': unknown;
  'log.list': { rows: LogRow[]; total: number };
  'log.get': LogRow & { source: unknown; sent: unknown; response: unknown };
  'log.retry': LogRow;
  'log.retryAll': { requeued: number };
};
export type SyncProgress = { phase: string; done: number; total: number; etaSeconds: number | null };
type EngineEvents = { 'sync.progress': SyncProgress; 'log.changed': Record<string, never> };

export type Method = MethodName | keyof EngineRequests;
export type Req<M extends Method> = M extends MethodName
  ? RequestOf<M>
  : M extends keyof EngineRequests
    ? EngineRequests[M]
    : never;
type AllResponses = Responses & Omit<EngineResponses, keyof Responses>;
export type Res<M extends Method> = M extends keyof AllResponses ? AllResponses[M] : never;
type AllEvents = Events & Omit<EngineEvents, keyof Events>;
export type Event = keyof AllEvents;

export function call<M extends Method>(api: ApiBridge, method: M, request: Req<M>): Promise<Res<M>> {
  const invoke = api.invoke as unknown as (m: string, r: unknown) => Promise<Res<M>>;
  return invoke(method, request);
}

export function subscribe<E extends Event>(
  api: ApiBridge,
  event: E,
  listener: (payload: AllEvents[E]) => void,
): () => void {
  const on = api.on as unknown as (e: string, l: (p: unknown) => void) => () => void;
  return on(event satisfies EventName | keyof EngineEvents, listener as (p: unknown) => void);
}
