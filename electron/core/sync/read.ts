/**
 * The read step of a cycle: what Cliniko changed, into the Cliniko cache. Which lists are read and
 * what an unreadable list or record holds is cycle-read.ts's policy; this step gives it the cycle's
 * ledger, cache, schedule and counters. The cursors are not moved here: planning moves them in the
 * transaction that queues what was read.
 */
import type { ClinikoClient } from '../cliniko/http-client.js';
import { DUE_LIMIT, type CycleCtx } from './context.js';
import { readCycle, type CycleRead } from './cycle-read.js';
import { UnreadableRecords } from './unreadable-records.js';

export type ReadResult = CycleRead;

export function readCliniko(ctx: CycleCtx, client: ClinikoClient): Promise<ReadResult> {
  const { ledger, cache } = ctx.deps;
  return readCycle({
    client,
    ledger,
    cache,
    schedule: ctx.schedule,
    unreadable: new UnreadableRecords(ledger),
    dueInvoiceIds: () => ledger.nextDue('invoice', ctx.now, DUE_LIMIT).map((r) => r.sourceId),
    onCall: () => ctx.clinikoCalls++,
    onProgress: (done, total) => ctx.progress('reading', done, total),
  });
}
