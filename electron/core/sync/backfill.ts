/**
 * A requested backfill (`sync.backfill` / `sync --since`): history from `since` is synced too. Kept in
 * the ledger's kv, so a restart resumes it; marked planned in the same transaction that queues it.
 */
import type { Ledger } from '../ledger/index.js';

export const BACKFILL_KV = 'sync.backfill';
export type Backfill = { since: string; requestedAt: string; planned: boolean };

export function readBackfill(ledger: Ledger): Backfill | null {
  const v = ledger.getKv(BACKFILL_KV);
  if (v === null || typeof v !== 'object') return null;
  const b = v as Record<string, unknown>;
  return typeof b.since === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(b.since)
    ? { since: b.since, requestedAt: String(b.requestedAt ?? ''), planned: b.planned === true }
    : null;
}

/**
 * Asks for history from `since`. An earlier date than a previous backfill's widens it; a later one
 * changes nothing (that history is already wanted).
 */
export function requestBackfill(ledger: Ledger, since: string, now: Date): Backfill {
  const prev = readBackfill(ledger);
  if (prev && prev.since <= since) return prev;
  const b: Backfill = { since, requestedAt: now.toISOString(), planned: false };
  ledger.setKv(BACKFILL_KV, b);
  return b;
}

/** Marks a backfill planned: call inside the ledger transaction that queues its records. */
export function markBackfillPlanned(ledger: Ledger, b: Backfill): void {
  ledger.setKv(BACKFILL_KV, { ...b, planned: true });
}
