/** Public types of the ledger. Timestamps are ISO-8601 UTC strings (`toISOString()`), dates `YYYY-MM-DD`. */

export const SOURCE_TYPES = ['invoice', 'contact', 'payment', 'creditnote'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export const RECORD_STATES = ['pending', 'synced', 'failed', 'needs_attention'] as const;
export type RecordState = (typeof RECORD_STATES)[number];

/** `retryable`: network, 5xx, 429 (retried automatically). `validation`: waits for the user. */
export type ErrorKind = 'retryable' | 'validation';

/** Identifies one source entity. For payments, `sourceId` is the invoice id (one payment set per invoice). */
export type RecordKey = { sourceType: SourceType; sourceId: string };

/** What the planner wants Xero to contain now, for one source entity. */
export type WantedRecord = RecordKey & {
  tenantId: string;
  /** Hash of what should be in Xero now (content-derived, computed by the caller). */
  wantHash: string;
  /** The Cliniko data, shown in the details panel and read back by the mapper. */
  sourceSnapshot: unknown;
  invoiceNumber?: string | null;
  patientName?: string | null;
  issueDate?: string | null;
  totalCents?: number | null;
  /** Link back to the Cliniko record. */
  sourceUrl?: string | null;
};

/** One row of the sync log (without the JSON blobs). */
export type LedgerRecord = RecordKey & {
  id: number;
  tenantId: string;
  invoiceNumber: string | null;
  xeroId: string | null;
  /** Hash of what was last sent successfully (null: never synced). */
  sentHash: string | null;
  wantHash: string;
  state: RecordState;
  /** Consecutive failures since the last success, data change or requeue. */
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  errorKind: ErrorKind | null;
  firstTriedAt: string | null;
  lastTriedAt: string | null;
  syncedAt: string | null;
  createdAt: string;
  updatedAt: string;
  patientName: string | null;
  issueDate: string | null;
  totalCents: number | null;
  xeroUrl: string | null;
  sourceUrl: string | null;
  /** The open write batch this record is part of (its outcome is not known yet), or null. */
  inflightBatchId: number | null;
};

/** The details panel: the record plus its JSON blobs (already redacted where they came from Xero). */
export type LedgerRecordDetails = LedgerRecord & {
  sourceSnapshot: unknown;
  lastPayload: unknown;
  lastResponse: unknown;
};

export type UpsertResult = { inserted: number; changed: number; unchanged: number };

export type SyncedInfo = {
  xeroId: string;
  /** The hash of the content that Xero accepted. If it differs from the current wantHash, the record stays pending. */
  sentHash: string;
  xeroUrl?: string | null;
  payload?: unknown;
  response?: unknown;
};

export type FailureInfo = {
  /** true → state `failed` (retried at nextAttemptAt); false → `needs_attention` (waits for the user). */
  retryable: boolean;
  /** Plain words naming the invoice and the fix. Redacted before it is stored. */
  error: string;
  /** Required when retryable. */
  nextAttemptAt?: string | Date | null;
  /** The wantHash that was attempted; if the data changed since, the record goes back to pending. */
  attemptedHash?: string | null;
  payload?: unknown;
  response?: unknown;
};

export type Counts = {
  synced: number;
  pending: number;
  failed: number;
  needsAttention: number;
  /** Records that reached `synced` at or after `todayStart`. */
  syncedToday: number;
};

export const LIST_SORTS = [
  'issueDate',
  'updatedAt',
  'invoiceNumber',
  'patientName',
  'totalCents',
  'state',
] as const;
export type ListSort = (typeof LIST_SORTS)[number];

export type ListQuery = {
  state?: RecordState | readonly RecordState[];
  sourceType?: SourceType | readonly SourceType[];
  /** Invoice number (prefix) or patient name (substring), case- and accent-insensitive. */
  search?: string;
  /** Inclusive `YYYY-MM-DD` bounds on issueDate. */
  from?: string;
  to?: string;
  offset?: number;
  /** 1..1000, default 100. */
  limit?: number;
  sort?: ListSort;
  dir?: 'asc' | 'desc';
};

export type ListResult = { rows: LedgerRecord[]; total: number };

// --- outbox ----------------------------------------------------------------------------------

export type BeginBatch = {
  /** What the call does, e.g. 'invoice', 'contact', 'payment', 'void'. */
  kind: string;
  tenantId: string;
  /** Derived from content by the caller; sent as Xero's Idempotency-Key. */
  idempotencyKey: string;
  recordKeys: readonly RecordKey[];
  payloadHash: string;
};

export type Batch = {
  id: number;
  kind: string;
  tenantId: string;
  idempotencyKey: string;
  payloadHash: string;
  begunAt: string;
  completedAt: string | null;
  resolvedAt: string | null;
  recordKeys: RecordKey[];
};

/** A batch begun but never completed: its records must be looked up in Xero before being resent. */
export type UncertainBatch = Batch & { records: LedgerRecordDetails[] };

export type BatchOutcome = RecordKey &
  (
    | {
        result: 'synced';
        xeroId: string;
        /** Defaults to the record's wantHash when the batch began. */
        sentHash?: string;
        xeroUrl?: string | null;
        payload?: unknown;
        response?: unknown;
      }
    | {
        result: 'failed';
        error: string;
        nextAttemptAt: string | Date;
        payload?: unknown;
        response?: unknown;
      }
    | { result: 'needs_attention'; error: string; payload?: unknown; response?: unknown }
    /** Only for resolveBatch: not found in Xero, send again as soon as possible. */
    | { result: 'pending' }
  );

// --- pauses, events ----------------------------------------------------------------------------

export type Pause = { tenantId: string; until: string; reason: string; setAt: string };

export type EventLevel = 'info' | 'warn' | 'error';

export type NewEvent = {
  level: EventLevel;
  kind: string;
  message: string;
  sourceType?: SourceType | null;
  sourceId?: string | null;
};

export type LedgerEvent = {
  id: number;
  at: string;
  level: EventLevel;
  kind: string;
  message: string;
  sourceType: SourceType | null;
  sourceId: string | null;
};

export type EventsQuery = {
  /** Events with id > sinceId, oldest first (for tailing). Without it: the newest `limit`, oldest first. */
  sinceId?: number;
  /** Only the events of one record (details panel). */
  source?: RecordKey;
  limit?: number;
};
