/**
 * One limiter per Xero organisation (tenant): at most `concurrent` calls in flight, at most
 * `perMinute` calls started in any rolling `windowMs`, the budget Xero reports in
 * `X-DayLimit-Remaining` / `X-MinLimit-Remaining`, and 429 → pause the organisation until
 * `Retry-After` (stored through a PauseStore — the ledger — so a daily pause survives restarts).
 *
 * The gateway hands every Xero HTTP call to `schedule(tenantId, call)`. `call` resolves with
 * xero-node's `{ response, body }` or rejects with xero-node's JSON-string error (or anything
 * parseXeroError understands). A 429 means Xero did not process the request, so the limiter sends
 * the same call again after the pause when the pause is short (≤ `maxWaitMs`); a longer pause
 * rejects with XeroPausedError (and so does every call scheduled while it lasts) so the engine can
 * leave its records queued and stop. See docs/decisions/008-limits-and-exactly-once.md.
 */
import { toXeroHttpError } from './xero-error.js';

/** Decides when a call may go out, per organisation: what the gateway needs (XeroLimiter is one). */
export type CallScheduler = {
  schedule<T>(tenantId: string, call: () => Promise<T>): Promise<T>;
};

/** What the limiter needs from the ledger to keep pauses across restarts (the Ledger satisfies it). */
export type PauseStore = {
  setPause(tenantId: string, until: string | Date, reason: string): unknown;
  getPause(tenantId: string, now?: string | Date): { until: string; reason: string } | null;
  clearPause(tenantId: string): void;
};

/** Optional: where the last budget Xero reported is kept, for `status --json` in another process. */
export type BudgetStore = {
  getKv(key: string): unknown;
  setKv(key: string, value: unknown): void;
};

export type XeroLimits = {
  /** Calls in flight per organisation (Xero: 5). */
  concurrent: number;
  /** Calls per rolling window per organisation (Xero: 60). */
  perMinute: number;
  /** The window (Xero: 60 s; shorter against a simulator whose clock runs faster). */
  windowMs: number;
  /** Added to the window (clock granularity; calls already count from their end). */
  safetyMs: number;
};

export const XERO_LIMITS: XeroLimits = { concurrent: 5, perMinute: 60, windowMs: 60_000, safetyMs: 50 };

/** Limits for a Xero whose clock runs `timeScale` times faster (the simulator; 1 = real Xero). */
export function scaledXeroLimits(timeScale: number, base: XeroLimits = XERO_LIMITS): XeroLimits {
  const s = Number.isFinite(timeScale) && timeScale > 0 ? timeScale : 1;
  const windowMs = Math.max(1, Math.round(base.windowMs / s));
  return { ...base, windowMs, safetyMs: Math.min(base.safetyMs, Math.max(2, Math.round(windowMs / 500))) };
}

/** `CXS_XERO_TIME_SCALE` (default 1): only for simulators that compress time; see decision 008. */
export function xeroLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): XeroLimits {
  const scale = Number(env.CXS_XERO_TIME_SCALE ?? 1);
  return scaledXeroLimits(Number.isFinite(scale) && scale > 0 ? scale : 1);
}

export type XeroBudget = {
  /** X-DayLimit-Remaining of the latest response (null until one arrived). */
  dayRemaining: number | null;
  /** X-MinLimit-Remaining of the latest response. */
  minRemaining: number | null;
  /** When Xero said so (ISO). */
  at: string;
};

export type RateLimitProblem = 'minute' | 'day' | 'concurrent' | 'appminute' | 'unknown';

export type TenantPause = { until: Date; reason: string; problem: RateLimitProblem };

/** The organisation is paused for longer than the caller is willing to wait; nothing was sent. */
export class XeroPausedError extends Error {
  constructor(
    readonly tenantId: string,
    readonly until: Date,
    readonly reason: string,
  ) {
    super(`Xero paused this organisation until ${until.toISOString()}: ${reason}`);
    this.name = 'XeroPausedError';
  }
}

export type XeroLimiterOptions = {
  store?: PauseStore & Partial<BudgetStore>;
  limits?: Partial<XeroLimits>;
  /** Milliseconds since the epoch (injectable for tests). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** The longest pause waited out in place; longer ones reject with XeroPausedError. Default 65 s. */
  maxWaitMs?: number;
  /** 429s in a row for one call before giving up with the 429 itself. Default 8. */
  max429Retries?: number;
  /** Told about every pause set (for events and status). */
  onPause?: (tenantId: string, pause: TenantPause) => void;
};

export type LimiterStats = {
  /** Calls sent (429s included). */
  started: number;
  maxInFlight: number;
  /** 429 answers received. */
  rateLimited: number;
};

type Waiter = { run: () => void; reject: (err: unknown) => void };

type TenantState = {
  inFlight: number;
  /** Start times of the calls counted in the rolling window, oldest first. */
  starts: number[];
  queue: Waiter[];
  pause: TenantPause | null;
  pauseLoaded: boolean;
  budget: XeroBudget | null;
  /** When the budget was last written to the store (ms), and whether it changed since. */
  budgetSavedAt: number;
  budgetDirty: boolean;
  budgetTimer: boolean;
  timer: boolean;
  stats: LimiterStats;
};

const PAUSE_REASON: Record<RateLimitProblem, string> = {
  day: "Xero's daily limit for this organisation was reached",
  minute: "Xero's per-minute limit for this organisation was reached",
  concurrent: 'Too many calls to Xero at once',
  appminute: "Xero's per-minute limit for this app was reached",
  unknown: 'Xero asked us to slow down',
};

export const budgetKvKey = (tenantId: string): string => `xero.budget.${tenantId.toLowerCase()}`;

/**
 * The budget is kept in memory and written to the store at most this often (and at once on a
 * pause, and on flush()): writing it after every call was one durable commit per Xero call.
 */
export const BUDGET_SAVE_INTERVAL_MS = 1000;

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function num(v: string | undefined): number | null {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** The lower-cased headers of xero-node's `{ response }` (an axios response) or a fetch Response. */
export function responseHeaders(result: unknown): Record<string, string> {
  const response =
    result !== null && typeof result === 'object' ? (result as { response?: unknown }).response : undefined;
  const raw =
    response !== null && typeof response === 'object'
      ? (response as { headers?: unknown }).headers
      : undefined;
  const out: Record<string, string> = {};
  if (raw === null || typeof raw !== 'object') return out;
  const entries =
    typeof (raw as { forEach?: unknown }).forEach === 'function' && !(Symbol.iterator in raw)
      ? Object.entries(raw)
      : typeof (raw as { entries?: unknown }).entries === 'function'
        ? [...(raw as { entries(): Iterable<[string, unknown]> }).entries()]
        : Object.entries(raw);
  for (const [k, v] of entries) {
    if (v === undefined || v === null || typeof v === 'function') continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v as string | number);
  }
  return out;
}

export class XeroLimiter implements CallScheduler {
  readonly limits: XeroLimits;
  /** The longest pause waited out in place (the CLI lowers it to its --max-wait). */
  maxWaitMs: number;
  readonly #tenants = new Map<string, TenantState>();
  readonly #opts: XeroLimiterOptions;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(opts: XeroLimiterOptions = {}) {
    this.#opts = opts;
    this.limits = { ...XERO_LIMITS, ...opts.limits };
    this.maxWaitMs = opts.maxWaitMs ?? 65_000;
    this.#now = opts.now ?? Date.now;
    this.#sleep = opts.sleep ?? defaultSleep;
  }

  #state(tenantId: string): TenantState {
    const id = tenantId.toLowerCase();
    let s = this.#tenants.get(id);
    if (!s) {
      s = {
        inFlight: 0,
        starts: [],
        queue: [],
        pause: null,
        pauseLoaded: false,
        budget: null,
        budgetSavedAt: -Infinity,
        budgetDirty: false,
        budgetTimer: false,
        timer: false,
        stats: { started: 0, maxInFlight: 0, rateLimited: 0 },
      };
      this.#tenants.set(id, s);
    }
    if (!s.pauseLoaded) {
      s.pauseLoaded = true;
      const stored = this.#opts.store?.getPause(tenantId, new Date(this.#now()));
      if (stored) {
        const until = new Date(stored.until);
        if (!s.pause || s.pause.until < until) s.pause = { until, reason: stored.reason, problem: 'unknown' };
      }
      if (!s.budget) s.budget = this.#loadBudget(id);
    }
    return s;
  }

  #loadBudget(tenantId: string): XeroBudget | null {
    const raw = this.#opts.store?.getKv?.(budgetKvKey(tenantId));
    if (raw === null || typeof raw !== 'object') return null;
    const r = raw as Record<string, unknown>;
    const n = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    return typeof r.at === 'string'
      ? { dayRemaining: n(r.dayRemaining), minRemaining: n(r.minRemaining), at: r.at }
      : null;
  }

  /** The organisation's current pause (from this process or the store), or null. */
  pausedUntil(tenantId: string): TenantPause | null {
    const s = this.#state(tenantId);
    if (s.pause && s.pause.until.getTime() <= this.#now()) s.pause = null;
    return s.pause;
  }

  /** The budget Xero reported last (null before the first response). */
  budget(tenantId: string): XeroBudget | null {
    return this.#state(tenantId).budget;
  }

  stats(tenantId: string): LimiterStats {
    return { ...this.#state(tenantId).stats };
  }

  /** Calls the window still allows right now (for ETAs). */
  windowFree(tenantId: string): number {
    const s = this.#state(tenantId);
    this.#prune(s);
    return Math.max(0, this.limits.perMinute - s.starts.length - s.inFlight);
  }

  /** Pause the organisation (persisted). Public so the engine can apply a 429 seen elsewhere. */
  pause(tenantId: string, until: Date, problem: RateLimitProblem, reason = PAUSE_REASON[problem]): void {
    const s = this.#state(tenantId);
    if (s.pause && s.pause.until >= until) return;
    s.pause = { until, reason, problem };
    // The budget that led here goes to the store now, not at the next save interval.
    this.#saveBudget(tenantId, s, true);
    // Only pauses worth remembering across a restart go to the store: a minute pause is over
    // before the app could restart, and writing one per 429 would churn the ledger.
    if (problem === 'day' || until.getTime() - this.#now() > this.maxWaitMs) {
      this.#opts.store?.setPause(tenantId, until, reason); // as the status reads it
    }
    this.#opts.onPause?.(tenantId, s.pause);
  }

  schedule<T>(tenantId: string, call: () => Promise<T>): Promise<T> {
    return this.#run(tenantId, call, 0);
  }

  async #run<T>(tenantId: string, call: () => Promise<T>, retries: number): Promise<T> {
    const s = this.#state(tenantId);
    await this.#acquire(tenantId, s);
    let result: T;
    try {
      result = await call();
    } catch (err) {
      const info = toXeroHttpError(err).info; // xero-node's JSON string, or the gateway's XeroHttpError
      // Xero does not count a 429; anything else (even a failure) may have reached it.
      this.#finish(tenantId, s, info.status !== 429, info.headers);
      if (info.status !== 429) throw err;
      s.stats.rateLimited++;
      const problemRaw = (info.headers['x-rate-limit-problem'] ?? '').toLowerCase();
      const problem: RateLimitProblem =
        (['minute', 'day', 'concurrent', 'appminute'] as const).find((p) => p === problemRaw) ?? 'unknown';
      const retryAfterSec = num(info.headers['retry-after']);
      const waitMs =
        retryAfterSec !== null && retryAfterSec >= 0
          ? retryAfterSec * 1000
          : Math.min(60_000, 1000 * 2 ** retries);
      this.pause(tenantId, new Date(this.#now() + Math.max(waitMs, 1)), problem);
      if (retries >= (this.#opts.max429Retries ?? 8)) throw err;
      return this.#run(tenantId, call, retries + 1);
    }
    this.#finish(tenantId, s, true, responseHeaders(result));
    return result;
  }

  /**
   * A call ended. It counts in the window from its *end*: it reached Xero somewhere between its
   * start and its end, so a window measured from the end can never hold more than `perMinute`
   * arrivals, whatever the time spent before the request left (token, serialisation, upload).
   */
  #finish(tenantId: string, s: TenantState, counted: boolean, headers: Record<string, string>): void {
    s.inFlight--;
    if (counted) s.starts.push(this.#now());
    this.#noteHeaders(tenantId, s, headers);
    this.#pump(tenantId, s);
  }

  #noteHeaders(tenantId: string, s: TenantState, headers: Record<string, string>): void {
    const day = num(headers['x-daylimit-remaining']);
    const min = num(headers['x-minlimit-remaining']);
    if (day === null && min === null) return;
    s.budget = {
      dayRemaining: day ?? s.budget?.dayRemaining ?? null,
      minRemaining: min ?? s.budget?.minRemaining ?? null,
      at: new Date(this.#now()).toISOString(),
    };
    if (min !== null) {
      this.#prune(s);
      const t = this.#now();
      // Xero's count in its current (fixed) window, this call included.
      const counted = Math.max(0, this.limits.perMinute - min);
      // Calls of ours that Xero admitted after it wrote this answer are not in `counted` yet: at most
      // the others that were in flight with this one.
      const slack = this.limits.concurrent - 1;
      if (counted + slack < s.starts.length) {
        // Xero's window restarted since our oldest calls: its new one holds `counted` (+ slack). Keep
        // that many, stamped now, so none of them expires before Xero's new window can.
        s.starts = new Array<number>(counted + slack).fill(t);
      } else {
        // Someone else (the desktop app beside the CLI, another app) uses this organisation's
        // minute too: count their calls as if they had just been made here.
        const missing = counted - s.starts.length - s.inFlight;
        for (let i = 0; i < missing; i++) s.starts.push(t);
      }
    }
    s.budgetDirty = true;
    this.#saveBudget(tenantId, s, false);
  }

  /**
   * Writes the budget to the store if it changed: at once when `now` (a pause, flush) or when the
   * last write is BUDGET_SAVE_INTERVAL_MS old; otherwise one timer writes it when the interval ends.
   */
  #saveBudget(tenantId: string, s: TenantState, now: boolean): void {
    const store = this.#opts.store;
    if (!s.budgetDirty || !s.budget || !store?.setKv) return;
    const t = this.#now();
    const wait = s.budgetSavedAt + BUDGET_SAVE_INTERVAL_MS - t;
    if (now || wait <= 0) {
      s.budgetDirty = false;
      s.budgetSavedAt = t;
      try {
        store.setKv(budgetKvKey(tenantId), s.budget);
      } catch {
        // The budget is advisory; never fail a call for it.
      }
      return;
    }
    if (s.budgetTimer) return;
    s.budgetTimer = true;
    const timer = setTimeout(() => {
      s.budgetTimer = false;
      this.#saveBudget(tenantId, s, false);
    }, wait);
    // A pending save must not keep a finished CLI alive: close() flushes instead.
    (timer as { unref?: () => void }).unref?.();
  }

  /** Writes every organisation's budget that changed since its last save (before closing the store). */
  flush(): void {
    for (const [id, s] of this.#tenants) this.#saveBudget(id, s, true);
  }

  #prune(s: TenantState): void {
    const horizon = this.#now() - this.limits.windowMs - this.limits.safetyMs;
    while (s.starts.length > 0 && (s.starts[0] as number) <= horizon) s.starts.shift();
  }

  #acquire(tenantId: string, s: TenantState): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      s.queue.push({ run: resolve, reject });
      this.#pump(tenantId, s);
    });
  }

  /** Starts as many queued calls as the limits allow; otherwise sets one timer for the next chance. */
  #pump(tenantId: string, s: TenantState): void {
    while (s.queue.length > 0) {
      const now = this.#now();
      if (s.pause && s.pause.until.getTime() <= now) s.pause = null;
      if (s.pause) {
        const left = s.pause.until.getTime() - now;
        if (left > this.maxWaitMs) {
          const err = new XeroPausedError(tenantId, s.pause.until, s.pause.reason);
          for (const w of s.queue.splice(0)) w.reject(err);
          return;
        }
        this.#wake(tenantId, s, left);
        return;
      }
      if (s.inFlight >= this.limits.concurrent) return; // a finish pumps again
      this.#prune(s);
      if (s.starts.length + s.inFlight >= this.limits.perMinute) {
        if (s.starts.length === 0) return; // all in flight: a finish pumps again
        const oldest = s.starts[0] as number;
        this.#wake(tenantId, s, oldest + this.limits.windowMs + this.limits.safetyMs - now + 1);
        return;
      }
      const w = s.queue.shift() as Waiter;
      s.inFlight++;
      s.stats.started++;
      s.stats.maxInFlight = Math.max(s.stats.maxInFlight, s.inFlight);
      w.run();
    }
  }

  #wake(tenantId: string, s: TenantState, ms: number): void {
    if (s.timer) return;
    s.timer = true;
    void this.#sleep(Math.max(1, ms)).then(() => {
      s.timer = false;
      this.#pump(tenantId, s);
    });
  }
}

/** The default: no limits (tests of the gateway alone, one-off reads). */
export const passthroughLimiter: CallScheduler = {
  schedule: (_tenantId, call) => call(),
};
