import type { AppInfo, AppStatus, EventName, Events, RpcResult } from '../../../shared/api.js';
import type { EventBus } from '../event-bus.js';

/**
 * The messages between the app and its core host: a child process that owns the data folder (the
 * ledger, the secret store, the sync engine). The desktop app runs it as an Electron
 * `utilityProcess`; tests (and any Node program) fork it with `child_process.fork`. Both carry the
 * same structured-clone messages, so one protocol and one child entry serve both. See decision 019.
 */

/** The app → the core host. */
export type ToHost =
  /** First message: which data folder to open, for which kind of app, and what the app can open. */
  | { type: 'init'; mode: AppInfo['mode']; dataDir: string; platform: PlatformOp[] }
  /** A contract call (shared/api.ts), answered by a `result` with the same id. */
  | { type: 'call'; id: number; method: string; request: unknown }
  | { type: 'uiClosed' }
  | { type: 'syncInBackground' }
  /** Finish the write in flight, close the ledger, answer `closed`, exit. */
  | { type: 'close' }
  | { type: 'platformResult'; id: number; error: string | null };

/** The core host → the app. */
export type FromHost =
  | { type: 'ready' }
  /** The data folder could not be opened (e.g. the keychain does not answer): the message says why. */
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; result: RpcResult<unknown> }
  | { type: 'event'; name: EventName; payload: Events[EventName] }
  /** Something only the app can do (open a browser, a folder), answered by `platformResult`. */
  | { type: 'platform'; id: number; op: PlatformOp; arg: string }
  | { type: 'log'; level: 'warn' | 'error'; message: string; detail: string | null }
  | { type: 'closed' };

export type PlatformOp = 'openExternal' | 'openPath';

/**
 * What the app's shell (tray, window, IPC, `serve`) needs from the core, whether the core runs in
 * this process (createService's Service) or in a core host (CoreHostClient).
 */
export type CoreHandle = {
  /** Core events, plus events the shell itself emits (`ui.navigate`). */
  readonly bus: EventBus;
  dispatch(method: unknown, request: unknown): Promise<RpcResult<unknown>>;
  status(): Promise<AppStatus>;
  uiClosed(): void;
  syncInBackground(): void;
  close(): Promise<void>;
};

const toHostTypes = new Set(['init', 'call', 'uiClosed', 'syncInBackground', 'close', 'platformResult']);
const fromHostTypes = new Set(['ready', 'failed', 'result', 'event', 'platform', 'log', 'closed']);

function typeOf(m: unknown): string | null {
  return typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string'
    ? (m as { type: string }).type
    : null;
}

export function isToHost(m: unknown): m is ToHost {
  return toHostTypes.has(typeOf(m) ?? '');
}

export function isFromHost(m: unknown): m is FromHost {
  return fromHostTypes.has(typeOf(m) ?? '');
}
