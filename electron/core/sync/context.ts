/**
 * What every part of a sync cycle shares: the engine's dependencies, the cycle's context, the
 * summary it returns, and the few constants of the outbox protocol (docs/decisions/006, 014).
 */
import type { CycleSummary, SyncProgress } from '../../../shared/api.js';
import { ApiError } from '../api-error.js';
import type { ClinikoCache } from '../cliniko/cache.js';
import type { ClinikoClient } from '../cliniko/http-client.js';
import type { ReadSchedule, ReadScheduleOptions } from '../cliniko/reference-reads.js';
import type { Ledger, RecordKey } from '../ledger/index.js';
import type { Clock } from '../ports.js';
import type { Settings } from '../../../shared/settings.js';
import type { XeroGateway } from '../xero/gateway.js';
import type { XeroLimiter } from '../xero/limiter.js';
import type { Backfill } from './backfill.js';
import type { RetryPolicyOptions } from './failure-policy.js';
import type { XeroRefs } from './preflight.js';
import type { Writer } from './writers/writer.js';

export type { CycleSummary, SyncProgress };

/** Records per Xero call (Xero accepts more; 50 keeps one failed call small). */
export const BATCH_SIZE = 50;
/** Write rounds per cycle: contacts → invoices → payments again while something moved. */
export const MAX_ROUNDS = 6;
/** The most due records of one kind a round takes from the ledger. */
export const DUE_LIMIT = 100_000;
/** A sentHash that never equals a wantHash: "in Xero, but not known to hold what we want". */
export const ADOPTED = 'adopted';

/** A cycle that cannot run at all (not connected, settings incomplete): say which. */
export class SyncFatal extends ApiError {
  constructor(message: string) {
    super('not_connected', message);
    this.name = 'SyncFatal';
  }
}

export type EngineDeps = {
  ledger: Ledger;
  cache: ClinikoCache;
  gateway: XeroGateway;
  settings: () => Settings;
  cliniko: () => Promise<ClinikoClient | null>;
  /** The chosen Xero organisation, or null (not connected / reconnect needed / not chosen). */
  tenantId: () => Promise<string | null>;
  clock: Clock;
  clinikoWeb?: () => Promise<{ shard: string; subdomain?: string } | undefined>;
  onProgress?: (p: SyncProgress) => void;
  random?: () => number;
  /** The gateway's limiter: its budget gives progress an ETA (exactly-once issue). */
  limiter?: XeroLimiter;
  /** Backoff of retryable failures (full jitter; base 30 s unless CXS_RETRY_BASE_MS). */
  retry?: RetryPolicyOptions;
  /** When reference lists are re-read (reference-reads.ts); the idle benchmark accelerates it. */
  readSchedule?: ReadScheduleOptions;
};

/** One cycle: who it writes for, what it may read, and how it reports. */
export type CycleCtx = {
  deps: EngineDeps;
  tenantId: string;
  backfill: Backfill | null;
  settings: Settings;
  /** The round's "now" (due records are those whose nextAttemptAt ≤ now). */
  now: Date;
  /** Xero's accounts and tax rates, read at most once per cycle and only when something is mapped. */
  refs: XeroRefs | null;
  shouldStop: () => boolean;
  /** Progress of a phase (the ETA is added for write phases). */
  progress: (phase: string, done: number, total: number) => void;
  clinikoCalls: number;
  /** The record kinds' writers, in dependency order (writers/index.ts). */
  writers: readonly Writer[];
  /** Which Cliniko lists are due for a read (kept by the engine across cycles). */
  schedule: ReadSchedule;
  /** Xero's lock date, read once a cycle and only when Xero refused a write because of it. */
  lockDate?: Promise<string | null>;
};

export const keyOf = (k: RecordKey): string => `${k.sourceType}:${k.sourceId}`;

export const chunk = <T>(xs: readonly T[], n: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
};

/** Xero amounts are decimal numbers; compared in cents. */
export function toCents(n: unknown): number | null {
  return typeof n === 'number' && Number.isFinite(n) ? Math.round(n * 100) : null;
}
