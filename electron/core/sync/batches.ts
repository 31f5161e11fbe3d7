/**
 * The worker pool of a write phase: batches of BATCH_SIZE with as many in flight as the limiter
 * allows (5 per organisation), so a backfill runs at Xero's limit instead of at one call's latency.
 */
import { BATCH_SIZE, chunk, type CycleCtx } from './context.js';

/** Runs `fn` over `items`, `n` at a time; the first error stops new ones and is rethrown. */
export async function inParallel<T>(
  n: number,
  items: readonly T[],
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { err: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (next < items.length && failure === null) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, n), items.length) }, worker));
  if (failure !== null) throw (failure as { err: unknown }).err;
}

/**
 * One write phase: `items` in batches of BATCH_SIZE. Before each batch (unless the cycle is
 * stopping) it reports `phase` progress; after it, it counts the batch in `count.done`.
 */
export async function inBatches<T>(
  ctx: CycleCtx,
  phase: string,
  items: readonly T[],
  count: { done: number; total: number },
  send: (part: T[]) => Promise<void>,
): Promise<void> {
  const n = ctx.deps.limiter?.limits.concurrent ?? 1;
  await inParallel(n, chunk(items, BATCH_SIZE), async (part) => {
    if (ctx.shouldStop()) return;
    ctx.progress(phase, count.done, count.total);
    await send(part);
    count.done += part.length;
  });
}
