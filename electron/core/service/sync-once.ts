/**
 * `sync.once` (the CLI's `sync --once`): cycles until settled (sync/settle.ts) under the data folder's
 * process lock, waiting up to `maxWaitSeconds` for retries, Xero pauses and another process's sync.
 * A cycle that cannot run is an answer here (exit code 1 with the reason), not an error, so the
 * caller gets the engine's own words ("Settings incomplete: …", "Another sync is running …").
 */
import type { CycleSummary, SyncOnceResult, SyncWaiting } from '../../../shared/api.js';
import { requestBackfill } from '../sync/backfill.js';
import { SyncFatal } from '../sync/context.js';
import { retryOptionsFromEnv } from '../sync/failure-policy.js';
import { describeHolder } from '../sync/process-lock.js';
import type { SyncRuntime } from '../sync/runtime.js';
import { syncUntilSettled, type SettleResult } from '../sync/settle.js';
import type { Handlers } from './dispatch.js';

/** A short Xero pause is waited out inside the call; a longer one ends the cycle (settle waits). */
const LIMITER_WAIT_CAP_MS = 65_000;

export function syncOnceHandler(
  runtime: SyncRuntime,
  env: NodeJS.ProcessEnv,
  onWaiting: (w: SyncWaiting) => void,
): Pick<Handlers, 'sync.once'> {
  return {
    'sync.once': async ({ maxWaitSeconds, since }): Promise<SyncOnceResult> => {
      const maxWaitMs = maxWaitSeconds * 1000;
      if (since !== undefined) requestBackfill(runtime.ledger, since, new Date());
      const limiter = runtime.limiter;
      const before = limiter.maxWaitMs;
      limiter.maxWaitMs = Math.min(LIMITER_WAIT_CAP_MS, maxWaitMs);
      let result: SettleResult;
      try {
        result = await syncUntilSettled({
          // What is left of maxWaitSeconds bounds this cycle's waits too (the lock, a short Xero pause).
          runCycle: (budgetMs) => {
            limiter.maxWaitMs = Math.min(LIMITER_WAIT_CAP_MS, budgetMs);
            return runtime.runCycle({
              lockWaitMs: budgetMs,
              onLockWait: (holder) =>
                onWaiting({ kind: 'lock', holder: describeHolder(holder), maxWaitSeconds }),
            });
          },
          ledger: runtime.ledger,
          limiter,
          tenantId: () => runtime.tenantId(),
          maxWaitMs,
          retry: retryOptionsFromEnv(env),
          onWait: (ms, why) => onWaiting({ kind: 'retry', seconds: ms / 1000, why }),
        });
      } catch (err) {
        const reason =
          err instanceof SyncFatal
            ? err.message
            : `Sync failed: ${err instanceof Error ? err.message : String(err)}`;
        return { exitCode: 1, reason, summary: countsOnly(runtime) };
      } finally {
        limiter.maxWaitMs = before;
      }
      // The last cycle's costs, with the ledger's counts as they are now.
      const summary = { ...(result.summary ?? countsOnly(runtime)), ...counts(runtime) };
      return { exitCode: result.exitCode, reason: result.reason, summary };
    },
  };
}

function counts(
  runtime: SyncRuntime,
): Pick<CycleSummary, 'synced' | 'pending' | 'failed' | 'needsAttention'> {
  const c = runtime.ledger.stateCounts();
  return { synced: c.synced, pending: c.pending, failed: c.failed, needsAttention: c.needsAttention };
}

function countsOnly(runtime: SyncRuntime): CycleSummary {
  return { ...counts(runtime), xeroCalls: 0, clinikoCalls: 0, durationMs: 0 };
}
