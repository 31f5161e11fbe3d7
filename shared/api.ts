/**
 * THE contract between the UI and the core. Every method the renderer may call (name → request →
 * response) and every event it may receive is declared here once. The Electron preload, the HTTP
 * transport, the core service and the renderer client are all typed from these maps, so a method
 * added in one place and not the others fails to compile. Requests are validated at runtime with the
 * zod schemas below: the renderer is untrusted input.
 */
import { z } from 'zod';

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
};

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

// ---------------------------------------------------------------------------------------------
// Methods
// ---------------------------------------------------------------------------------------------

const empty = z.object({}).strict();

/** Runtime schemas of every request. Keys of this object ARE the method names. */
export const requestSchemas = {
  'app.info': empty,
  'app.status': empty,
  'app.openLogsFolder': empty,
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
  'log.exportCsv': z
    .object({
      state: z.enum(LOG_STATES).optional(),
      search: z.string().max(200).optional(),
      from: z.iso.date().optional(),
      to: z.iso.date().optional(),
    })
    .strict(),
} as const;

/** Response types, keyed like requestSchemas. */
export type Responses = {
  'app.info': AppInfo;
  'app.status': AppStatus;
  /** Opens the folder holding the rotating log files (desktop); always answers its path. */
  'app.openLogsFolder': { path: string; opened: boolean };
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
