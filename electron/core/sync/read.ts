/**
 * Reading: every Cliniko stream since its cursor (with an overlap), into the Cliniko cache. The
 * cursors are not moved here: planning moves them in the transaction that queues what was read.
 */
import type { ClinikoClient } from '../cliniko/http-client.js';
import { ALL_STREAMS, cacheRows, readStream, STREAM_DEFS, type StreamName } from '../cliniko/streams.js';
import type { CycleCtx } from './context.js';

export type ReadResult = Map<StreamName, { records: unknown[]; max: string | null }>;

export async function readStreams(ctx: CycleCtx, client: ClinikoClient): Promise<ReadResult> {
  const { ledger, cache } = ctx.deps;
  const out: ReadResult = new Map();
  let done = 0;
  for (const name of ALL_STREAMS) {
    ctx.progress('reading', done++, ALL_STREAMS.length);
    const cursor = ledger.getCursor(STREAM_DEFS[name].stream);
    const r = await readStream(client, name, cursor, { onPage: () => ctx.clinikoCalls++ });
    for (const err of r.rejected) {
      ledger.addEvent({ level: 'warn', kind: 'cliniko-data', message: err.message });
    }
    cache.putMany(STREAM_DEFS[name].kind, cacheRows(name, r.records as never));
    out.set(name, { records: r.records, max: r.maxUpdatedAt });
  }
  return out;
}
