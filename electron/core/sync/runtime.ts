/**
 * Everything the sync needs for one data folder, opened on first use: the ledger
 * (`<dataDir>/ledger.sqlite`), the Cliniko cache, the Xero gateway, the engine and its loop. The
 * service owns one; commands that never sync (connect, settings) never open the ledger.
 */
import path from 'node:path';
import type { SyncState } from '../../../shared/api.js';
import { ClinikoCache } from '../cliniko/cache.js';
import type { ReadScheduleOptions } from '../cliniko/reference-reads.js';
import type { ConnectionManager } from '../connections/connection-manager.js';
import { ledgerOpenError } from '../data-errors.js';
import { openLedger, type Ledger } from '../ledger/index.js';
import { PaymentReportStore } from '../ledger/payment-reports.js';
import type { Clock } from '../ports.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { XeroGateway } from '../xero/gateway.js';
import { XeroLimiter, xeroLimitsFromEnv } from '../xero/limiter.js';
import { retryOptionsFromEnv } from './failure-policy.js';
import { SyncEngine, type CycleSummary, type SyncProgress } from './engine.js';
import { SyncLoop } from './loop.js';
import { OutageTracker } from './outages.js';
import { SyncLock, type LockHolder } from './process-lock.js';

export const LEDGER_FILE = 'ledger.sqlite';

export type RuntimeDeps = {
  dataDir: string;
  connections: ConnectionManager;
  settings: SettingsStore;
  clock: Clock;
  /** The per-organisation Xero limiter (default: 5 in flight, 60/min, pauses kept in the ledger). */
  limiter?: XeroLimiter;
  /** CXS_XERO_TIME_SCALE, CXS_RETRY_BASE_MS (default process.env). */
  env?: NodeJS.ProcessEnv;
  onProgress?: (p: SyncProgress) => void;
  onState?: (s: SyncState) => void;
  onCycle?: (r: { ok: true; summary: CycleSummary } | { ok: false; error: unknown }) => void;
  /** An outage began, changed or ended (see outages.ts). */
  onOutage?: () => void;
  /** When reference lists are re-read (default: real time; `npm run bench:idle` accelerates it). */
  readSchedule?: ReadScheduleOptions;
};

/** `https://api.au2.cliniko.com/v1` → shard au2 (for the "Go to Cliniko" link on Xero invoices). */
export function clinikoShard(baseUrl: string): string | null {
  try {
    return /^api\.(\w+)\.cliniko\.com$/i.exec(new URL(baseUrl).host)?.[1] ?? null;
  } catch {
    return null;
  }
}

export class SyncRuntime {
  readonly #d: RuntimeDeps;
  #ledger: Ledger | null = null;
  #cache: ClinikoCache | null = null;
  #reports: PaymentReportStore | null = null;
  #gateway: XeroGateway | null = null;
  #limiter: XeroLimiter | null = null;
  #engine: SyncEngine | null = null;
  #loop: SyncLoop | null = null;
  #lock: SyncLock | null = null;
  /** Whether Cliniko and Xero answer, as this process's sync calls find out. */
  readonly outages: OutageTracker;

  constructor(deps: RuntimeDeps) {
    this.#d = deps;
    this.outages = new OutageTracker(() => deps.clock.now());
    if (deps.onOutage) this.outages.onChange = deps.onOutage;
  }

  get ledger(): Ledger {
    if (!this.#ledger) {
      const file = path.join(this.#d.dataDir, LEDGER_FILE);
      try {
        this.#ledger = openLedger(file, { clock: this.#d.clock });
      } catch (err) {
        // Damaged, or a read-only folder: one plain message naming the file and the fix.
        throw ledgerOpenError(file, err);
      }
    }
    return this.#ledger;
  }

  get cache(): ClinikoCache {
    this.#cache ??= new ClinikoCache(this.ledger.file);
    return this.#cache;
  }

  /** The imported payments report rows (report and daily-batch payment modes). */
  get reports(): PaymentReportStore {
    this.#reports ??= new PaymentReportStore(this.ledger.file);
    return this.#reports;
  }

  /** One limiter per process: every Xero call of the steady sync, a backfill and recovery shares it. */
  get limiter(): XeroLimiter {
    this.#limiter ??=
      this.#d.limiter ??
      new XeroLimiter({ store: this.ledger, limits: xeroLimitsFromEnv(this.#d.env ?? process.env) });
    return this.#limiter;
  }

  get gateway(): XeroGateway {
    this.#gateway ??= new XeroGateway({
      withAccounting: (fn) => this.#d.connections.withAccounting(fn),
      limiter: this.limiter,
      observe: (err) => this.outages.report('xero', err),
    });
    return this.#gateway;
  }

  async tenantId(): Promise<string | null> {
    const s = await this.#d.connections.status();
    return s.xero.connected ? s.xero.tenantId : null;
  }

  get engine(): SyncEngine {
    const c = this.#d.connections;
    this.#engine ??= new SyncEngine({
      ledger: this.ledger,
      cache: this.cache,
      gateway: this.gateway,
      settings: () => this.#d.settings.get(),
      cliniko: () => c.clinikoClient((err) => this.outages.report('cliniko', err)),
      tenantId: () => this.tenantId(),
      clock: this.#d.clock,
      limiter: this.limiter,
      retry: retryOptionsFromEnv(this.#d.env ?? process.env),
      clinikoWeb: async () => {
        const base = (await c.state.read()).cliniko?.baseUrl;
        const shard = base ? clinikoShard(base) : null;
        return shard ? { shard } : undefined;
      },
      ...(this.#d.onProgress ? { onProgress: this.#d.onProgress } : {}),
      ...(this.#d.readSchedule ? { readSchedule: this.#d.readSchedule } : {}),
    });
    return this.#engine;
  }

  /** One cycle at a time per data folder, across processes (see process-lock.ts). */
  get lock(): SyncLock {
    this.#lock ??= new SyncLock(this.#d.dataDir);
    return this.#lock;
  }

  /**
   * One engine cycle under the data folder's sync lock: waits while another process syncs the same
   * folder (up to `lockWaitMs`, default for as long as it takes, or until `shouldStop`), then throws
   * SyncBusyError saying who holds it.
   */
  async runCycle(
    opts: {
      shouldStop?: () => boolean;
      lockWaitMs?: number;
      onLockWait?: (holder: LockHolder | null) => void;
    } = {},
  ): Promise<CycleSummary> {
    const lock = this.lock;
    await lock.acquire({
      ...(opts.lockWaitMs !== undefined ? { timeoutMs: opts.lockWaitMs } : {}),
      ...(opts.shouldStop ? { shouldStop: opts.shouldStop } : {}),
      ...(opts.onLockWait ? { onWait: opts.onLockWait } : {}),
    });
    this.outages.cycleStarted();
    try {
      const summary = await this.engine.runCycle(opts.shouldStop ? { shouldStop: opts.shouldStop } : {});
      await this.#probeXeroIfDown();
      this.outages.cycleEnded();
      return summary;
    } catch (err) {
      this.outages.cycleEnded(err);
      throw err;
    } finally {
      lock.release();
    }
  }

  /**
   * While Xero is shown as unreachable, a cycle with nothing to send (records wait for their
   * backoff) would not call it, and the outage would stay on screen after Xero is back. One small
   * read (its tax rates) per cycle, only then, says whether it answers again. Idle and healthy: none.
   */
  async #probeXeroIfDown(): Promise<void> {
    if (!this.outages.unheardWhileDown('xero')) return;
    const tenantId = await this.tenantId();
    if (!tenantId) return;
    await this.gateway.getTaxRates(tenantId).catch(() => undefined); // the outcome reaches the tracker
  }

  get loop(): SyncLoop {
    this.#loop ??= new SyncLoop({
      runCycle: (shouldStop) => this.runCycle({ shouldStop }),
      intervalMs: () => {
        try {
          return this.#d.settings.get().pollIntervalSeconds * 1000;
        } catch {
          return 30_000;
        }
      },
      ...(this.#d.onState ? { onState: this.#d.onState } : {}),
      ...(this.#d.onCycle ? { onCycle: this.#d.onCycle } : {}),
    });
    return this.#loop;
  }

  /** True once the ledger exists (status can read counts without creating it). */
  get opened(): boolean {
    return this.#ledger !== null;
  }

  async close(): Promise<void> {
    await this.#loop?.stop();
    this.#limiter?.flush(); // the budget kept in memory since its last save (issue 15)
    this.#lock?.close();
    this.#lock = null;
    this.#cache?.close();
    this.#reports?.close();
    this.#ledger?.close();
    this.#cache = null;
    this.#reports = null;
    this.#ledger = null;
    this.#engine = null;
    this.#gateway = null;
    this.#limiter = null;
  }
}
