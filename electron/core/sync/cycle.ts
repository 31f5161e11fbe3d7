/**
 * One sync cycle (docs/decisions/006, 014): reconcile → read Cliniko → plan → write Xero.
 *
 * 1. Reconcile: batches begun and never closed (crash, timeout) are looked up in Xero and adopted or
 *    re-queued before anything is sent again (reconcile.ts, dispatching to the writers).
 * 2. Read: /invoices every cycle, other lists in turn or when an invoice names something unknown,
 *    each since its cursor (with an overlap), into the Cliniko cache (read.ts → cycle-read.ts).
 * 3. Plan: what changed or is due becomes ledger records, and the cursors move in the same
 *    transaction (planning.ts).
 * 4. Write, in rounds until nothing moves: each writer in dependency order (writers/index.ts), its
 *    batches through the outbox (outbox.ts) with as many in flight as the limiter allows (batches.ts).
 */
import { isSyncReady, type Settings } from '../../../shared/settings.js';
import type { ClinikoClient } from '../cliniko/http-client.js';
import { ReadSchedule } from '../cliniko/reference-reads.js';
import { readBackfill } from './backfill.js';
import { inBatches } from './batches.js';
import { MAX_ROUNDS, SyncFatal, type CycleCtx, type CycleSummary, type EngineDeps } from './context.js';
import { write } from './outbox.js';
import { plan } from './planning.js';
import { progressReporter } from './progress.js';
import { readCliniko } from './read.js';
import { reconcileUncertain } from './reconcile.js';
import { WRITERS } from './writers/index.js';
import type { Writer } from './writers/writer.js';

/** Fatal preconditions, in the order a user fixes them. */
export async function preconditions(
  d: EngineDeps,
): Promise<{ client: ClinikoClient; tenantId: string; settings: Settings }> {
  const client = await d.cliniko();
  if (!client) throw new SyncFatal('Cliniko is not connected: run `cliniko connect` (or use Setup) first.');
  const tenantId = await d.tenantId();
  if (!tenantId) {
    throw new SyncFatal(
      'Xero is not connected (or needs reconnecting, or no organisation is chosen): run `xero connect` first.',
    );
  }
  const settings = d.settings();
  const ready = isSyncReady(settings);
  if (!ready.ready) {
    throw new SyncFatal(
      `Settings incomplete: ${ready.missing.join(', ')} must be set (settings import FILE, or Mappings).`,
    );
  }
  return { client, tenantId, settings };
}

/** One writer's round: collect, then its batches through the outbox; how many records moved. */
async function writeRound(ctx: CycleCtx, writer: Writer): Promise<number> {
  const round = await writer.collect(ctx);
  const count = { done: 0, total: round.sends.reduce((n, s) => n + s.jobs.length, 0) };
  for (const { op, jobs } of round.sends) {
    await inBatches(ctx, writer.phase, jobs, count, (part) => write(ctx, op, part));
  }
  round.after?.();
  return round.moved + count.done;
}

/** One full cycle. Throws SyncFatal when it cannot start; stops early (after a write) when shouldStop(). */
export async function runCycle(
  d: EngineDeps,
  opts: { shouldStop?: () => boolean; writers?: readonly Writer[]; schedule?: ReadSchedule } = {},
): Promise<CycleSummary> {
  const started = Date.now();
  const callsBefore = d.gateway.calls;
  const { client, tenantId, settings: saved } = await preconditions(d);
  const backfill = readBackfill(d.ledger);
  // A backfill widens what is eligible: invoices from its date on, not only from syncFrom.
  const settings =
    backfill && backfill.since < saved.syncFrom ? { ...saved, syncFrom: backfill.since } : saved;
  const ctx: CycleCtx = {
    deps: d,
    tenantId,
    backfill,
    settings,
    now: d.clock.now(),
    refs: null,
    shouldStop: opts.shouldStop ?? (() => false),
    progress: progressReporter(d, tenantId),
    clinikoCalls: 0,
    writers: opts.writers ?? WRITERS,
    schedule: opts.schedule ?? new ReadSchedule(d.readSchedule),
  };

  await reconcileUncertain(ctx);
  const read = await readCliniko(ctx, client);
  await plan(ctx, read);
  for (let round = 0; round < MAX_ROUNDS && !ctx.shouldStop(); round++) {
    ctx.now = d.clock.now();
    let moved = 0;
    for (const writer of ctx.writers) moved += await writeRound(ctx, writer);
    if (moved === 0) break;
  }
  const at = d.clock.now().toISOString();
  d.ledger.setKv('sync.lastSyncAt', at);
  const c = d.ledger.stateCounts();
  const summary: CycleSummary = {
    synced: c.synced,
    failed: c.failed,
    needsAttention: c.needsAttention,
    pending: c.pending,
    xeroCalls: d.gateway.calls - callsBefore,
    clinikoCalls: ctx.clinikoCalls,
    durationMs: Date.now() - started,
  };
  d.ledger.addEvent({
    level: c.failed + c.needsAttention > 0 ? 'warn' : 'info',
    kind: 'cycle',
    message: `Sync finished: ${c.synced} synced, ${c.pending} pending, ${c.failed} failed, ${c.needsAttention} need attention (${summary.xeroCalls} Xero calls).`,
  });
  ctx.progress('done', 1, 1);
  return summary;
}
