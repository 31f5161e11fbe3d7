/**
 * "How long until everything is in Xero?" from the call budget, not from a stopwatch: Xero's limits
 * (60 calls a minute, the daily budget) decide a backfill's duration long before our own speed does.
 * Pure: the caller passes what is left and what the limiter knows.
 */

/** Xero calls still needed to send `records` records of one kind, in full batches. */
export function callsFor(records: number, batchSize = 50): number {
  return records <= 0 ? 0 : Math.ceil(records / batchSize);
}

export type Remaining = { contacts: number; invoices: number; payments: number };

/** Writes still needed (one batch of ≤ 50 per call for each kind). */
export function callsNeeded(r: Remaining, batchSize = 50): number {
  return callsFor(r.contacts, batchSize) + callsFor(r.invoices, batchSize) + callsFor(r.payments, batchSize);
}

export type BudgetView = {
  perMinute: number;
  /** Length of Xero's minute (shorter against a simulator with a compressed clock). */
  windowMs: number;
  /** Calls the current window still allows. */
  windowFree: number;
  /** X-DayLimit-Remaining, when known. */
  dayRemaining: number | null;
  /** A pause in force (ms left), e.g. the daily limit. */
  pausedMs: number;
  /** Seconds per call when not limited (latency / concurrency); default 0.1. */
  secondsPerCall?: number;
};

/**
 * Seconds until `calls` calls have been made: the pause, then whatever the current window still
 * allows, then full windows of `perMinute`; a daily budget too small adds a day.
 */
export function etaSeconds(calls: number, b: BudgetView): number {
  if (calls <= 0) return 0;
  const window = b.windowMs / 1000;
  let s = Math.max(0, b.pausedMs) / 1000;
  const afterThisWindow = Math.max(0, calls - Math.max(0, b.windowFree));
  s += Math.ceil(afterThisWindow / Math.max(1, b.perMinute)) * window;
  s += (Math.min(calls, b.perMinute) * (b.secondsPerCall ?? 0.1)) / 5; // 5 in flight
  if (b.dayRemaining !== null && calls > b.dayRemaining) s += 86_400 * (window / 60);
  return Math.round(s);
}
