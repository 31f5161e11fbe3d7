/**
 * `sync --once`: run cycles until every eligible record is synced or needs attention — waiting for
 * retries (backoff) and for a Xero pause while the waits TOGETHER stay within `maxWaitMs` (the
 * --max-wait budget is for the whole run, not for each wait) — and say why it stopped otherwise.
 * Records whose next retry falls beyond the budget cannot succeed in this run: they end as needs
 * attention (with their last error and what to do) instead of holding the CLI for minutes.
 * Exit 0: all synced; 2: something needs attention, or waits longer than allowed.
 */
import type { Ledger, RecordKey } from '../ledger/index.js';
import { XeroPausedError, type XeroLimiter } from '../xero/limiter.js';
import type { CycleSummary } from './context.js';
import { classifyError, decideRetry, type RetryPolicyOptions } from './failure-policy.js';

export type SettleResult = {
  exitCode: 0 | 2;
  /** Why it stopped with records left (plain words), or null. */
  reason: string | null;
  summary: CycleSummary | null;
  cycles: number;
  /** Time spent waiting for retries and pauses. */
  waitedMs: number;
};

export type SettleDeps = {
  /** One cycle; `budgetMs` is what is left of --max-wait (for the lock and the limiter's waits). */
  runCycle: (budgetMs: number) => Promise<CycleSummary>;
  ledger: Ledger;
  limiter: XeroLimiter;
  tenantId: () => Promise<string | null>;
  maxWaitMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told before each wait (for the CLI's output). */
  onWait?: (ms: number, why: string) => void;
  /** Safety net against a cycle that never settles (default 1,000). */
  maxCycles?: number;
  /** Backoff for a whole cycle that failed on the network or a 5xx (e.g. reading Xero's accounts). */
  retry?: RetryPolicyOptions;
};

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The earliest `nextAttemptAt` among failed records (ms), or null. */
export function earliestRetry(ledger: Ledger): number | null {
  let best: number | null = null;
  for (let offset = 0; ; offset += 1000) {
    const { rows, total } = ledger.list({ state: 'failed', offset, limit: 1000 });
    for (const r of rows) {
      const t = r.nextAttemptAt ? Date.parse(r.nextAttemptAt) : NaN;
      if (!Number.isNaN(t) && (best === null || t < best)) best = t;
    }
    if (offset + rows.length >= total || rows.length === 0) return best;
  }
}

/**
 * Failed records still waiting for a retry when the budget is spent: needs attention, saying why
 * and what to do (the background sync would retry them; this run cannot).
 */
export function giveUpOnRetries(ledger: Ledger, maxWaitMs: number): number {
  const keys: (RecordKey & { error: string })[] = [];
  for (let offset = 0; ; offset += 1000) {
    const { rows, total } = ledger.list({ state: 'failed', offset, limit: 1000 });
    for (const r of rows)
      keys.push({ sourceType: r.sourceType, sourceId: r.sourceId, error: r.lastError ?? 'It failed.' });
    if (offset + rows.length >= total || rows.length === 0) break;
  }
  const secs = Math.round(maxWaitMs / 1000);
  ledger.tx(() => {
    for (const k of keys) {
      const why = k.error.trim().replace(/\.+$/, '');
      ledger.markNeedsAttention(k, {
        error: `${why}. It could not be sent within --max-wait (${secs} s), so this run stopped retrying it. Once the cause is fixed (or later, if Xero or Cliniko was down), run \`retry --all\` and \`sync --once\`, or use Retry in the sync log.`,
      });
    }
  });
  return keys.length;
}

export async function syncUntilSettled(d: SettleDeps): Promise<SettleResult> {
  const now = d.now ?? Date.now;
  const sleep = d.sleep ?? defaultSleep;
  let summary: CycleSummary | null = null;
  let waitedMs = 0;
  const left = (): number => Math.max(0, d.maxWaitMs - waitedMs);
  let lastFingerprint = '';
  let cycleFailures = 0;
  for (let cycles = 1; ; cycles++) {
    let paused: XeroPausedError | null = null;
    try {
      summary = await d.runCycle(left());
      cycleFailures = 0;
    } catch (err) {
      if (!(err instanceof XeroPausedError)) {
        // Xero or Cliniko did not answer (network, timeout, 5xx): not a fatal setup problem — try
        // the whole cycle again after a backoff, within --max-wait, else stop and say why.
        // The failure policy decides: only "retry" waits; needs attention and reconnect end it.
        cycleFailures++;
        const failure = classifyError(err);
        const t = now();
        const decision = decideRetry(failure, cycleFailures, new Date(t), {
          ...d.retry,
          maxServerAttempts: Infinity, // bounded by --max-wait instead
        });
        if (decision.action !== 'retry') throw err;
        const wait = decision.nextAttemptAt.getTime() - t;
        // The reason is embedded in a sentence ("…: why; try again later."): no full stop of its own.
        const why = `the sync could not finish: ${failure.message.trim().replace(/\.+$/, '')}`;
        if (wait > left()) {
          return { exitCode: 2, reason: `${why}; try again later.`, summary, cycles, waitedMs };
        }
        d.onWait?.(wait, why);
        await sleep(wait);
        waitedMs += wait;
        continue;
      }
      paused = err;
    }
    const c = d.ledger.stateCounts();
    const done = { summary, cycles, waitedMs };
    if (!paused && c.pending === 0 && c.failed === 0) {
      return c.needsAttention > 0
        ? {
            ...done,
            exitCode: 2,
            reason: `${c.needsAttention} record(s) need attention: see \`log --state needs_attention\`.`,
          }
        : { ...done, exitCode: 0, reason: null };
    }
    if (cycles >= (d.maxCycles ?? 1000)) {
      return { ...done, exitCode: 2, reason: `Stopped after ${cycles} cycles with records left.` };
    }
    const tenantId = await d.tenantId();
    const limiterPause = tenantId ? d.limiter.pausedUntil(tenantId) : null;
    const stored = tenantId ? d.ledger.getPause(tenantId) : null;
    const pause = paused
      ? { until: paused.until.getTime(), reason: paused.reason }
      : limiterPause
        ? { until: limiterPause.until.getTime(), reason: limiterPause.reason }
        : stored
          ? { until: Date.parse(stored.until), reason: stored.reason }
          : null;
    const retryAt = earliestRetry(d.ledger);
    let wakeAt: number;
    let why: string;
    if (pause && pause.until > now()) {
      lastFingerprint = '';
      wakeAt = Math.max(pause.until, retryAt ?? 0);
      why = `Xero paused this organisation until ${new Date(pause.until).toISOString()} (${pause.reason})`;
    } else if (retryAt !== null) {
      lastFingerprint = '';
      wakeAt = retryAt;
      why = `${c.failed} record(s) wait for a retry at ${new Date(retryAt).toISOString()}`;
    } else {
      // Pending records only (e.g. an invoice waiting for its contact): go again while that moves.
      const fingerprint = `${c.synced}/${c.pending}/${c.failed}/${c.needsAttention}`;
      if (fingerprint === lastFingerprint) {
        return {
          ...done,
          exitCode: 2,
          reason: `${c.pending} record(s) could not be sent (they wait for others that need attention).`,
        };
      }
      lastFingerprint = fingerprint;
      continue;
    }
    const wait = Math.max(0, wakeAt - now());
    if (wait > left()) {
      const gaveUp = pause && pause.until > now() ? 0 : giveUpOnRetries(d.ledger, d.maxWaitMs);
      return {
        ...done,
        exitCode: 2,
        reason: gaveUp
          ? `${gaveUp} record(s) could not be sent within --max-wait (${Math.round(d.maxWaitMs / 1000)} s) and now need attention: see \`log --state needs_attention\`.`
          : `${why}: longer than --max-wait allows.`,
      };
    }
    d.onWait?.(wait, why);
    await sleep(wait);
    waitedMs += wait;
  }
}
