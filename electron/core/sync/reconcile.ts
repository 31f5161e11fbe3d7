/**
 * Reconciliation of uncertain batches: begun and never closed (crash, timeout, no answer). Each is
 * handed to the writer that owns its kind, which looks its records up in Xero and adopts what exists;
 * the rest are re-queued. A batch of a kind no writer looks up (updates and voids carry the Xero id,
 * so sending them again is harmless) is simply re-queued.
 */
import type { BatchOutcome, UncertainBatch } from '../ledger/index.js';
import type { CycleCtx } from './context.js';
import { pendingOutcome } from './writers/writer.js';

/** Every open batch, before anything is sent again (the first step of a cycle). */
export async function reconcileUncertain(ctx: CycleCtx): Promise<void> {
  const { ledger } = ctx.deps;
  const open = ledger.uncertainBatches();
  if (open.length === 0) return;
  ctx.progress('checking unfinished writes', 0, open.length);
  for (const b of open) {
    if (b.tenantId !== ctx.tenantId) {
      // Another organisation's write: it cannot be checked from here; its records wait.
      ledger.resolveBatch(b.id, b.records.map(pendingOutcome));
      continue;
    }
    await reconcile(ctx, b);
  }
}

/** Right after a call got no answer; if Xero still cannot be asked, the next cycle tries again. */
export async function reconcileBatchSafely(ctx: CycleCtx, batchId: number): Promise<void> {
  const b = ctx.deps.ledger.uncertainBatches().find((x) => x.id === batchId);
  if (!b) return;
  try {
    await reconcile(ctx, b);
  } catch {
    // Still unknown: the batch stays open and is reconciled at the start of the next cycle.
  }
}

async function reconcile(ctx: CycleCtx, b: UncertainBatch): Promise<void> {
  const { ledger } = ctx.deps;
  const lookUp = ctx.writers.map((w) => w.reconcile[b.kind]).find((f) => f !== undefined);
  const outcomes: BatchOutcome[] = lookUp ? await lookUp(ctx, b) : b.records.map(pendingOutcome);
  ledger.resolveBatch(b.id, outcomes);
  ledger.addEvent({
    level: 'info',
    kind: 'reconcile',
    message: `Checked an unfinished ${b.kind} write of ${b.records.length} record(s) in Xero: ${outcomes.filter((o) => o.result === 'synced').length} found, the rest will be sent again.`,
  });
}
