/**
 * The polling loop around the engine: one cycle at a time, a cycle starting every `intervalMs` (the
 * `pollIntervalSeconds` setting) or when woken by "Sync now". Cycles start at a fixed rate (start to
 * start, not end to start), so a change waits at most one interval to be seen, however long the
 * previous cycle took. Pause and stop take effect after the
 * current write: the engine checks `shouldStop` between batches, so a write's outcome is always
 * recorded before the loop ends.
 */
import type { SyncState } from '../../../shared/api.js';
import type { CycleSummary } from './context.js';

export type LoopDeps = {
  runCycle: (shouldStop: () => boolean) => Promise<CycleSummary>;
  intervalMs: () => number;
  onState?: (state: SyncState) => void;
  onCycle?: (result: { ok: true; summary: CycleSummary } | { ok: false; error: unknown }) => void;
  now?: () => number;
  /** The shortest wait between cycles (default 1 s). */
  minWaitMs?: number;
};

export class SyncLoop {
  readonly #d: LoopDeps;
  #state: SyncState = 'stopped';
  #running = false;
  #paused = false;
  #stopping = false;
  #wake: (() => void) | null = null;
  #wakeRequested = false;
  #done: Promise<void> | null = null;
  #inCycle: Promise<unknown> | null = null;
  nextSyncAt: number | null = null;

  constructor(deps: LoopDeps) {
    this.#d = deps;
  }

  get state(): SyncState {
    return this.#state;
  }

  get running(): boolean {
    return this.#running;
  }

  get cycleInProgress(): boolean {
    return this.#inCycle !== null;
  }

  #set(state: SyncState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#d.onState?.(state);
  }

  /** Starts polling (first cycle at once). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#stopping = false;
    this.#done = this.#run();
  }

  /** Runs exactly one cycle now (outside the polling loop), unless one is already running. */
  async runOnce(): Promise<CycleSummary | null> {
    if (this.#inCycle) return null;
    return this.#cycle();
  }

  async #cycle(): Promise<CycleSummary> {
    this.#set('syncing');
    const p = this.#d.runCycle(() => this.#stopping || this.#paused);
    this.#inCycle = p;
    try {
      const summary = await p;
      this.#d.onCycle?.({ ok: true, summary });
      return summary;
    } catch (error) {
      this.#d.onCycle?.({ ok: false, error });
      throw error;
    } finally {
      this.#inCycle = null;
      this.#set(this.#paused ? 'paused' : this.#running ? 'idle' : 'stopped');
    }
  }

  async #run(): Promise<void> {
    const now = this.#d.now ?? Date.now;
    while (!this.#stopping) {
      const started = now();
      if (!this.#paused) {
        try {
          await this.#cycle();
        } catch {
          // reported through onCycle; the loop keeps polling
        }
      }
      if (this.#stopping) break;
      const wait = Math.max(this.#d.minWaitMs ?? 1000, this.#d.intervalMs() - (now() - started));
      this.nextSyncAt = now() + wait;
      await this.#sleep(wait);
      this.nextSyncAt = null;
    }
    this.#running = false;
    this.#set('stopped');
  }

  #sleep(ms: number): Promise<void> {
    if (this.#wakeRequested) {
      this.#wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.#wake = null;
        resolve();
      }, ms);
      this.#wake = () => {
        clearTimeout(t);
        this.#wake = null;
        resolve();
      };
    });
  }

  /** "Sync now": ends the wait (or queues one more cycle right after the current one). */
  wake(): boolean {
    if (!this.#running) return false;
    if (this.#wake) this.#wake();
    // During a cycle: one more right after it. Already woken and about to start: nothing to add.
    else if (this.#inCycle) this.#wakeRequested = true;
    return true;
  }

  /** Stops after the current write; no new cycle until resume(). */
  pause(): void {
    this.#paused = true;
    if (!this.#inCycle) this.#set('paused');
  }

  resume(): void {
    this.#paused = false;
    if (!this.#inCycle) this.#set(this.#running ? 'idle' : 'stopped');
    this.wake();
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** Stops polling after the current write has been recorded. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#inCycle?.catch(() => undefined);
    await this.#done;
    this.#running = false;
    this.#set('stopped');
  }
}
