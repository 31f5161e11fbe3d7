import type { AppInfo, AppStatus, RpcResult } from '../../../shared/api.js';
import { EventBus } from '../event-bus.js';
import { isFromHost, type CoreHandle, type FromHost, type PlatformOp, type ToHost } from './protocol.js';

/** One running core host child, as the launcher (Node fork or Electron utilityProcess) gives it. */
export type HostChild = {
  post(message: ToHost): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the child has gone, whatever the reason. */
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
  readonly pid: number | undefined;
};

export type CoreHostOptions = {
  /** Starts a fresh child (called again to restart one that died). */
  spawn: () => HostChild;
  mode: AppInfo['mode'];
  dataDir: string;
  /** What the app can do for the core; a missing one is reported to the core as not available. */
  platform?: Partial<Record<PlatformOp, (arg: string) => Promise<void>>>;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** Restart delays after an unexpected exit: first, then doubling up to the max (ms). */
  restartMs?: { first: number; max: number };
  /** How long `close()` waits for the write in flight before killing the child (ms). */
  closeTimeoutMs?: number;
};

type Pending = { resolve: (r: RpcResult<unknown>) => void };

const restarting = (why: string): RpcResult<unknown> => ({
  ok: false,
  error: { code: 'failed', message: `The sync engine stopped (${why}) and is restarting; try again.` },
});

/**
 * The app's side of the core host: a CoreHandle whose calls and events travel to a child process.
 * If the child dies (a crash, an OOM kill, SIGKILL), calls in flight get a `failed` answer, the
 * child is started again (after a short, growing delay), background sync is resumed if it was on,
 * and the status is published again; calls made meanwhile wait for the new child. Nothing is lost:
 * the ledger records every write before and after it is sent, and a restarted sync looks up
 * anything unfinished in Xero before sending it again (decision 007).
 */
export class CoreHostClient implements CoreHandle {
  readonly bus = new EventBus();
  readonly #o: CoreHostOptions;
  #child: HostChild | null = null;
  #ready: Promise<void> | null = null;
  #calls = new Map<number, Pending>();
  #ids = 0;
  #background = false;
  #closing = false;
  #restartDelay: number;
  #restarts = 0;

  constructor(options: CoreHostOptions) {
    this.#o = options;
    this.#restartDelay = options.restartMs?.first ?? 500;
  }

  /** Starts the child and resolves once it has opened the data folder (rejects saying why not). */
  start(): Promise<void> {
    this.#ready ??= this.#launch();
    return this.#ready;
  }

  /** How many times the child has been restarted after dying. */
  get restarts(): number {
    return this.#restarts;
  }

  /** The running child's process id (tests kill it to prove a restart loses nothing). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  async dispatch(method: unknown, request: unknown): Promise<RpcResult<unknown>> {
    if (this.#closing) return { ok: false, error: { code: 'failed', message: 'The app is closing.' } };
    try {
      await this.start();
    } catch (err) {
      return {
        ok: false,
        error: { code: 'failed', message: err instanceof Error ? err.message : String(err) },
      };
    }
    const child = this.#child;
    if (!child) return restarting('not running');
    const id = ++this.#ids;
    return new Promise((resolve) => {
      this.#calls.set(id, { resolve });
      child.post({ type: 'call', id, method: String(method), request });
    });
  }

  async status(): Promise<AppStatus> {
    const r = await this.dispatch('app.status', {});
    if (!r.ok) throw new Error(r.error.message);
    return r.result as AppStatus;
  }

  uiClosed(): void {
    void this.start().then(
      () => this.#child?.post({ type: 'uiClosed' }),
      () => undefined,
    );
  }

  syncInBackground(): void {
    this.#background = true;
    void this.start().then(
      () => this.#child?.post({ type: 'syncInBackground' }),
      () => undefined,
    );
  }

  /** Asks the child to finish the write in flight and close the ledger; kills it after the timeout. */
  async close(): Promise<void> {
    this.#closing = true;
    const child = this.#child;
    if (!child) return;
    await this.#ready?.catch(() => undefined);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#o.log?.('warn', 'The sync engine did not close in time; stopping it.');
        child.kill();
        resolve();
      }, this.#o.closeTimeoutMs ?? 30_000);
      child.onExit(() => {
        clearTimeout(timer);
        resolve();
      });
      child.post({ type: 'close' });
    });
    this.#child = null;
  }

  #launch(): Promise<void> {
    const child = this.#o.spawn();
    this.#child = child;
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      child.onMessage((m) => {
        if (!isFromHost(m)) return;
        if (m.type === 'ready') {
          ready = true;
          resolve();
          return;
        }
        if (m.type === 'failed') {
          reject(new Error(m.message));
          return;
        }
        this.#onMessage(child, m);
      });
      child.onExit((code) => {
        if (!ready) reject(new Error(`The sync engine could not start (exit code ${code ?? 'none'}).`));
        this.#onExit(child, code, ready);
      });
      child.post({
        type: 'init',
        mode: this.#o.mode,
        dataDir: this.#o.dataDir,
        platform: Object.keys(this.#o.platform ?? {}) as PlatformOp[],
      });
    });
  }

  #onMessage(child: HostChild, m: FromHost): void {
    switch (m.type) {
      case 'result': {
        const call = this.#calls.get(m.id);
        this.#calls.delete(m.id);
        call?.resolve(m.result);
        return;
      }
      case 'event':
        this.bus.emit(m.name, m.payload as never);
        return;
      case 'platform': {
        const run = this.#o.platform?.[m.op];
        const done = run ? run(m.arg) : Promise.reject(new Error(`${m.op} is not available here.`));
        done.then(
          () => child.post({ type: 'platformResult', id: m.id, error: null }),
          (err: unknown) =>
            child.post({
              type: 'platformResult',
              id: m.id,
              error: err instanceof Error ? err.message : String(err),
            }),
        );
        return;
      }
      case 'log':
        this.#o.log?.(m.level, m.detail === null ? m.message : `${m.message}: ${m.detail}`);
        return;
      default:
        return;
    }
  }

  #onExit(child: HostChild, code: number | null, wasReady: boolean): void {
    if (this.#child !== child) return;
    this.#child = null;
    for (const call of this.#calls.values()) call.resolve(restarting(`exit code ${code ?? 'none'}`));
    this.#calls.clear();
    if (this.#closing) return;
    if (!wasReady) {
      // It never opened the data folder (e.g. no keychain): restarting would fail the same way.
      this.#ready = Promise.reject(new Error('The sync engine could not start.'));
      this.#ready.catch(() => undefined);
      return;
    }
    const delay = this.#restartDelay;
    this.#restartDelay = Math.min(delay * 2, this.#o.restartMs?.max ?? 30_000);
    this.#o.log?.(
      'error',
      `The sync engine stopped (exit code ${code ?? 'none'}); restarting in ${delay} ms.`,
    );
    this.#ready = new Promise<void>((resolve) => setTimeout(resolve, delay)).then(() => this.#relaunch());
    this.#ready.catch(() => undefined);
  }

  async #relaunch(): Promise<void> {
    if (this.#closing) return;
    await this.#launch();
    this.#restarts++;
    // A child that stays up a minute resets the back-off.
    const child = this.#child;
    setTimeout(() => {
      if (this.#child === child) this.#restartDelay = this.#o.restartMs?.first ?? 500;
    }, 60_000).unref();
    this.#o.log?.('info', 'The sync engine restarted.');
    if (this.#background) this.#child?.post({ type: 'syncInBackground' });
    // The window and the tray see the state the new child found in the ledger.
    this.status().then(
      (s) => this.bus.emit('status.changed', s),
      () => undefined,
    );
  }
}
