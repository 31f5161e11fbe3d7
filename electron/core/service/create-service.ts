import type { AppInfo, AppStatus, RpcResult } from '../../../shared/api.js';
import { EventBus } from '../event-bus.js';
import { logsDir } from '../log/logger.js';
import type { OpenPath, SecretStore } from '../ports.js';
import { appVersion } from '../version.js';
import { appHandlers } from './app-handlers.js';
import { dispatch, type Handlers } from './dispatch.js';
import { describeStatus } from './status.js';

export type CoreContext = {
  mode: AppInfo['mode'];
  dataDir: string;
  secrets: SecretStore;
  /** Opens a folder for the user (desktop only); see `app.openLogsFolder`. */
  openPath?: OpenPath;
  logError?: (message: string, err: unknown) => void;
};

export type Service = {
  readonly bus: EventBus;
  readonly handlers: Handlers;
  dispatch(method: unknown, request: unknown): Promise<RpcResult<unknown>>;
  status(): Promise<AppStatus>;
  close(): Promise<void>;
};

/** Builds the core service that implements every method of shared/api.ts for one data folder. */
export function createService(ctx: CoreContext): Service {
  const bus = new EventBus();
  const info = (): AppInfo => ({
    name: 'clinic-xero-sync',
    version: appVersion(),
    mode: ctx.mode,
    dataDir: ctx.dataDir,
    secretStore: ctx.secrets.kind,
  });
  const status = (): Promise<AppStatus> =>
    Promise.resolve(
      describeStatus({
        sync: 'idle',
        cliniko: { connected: false, account: null },
        xero: { connected: false, tenantId: null, tenantName: null, needsReconnect: false },
        counts: { synced: 0, pending: 0, failed: 0, needsAttention: 0 },
        lastSyncAt: null,
        nextSyncAt: null,
        pausedUntil: null,
        pauseReason: null,
      }),
    );
  const handlers: Handlers = {
    ...appHandlers({ info, status, logsDir: logsDir(ctx.dataDir), openPath: ctx.openPath }),
  };
  return {
    bus,
    handlers,
    dispatch: (method, request) =>
      dispatch(handlers, method, request, (m, err) => ctx.logError?.(`${m} failed`, err)),
    status,
    close: () => Promise.resolve(),
  };
}
