/**
 * Progress of a cycle (`sync.progress`): the phase, how far it is, and — while writing — an ETA from
 * the Xero call budget (60/min, the day's budget, a pause), not from the speed seen so far.
 */
import type { EngineDeps, SyncProgress } from './context.js';
import { BATCH_SIZE } from './context.js';
import { callsNeeded, etaSeconds } from './eta.js';

/** Phases that write to Xero: they get an ETA. */
export const WRITE_PHASES = new Set(['contacts', 'invoices', 'payments', 'removing payments before changes']);

export type ProgressFn = (phase: string, done: number, total: number) => void;

/** A progress reporter for one cycle (`tenantId` null before the organisation is known). */
export function progressReporter(deps: EngineDeps, tenantId: string | null): ProgressFn {
  return (phase, done, total) => {
    const onProgress = deps.onProgress;
    if (!onProgress) return;
    let eta: number | null = null;
    if (tenantId && WRITE_PHASES.has(phase)) eta = etaFor(deps, tenantId);
    else if (phase === 'done') eta = 0;
    const p: SyncProgress = { phase, done, total, etaSeconds: eta };
    onProgress(p);
  };
}

/** Seconds until what is queued is in Xero, from the call budget. */
export function etaFor(deps: EngineDeps, tenantId: string): number | null {
  const l = deps.limiter;
  if (!l) return null;
  const left = (sourceType: 'contact' | 'invoice' | 'payment'): number => {
    const c = deps.ledger.stateCounts({ sourceType }); // O(1): counters kept by triggers (issue 15)
    return c.pending + c.failed;
  };
  const calls = callsNeeded(
    { contacts: left('contact'), invoices: left('invoice'), payments: left('payment') },
    BATCH_SIZE,
  );
  const pause = l.pausedUntil(tenantId);
  return etaSeconds(calls, {
    perMinute: l.limits.perMinute,
    windowMs: l.limits.windowMs,
    windowFree: l.windowFree(tenantId),
    dayRemaining: l.budget(tenantId)?.dayRemaining ?? null,
    pausedMs: pause ? pause.until.getTime() - Date.now() : 0,
  });
}
