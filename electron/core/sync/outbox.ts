/**
 * The outbox protocol (docs/decisions/007, 008): one write = intent committed (beginBatch, with its
 * Idempotency-Key) → the call → every element's outcome (completeBatch). No response at all is
 * uncertain: reconciled at once, or at the next cycle's start. What a failed call means for its
 * records is the failure policy's decision (failure-policy.ts); an error before anything was sent
 * (token, pause) closes the batch with states unchanged and stops the cycle.
 */
import { createHash } from 'node:crypto';
import type { BatchOutcome, LedgerRecordDetails } from '../ledger/index.js';
import { XeroHttpError } from '../xero/xero-error.js';
import type { Verdict } from './classify.js';
import { keyOf, type CycleCtx } from './context.js';
import { backoffMs, classifyXero, decideWriteFailure } from './failure-policy.js';
import { contentHash } from './hash.js';
import { reconcileBatchSafely } from './reconcile.js';
import type { Element, Job, Operation } from './writers/writer.js';

/**
 * Content-derived. The records' previous attempt time is part of it so that a retry after the cause
 * was fixed in Xero is a new request (Xero replays a key's answer for ~6 minutes); an uncertain batch
 * is never resent blindly (it is reconciled first), so it needs no stable key.
 */
export function idempotencyKey(
  kind: string,
  tenantId: string,
  recs: readonly LedgerRecordDetails[],
  payloadHash: string,
): string {
  const keys = recs.map((r) => `${keyOf(r)}@${r.lastTriedAt ?? ''}`).sort();
  const h = createHash('sha256')
    .update([kind, tenantId, ...keys, payloadHash].join('\n'))
    .digest('hex');
  return `cxs-${kind}-${h}`.slice(0, 128);
}

/** When a record that failed `attempts` times before this failure may be tried again (full jitter). */
function retryAt(ctx: CycleCtx, now: Date, attempts: number): Date {
  const r = ctx.deps.random;
  const ms = backoffMs(attempts + 1, { ...ctx.deps.retry, ...(r ? { random: r } : {}) });
  return new Date(now.getTime() + ms);
}

/** One batch through the outbox. */
export async function write<P, L>(ctx: CycleCtx, op: Operation<P, L>, jobs: Job<P>[]): Promise<void> {
  const { ledger } = ctx.deps;
  const recs = jobs.map((j) => j.rec);
  const payloads = jobs.map((j) => j.payload);
  const payloadHash = contentHash(payloads);
  const key = idempotencyKey(op.kind, ctx.tenantId, recs, payloadHash);
  const batch = ledger.beginBatch({
    kind: op.kind,
    tenantId: ctx.tenantId,
    idempotencyKey: key,
    recordKeys: recs.map((r) => ({ sourceType: r.sourceType, sourceId: r.sourceId })),
    payloadHash,
  });
  let elements: Element[];
  let found: L | undefined;
  try {
    elements = await op.send(ctx, payloads, key);
    found = op.lookup ? await op.lookup(ctx, jobs, elements) : undefined;
  } catch (err) {
    if (!(err instanceof XeroHttpError)) {
      ledger.resolveBatch(batch.id, []);
      throw err;
    }
    await failedCall(ctx, op, jobs, batch.id, err);
    return;
  }
  const outcomes: BatchOutcome[] = [];
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i] as Job<P>;
    const el = elements[i];
    outcomes.push(
      el
        ? await op.outcome(ctx, job, el, found)
        : { sourceType: job.rec.sourceType, sourceId: job.rec.sourceId, result: 'pending' },
    );
  }
  ledger.completeBatch(batch.id, await nameLockDate(ctx, outcomes));
}

/** The words fixFor (classify.ts) uses for a lock-date refusal. */
const LOCKED = /locked in Xero/;

/** A refusal because of Xero's lock date names that date (Xero's message does not). */
async function nameLockDate(ctx: CycleCtx, outcomes: BatchOutcome[]): Promise<BatchOutcome[]> {
  const lockedError = (o: BatchOutcome): string | null =>
    o.result === 'needs_attention' && LOCKED.test(o.error) ? o.error : null;
  if (!outcomes.some((o) => lockedError(o) !== null)) return outcomes;
  ctx.lockDate ??= ctx.deps.gateway.lockDate(ctx.tenantId).catch(() => null);
  const date = await ctx.lockDate;
  if (!date) return outcomes;
  return outcomes.map((o) => {
    const error = lockedError(o);
    return error === null
      ? o
      : { ...o, error: `${error} Xero's lock date is ${date}: nothing dated on or before it can change.` };
  });
}

/** A call that failed as a whole: the failure policy decides, per record, with one retry time per batch. */
async function failedCall<P, L>(
  ctx: CycleCtx,
  op: Operation<P, L>,
  jobs: Job<P>[],
  batchId: number,
  err: XeroHttpError,
): Promise<void> {
  const { ledger, clock } = ctx.deps;
  const failure = classifyXero(err.info, err);
  const now = clock.now();
  // One random draw for the batch, and the retry time of its most-tried record: the batch is retried
  // as one call instead of falling apart into many small ones.
  const draw = (ctx.deps.random ?? Math.random)();
  const opts = { ...ctx.deps.retry, random: () => draw };
  const maxFailures = Math.max(...jobs.map((j) => j.rec.attempts)) + 1;
  const batchDecision = decideWriteFailure('', failure, maxFailures, now, {
    ...opts,
    maxServerAttempts: Infinity,
  });
  if (batchDecision.action === 'uncertain') {
    await reconcileBatchSafely(ctx, batchId);
    return;
  }
  if (batchDecision.action === 'reconnect') {
    // Refused before anything was written: states unchanged, and the cycle stops (settle and the
    // loop read the same decision and say "Reconnect Xero").
    ledger.resolveBatch(batchId, []);
    throw err;
  }
  const retryTime = batchDecision.action === 'retry' ? batchDecision.nextAttemptAt : now;
  ledger.completeBatch(
    batchId,
    jobs.map(({ rec, payload }) => {
      const d = decideWriteFailure(op.what(rec), failure, rec.attempts + 1, now, opts);
      const base = { sourceType: rec.sourceType, sourceId: rec.sourceId, payload, response: err.info.body };
      return d.action === 'retry'
        ? { ...base, result: 'failed' as const, error: d.message, nextAttemptAt: retryTime }
        : { ...base, result: 'needs_attention' as const, error: d.message };
    }),
  );
}

/** An element Xero refused: what the user reads, and whether it comes back by itself. */
export function elementFailure(
  ctx: CycleCtx,
  rec: LedgerRecordDetails,
  v: Verdict,
  payload: unknown,
  response: unknown,
): BatchOutcome {
  const base = { sourceType: rec.sourceType, sourceId: rec.sourceId, payload, response };
  if (v.kind === 'retryable') {
    return {
      ...base,
      result: 'failed',
      error: v.message,
      nextAttemptAt: retryAt(ctx, ctx.deps.clock.now(), rec.attempts),
    };
  }
  const message = 'message' in v ? v.message : 'Xero refused it. Check it in Xero, then retry.';
  return { ...base, result: 'needs_attention', error: message };
}

export type { Element };
