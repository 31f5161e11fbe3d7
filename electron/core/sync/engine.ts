/**
 * The sync engine's face: what the runtime, the loop and the CLI hold. The work is elsewhere, in
 * files named for their jobs (docs/decisions/014): cycle.ts (the order), read.ts (cycle-read.ts), planning.ts,
 * outbox.ts, reconcile.ts, backfill.ts, progress.ts, batches.ts, and one writer per record kind in
 * writers/.
 */
import type { ClinikoClient } from '../cliniko/http-client.js';
import { ReadSchedule } from '../cliniko/reference-reads.js';
import type { Settings } from '../../../shared/settings.js';
import type { CycleSummary, EngineDeps } from './context.js';
import { preconditions, runCycle } from './cycle.js';

export { BATCH_SIZE, SyncFatal, type CycleSummary, type EngineDeps, type SyncProgress } from './context.js';
export { BACKFILL_KV, readBackfill, requestBackfill, type Backfill } from './backfill.js';
export { xeroInvoiceUrl } from './writers/invoices.js';

export class SyncEngine {
  readonly #d: EngineDeps;
  /** Kept across cycles: reference lists are read in turn, not every cycle. */
  readonly #schedule: ReadSchedule;

  constructor(deps: EngineDeps) {
    this.#d = deps;
    this.#schedule = new ReadSchedule(deps.readSchedule);
  }

  /** Fatal preconditions, in the order a user fixes them (SyncFatal names the first). */
  preconditions(): Promise<{ client: ClinikoClient; tenantId: string; settings: Settings }> {
    return preconditions(this.#d);
  }

  /** One full cycle. Throws SyncFatal when it cannot start; stops early (after a write) when shouldStop(). */
  runCycle(opts: { shouldStop?: () => boolean } = {}): Promise<CycleSummary> {
    return runCycle(this.#d, { ...opts, schedule: this.#schedule });
  }
}
