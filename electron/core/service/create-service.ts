import type { AppInfo, AppStatus, RpcResult } from '../../../shared/api.js';
import { ConnectionManager } from '../connections/connection-manager.js';
import { EventBus } from '../event-bus.js';
import { privateDir } from '../private-files.js';
import { DataFileError } from '../data-errors.js';
import { LockManager } from '../settings-pin/lock-manager.js';
import { logsDir } from '../file-log/logger.js';
import { systemClock, type Clock, type OpenExternal, type OpenPath, type SecretStore } from '../ports.js';
import { appVersion } from '../package-root.js';
import { appHandlers } from './app-handlers.js';
import { connectionHandlers } from './connection-handlers.js';
import { dispatch, type Handlers } from './dispatch.js';
import { withLockGuard } from './lock-guard.js';
import { lockHandlers } from './lock-handlers.js';
import { exportLogCsv, type ListLog } from './log-export.js';
import { clinicOf, mappingsHandlers } from './mappings-check.js';
import { describeStatus } from './status.js';
import { isSyncReady } from '../../../shared/settings.js';
import { ConfSettingsStore, type SettingsStore } from '../settings/settings-store.js';
import { SyncRuntime } from '../sync/runtime.js';
import { settingsHandlers } from './settings-handlers.js';
import { logHandlers } from './log-handlers.js';
import { refsHandlers } from './refs-handlers.js';
import { syncHandlers } from './sync-handlers.js';
import { syncOnceHandler } from './sync-once.js';
import { importPaymentFiles, paymentsHandlers } from './payments-handlers.js';
import { ReportFolderWatcher } from './report-folder.js';
import { reconcileHandlers } from './reconcile-handlers.js';
import { RunStatusWriter } from './run-status.js';
import { paymentsOf } from '../../../shared/settings.js';
import { syncStatusInputs } from './status.js';
import { AlertMonitor } from '../alerts/alert-monitor.js';
import { clinicTime } from '../alerts/clinic-time.js';
import type { ClinikoBusiness } from '../cliniko/types.js';
import { sendAlertEmail, type MailerOptions } from '../alerts/mailer.js';
import { alertsHandlers, attentionRecords } from './alerts-handlers.js';

/** What the alert monitor has reported (ledger key-value). */
const ALERTS_KV = 'alerts.state';
import { progressText } from '../../../shared/progress-text.js';

export type CoreContext = {
  mode: AppInfo['mode'];
  dataDir: string;
  secrets: SecretStore;
  /** Opens a folder for the user (desktop only); see `app.openLogsFolder`. */
  openPath?: OpenPath;
  logError?: (message: string, err: unknown) => void;
  /** Opens a URL in the system browser (Electron: shell.openExternal). Default: does nothing. */
  openExternal?: OpenExternal;
  /** Where endpoint overrides (CXS_XERO_*, CXS_CLINIKO_API_URL) are read. Default process.env. */
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** The contact email for Cliniko's User-Agent; null → the project default. */
  contactEmail?: () => Promise<string | null>;
  /** How long "Connect to Xero" waits for the browser (default 5 minutes; tests shorten it). */
  xeroCallbackTimeoutMs?: number;
  /** Email alerts: SMTP trust and timeouts (tests), and the digest's timing. */
  alerts?: { mailer?: MailerOptions; settleMs?: number; minIntervalMs?: number; failingAfterMs?: number };
};

export type Service = {
  readonly bus: EventBus;
  readonly handlers: Handlers;
  readonly connections: ConnectionManager;
  /** The settings file (`<dataDir>/settings.json`). */
  readonly settings: SettingsStore;
  /** Ledger, engine and loop, opened on first use. */
  readonly sync: SyncRuntime;
  /** Email alert digests (issue 17). */
  readonly alerts: AlertMonitor;
  dispatch(method: unknown, request: unknown): Promise<RpcResult<unknown>>;
  status(): Promise<AppStatus>;
  /** The UI went away (window closed; last `serve` event stream closed): re-locks the settings lock. */
  uiClosed(): void;
  /**
   * Keeps syncing in the background (desktop app, `serve`): the polling loop starts as soon as
   * Cliniko and Xero are connected and the mapping defaults are set — at once, or later when the
   * setup wizard finishes — and stops on `close()`.
   */
  syncInBackground(): void;
  close(): Promise<void>;
};

/** Builds the core service that implements every method of shared/api.ts for one data folder. */
export function createService(ctx: CoreContext): Service {
  const bus = new EventBus();
  // A data folder others can read (an older version made it 0755) is tightened, or reported.
  const looseDir = privateDir(ctx.dataDir);
  if (looseDir) ctx.logError?.('data folder', new Error(looseDir));
  const env = ctx.env ?? process.env;
  const info = (): AppInfo => ({
    name: 'clinic-xero-sync',
    version: appVersion(),
    mode: ctx.mode,
    dataDir: ctx.dataDir,
    secretStore: ctx.secrets.kind,
  });
  const timeoutEnv = Number(env.CXS_XERO_CALLBACK_TIMEOUT_MS);
  const xeroCallbackTimeoutMs =
    ctx.xeroCallbackTimeoutMs ?? (Number.isFinite(timeoutEnv) && timeoutEnv > 0 ? timeoutEnv : undefined);
  const connections: ConnectionManager = new ConnectionManager({
    dataDir: ctx.dataDir,
    secrets: ctx.secrets,
    env,
    clock: ctx.clock ?? systemClock,
    openExternal: ctx.openExternal ?? (() => Promise.resolve()),
    contactEmail: ctx.contactEmail ?? (() => Promise.resolve(null)),
    ...(xeroCallbackTimeoutMs !== undefined ? { xeroCallbackTimeoutMs } : {}),
    onStatusChanged: () => {
      publishStatus();
      // A lost connection is news for the alert digest; commands that never sync keep the ledger shut.
      if (sync.opened) void alerts.check();
    },
    onXeroResult: (result) => bus.emit('xero.connect.result', result),
    ...(ctx.logError ? { log: ctx.logError } : {}),
  });
  const clock = ctx.clock ?? systemClock;
  const settings = new ConfSettingsStore(ctx.dataDir);
  const sync: SyncRuntime = new SyncRuntime({
    dataDir: ctx.dataDir,
    env,
    connections,
    settings,
    clock,
    onProgress: (p) => bus.emit('sync.progress', { ...p, text: progressText(p) }),
    // Outages show at once, not at the end of a cycle that may be waiting for a timeout.
    onOutage: () => publishStatus(),
    onState: () => publishStatus(),
    onCycle: (r) => {
      if (!r.ok) ctx.logError?.('sync failed', r.error);
      alerts.cycleEnded(r);
      void alerts.check();
      bus.emit('log.changed', {});
      publishStatus();
    },
  });
  const mailer = ctx.alerts?.mailer ?? {};
  const alerts: AlertMonitor = new AlertMonitor({
    alerts: () => settings.get().alerts,
    status: () => status(),
    attention: () => attentionRecords(sync),
    send: (email) => sendAlertEmail(settings.get().alerts, ctx.secrets, email, mailer),
    digest: {
      ...(ctx.alerts?.settleMs !== undefined ? { settleMs: ctx.alerts.settleMs } : {}),
      ...(ctx.alerts?.minIntervalMs !== undefined ? { minIntervalMs: ctx.alerts.minIntervalMs } : {}),
      ...(ctx.alerts?.failingAfterMs !== undefined ? { failingAfterMs: ctx.alerts.failingAfterMs } : {}),
    },
    store: {
      load: () => sync.ledger.getKv(ALERTS_KV),
      save: (state) => sync.ledger.setKv(ALERTS_KV, state),
    },
    fmtTime: (iso) =>
      clinicTime(iso, sync.cache.all<ClinikoBusiness>('business').find((b) => b.timeZone)?.timeZone ?? null),
    ...(ctx.logError ? { log: ctx.logError } : {}),
  });
  const status = async (): Promise<AppStatus> => {
    const { cliniko, xero } = await connections.status();
    let setup: { settingsReady: boolean; retryEverySeconds?: number };
    try {
      const current = settings.get();
      setup = { settingsReady: isSyncReady(current).ready, retryEverySeconds: current.pollIntervalSeconds };
    } catch (err) {
      // A damaged settings file is said as such (which file, and the fix); invalid values: not ready.
      if (err instanceof DataFileError) throw err;
      setup = { settingsReady: false };
    }
    return describeStatus({ cliniko, xero, ...syncStatusInputs(sync, xero.tenantId), ...setup });
  };
  function publishStatus(): void {
    status().then(
      (s) => {
        bus.emit('status.changed', s);
        startLoopIfReady(s);
      },
      (err: unknown) => ctx.logError?.('status failed', err),
    );
  }
  let background = false;
  /** While syncing in the background: the status file that `status` in another terminal reads. */
  let runStatus: { writer: RunStatusWriter; off: (() => void)[] } | null = null;
  const reportFolder = new ReportFolderWatcher(
    (file) => {
      const r = importPaymentFiles(sync, settings, () => clock.now(), { files: [file] });
      for (const x of r.refusals) {
        sync.ledger.addEvent({
          level: 'warn',
          kind: 'payments-report',
          message: `${x.file}: line ${x.line}: ${x.reason}`,
        });
      }
      return { accepted: r.accepted, refused: r.refused };
    },
    () => clock.now(),
  );
  let folderTimer: NodeJS.Timeout | null = null;
  /** The watched payments folder is scanned while the app syncs in the background (every 15 s). */
  async function scanReportFolder(): Promise<void> {
    const folder = paymentsOf(settings.get()).folder;
    if (!folder) return;
    const scan = await reportFolder.scan(folder);
    for (const f of scan.failed) {
      sync.ledger.addEvent({ level: 'error', kind: 'payments-report', message: f.message });
      ctx.logError?.('payments report not imported', new Error(f.message));
    }
    for (const i of scan.imported) {
      sync.ledger.addEvent({
        level: i.refused > 0 ? 'warn' : 'info',
        kind: 'payments-report',
        message: `Imported ${i.file} from the payments folder: ${i.accepted} payments, ${i.refused} rows refused.`,
      });
    }
    if (scan.imported.length > 0) {
      bus.emit('log.changed', {});
      publishStatus();
    }
  }
  function startLoopIfReady(s: AppStatus): void {
    if (!background || sync.loop.running) return;
    const connected = s.cliniko.connected && s.xero.connected && !s.xero.needsReconnect;
    if (connected && isSyncReady(settings.get()).ready) sync.loop.start();
  }
  const lock = new LockManager({
    dataDir: ctx.dataDir,
    clock: ctx.clock ?? systemClock,
    onChange: (s) => bus.emit('lock.changed', s),
  });
  const unguarded: Handlers = {
    ...appHandlers({ info, status, logsDir: logsDir(ctx.dataDir), openPath: ctx.openPath }),
    ...connectionHandlers(connections),
    ...lockHandlers(lock),
    ...alertsHandlers(settings, ctx.secrets, mailer),
    ...settingsHandlers(settings, () => publishStatus()),
    ...refsHandlers(sync, connections, settings, () => clock.now()),
    ...mappingsHandlers(sync, connections, settings),
    ...syncHandlers(sync, status, (m, err) => ctx.logError?.(m, err)),
    ...syncOnceHandler(sync, env, (w) => bus.emit('sync.waiting', w)),
    ...logHandlers(sync, () => {
      bus.emit('log.changed', {});
      publishStatus();
    }),
    ...paymentsHandlers(
      sync,
      settings,
      () => clock.now(),
      () => {
        bus.emit('log.changed', {});
        publishStatus();
      },
    ),
    ...reconcileHandlers(sync, settings, () => clock.now()),
    'log.exportCsv': (filters) =>
      exportLogCsv(
        (unguarded as unknown as Partial<Record<string, ListLog>>)['log.list'],
        filters,
        clinicOf(sync.cache),
      ),
  };
  // The settings lock is enforced here, around the handlers, for every transport.
  const handlers = withLockGuard(unguarded, lock);
  return {
    bus,
    handlers,
    connections,
    settings,
    sync,
    dispatch: (method, request) =>
      dispatch(handlers, method, request, (m, err) => ctx.logError?.(`${m} failed`, err)),
    status,
    uiClosed: () => lock.uiClosed(),
    syncInBackground: () => {
      background = true;
      if (!runStatus) {
        const writer = new RunStatusWriter(ctx.dataDir, ctx.mode, () => clock.now());
        runStatus = {
          writer,
          off: [
            bus.on('status.changed', (s) => writer.status(s)),
            bus.on('sync.progress', (p) => writer.progress(p)),
          ],
        };
      }
      folderTimer ??= setInterval(() => {
        scanReportFolder().catch((err: unknown) => ctx.logError?.('payments folder scan failed', err));
      }, 15_000);
      folderTimer.unref();
      void scanReportFolder().catch((err: unknown) => ctx.logError?.('payments folder scan failed', err));
      publishStatus();
    },
    alerts,
    close: async () => {
      background = false;
      if (runStatus) {
        for (const off of runStatus.off) off();
        runStatus.writer.close();
        runStatus = null;
      }
      if (folderTimer) clearInterval(folderTimer);
      folderTimer = null;
      await alerts.close();
      await sync.close();
      await connections.close();
    },
  };
}
