/**
 * Cliniko allows 200 requests per minute per user (cliniko-api.md §2). The ClinikoClient already
 * waits out a 429 until `X-RateLimit-Reset`; this limiter keeps it from getting there: every request
 * of one key (across the clients of this process) takes a slot in a rolling window, and a 429 seen
 * by one request holds all of them until the reset, instead of each finding out on its own.
 */

export type ClinikoLimiterOptions = {
  /** Requests per rolling window (default 200; `CXS_CLINIKO_RATE_LIMIT` overrides it in the app). */
  perMinute?: number;
  windowMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class ClinikoRateLimiter {
  readonly perMinute: number;
  readonly windowMs: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #starts: number[] = [];
  #holdUntil = 0;
  /** Serialises slot-taking so waiters keep their order. */
  #chain: Promise<void> = Promise.resolve();
  /** Requests that had to wait for a slot or a hold (diagnostics, tests). */
  waited = 0;

  constructor(opts: ClinikoLimiterOptions = {}) {
    this.perMinute = Math.max(1, opts.perMinute ?? 200);
    this.windowMs = opts.windowMs ?? 60_000;
    this.#now = opts.now ?? Date.now;
    this.#sleep = opts.sleep ?? defaultSleep;
  }

  /** Resolves when a request may be sent (and counts it). */
  acquire(): Promise<void> {
    const run = this.#chain.then(() => this.#take());
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async #take(): Promise<void> {
    let waited = false;
    for (;;) {
      const now = this.#now();
      if (this.#holdUntil > now) {
        waited = true;
        await this.#sleep(this.#holdUntil - now);
        continue;
      }
      while (this.#starts.length > 0 && (this.#starts[0] as number) <= now - this.windowMs)
        this.#starts.shift();
      if (this.#starts.length < this.perMinute) {
        this.#starts.push(now);
        if (waited) this.waited++;
        return;
      }
      waited = true;
      await this.#sleep((this.#starts[0] as number) + this.windowMs - now + 1);
    }
  }

  /** A 429 said "not for `ms`": every request of this key waits until then. */
  holdFor(ms: number): void {
    const until = this.#now() + Math.max(0, ms);
    if (until > this.#holdUntil) this.#holdUntil = until;
  }
}

const shared = new Map<string, ClinikoRateLimiter>();

/** The process-wide limiter of one Cliniko key (the limit is per user, whatever the client). */
export function clinikoLimiterFor(apiKey: string, env: NodeJS.ProcessEnv = process.env): ClinikoRateLimiter {
  const key = apiKey.trim();
  let l = shared.get(key);
  if (!l) {
    const configured = Number(env.CXS_CLINIKO_RATE_LIMIT);
    l = new ClinikoRateLimiter(
      Number.isInteger(configured) && configured > 0 ? { perMinute: configured } : {},
    );
    shared.set(key, l);
  }
  return l;
}
