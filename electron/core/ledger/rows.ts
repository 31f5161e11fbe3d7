/** SQL row shapes and their conversion to the public types. */
import type {
  Batch,
  ErrorKind,
  EventLevel,
  LedgerEvent,
  LedgerRecord,
  LedgerRecordDetails,
  RecordState,
  SourceType,
} from './types.js';

export const RECORD_COLUMNS = `r.id, r.source_type, r.source_id, r.tenant_id, r.invoice_number, r.xero_id, r.sent_hash,
  r.want_hash, r.state, r.attempts, r.next_attempt_at, r.last_error, r.error_kind, r.first_tried_at,
  r.last_tried_at, r.synced_at, r.created_at, r.updated_at, r.patient_name, r.issue_date, r.total_cents,
  r.xero_url, r.source_url, r.inflight_batch_id`;

export const DETAIL_COLUMNS = `d.source_snapshot, d.last_payload, d.last_response`;

export type RecordRow = {
  id: number;
  source_type: SourceType;
  source_id: string;
  tenant_id: string;
  invoice_number: string | null;
  xero_id: string | null;
  sent_hash: string | null;
  want_hash: string;
  state: RecordState;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  error_kind: ErrorKind | null;
  first_tried_at: string | null;
  last_tried_at: string | null;
  synced_at: string | null;
  created_at: string;
  updated_at: string;
  patient_name: string | null;
  issue_date: string | null;
  total_cents: number | null;
  xero_url: string | null;
  source_url: string | null;
  inflight_batch_id: number | null;
};

export type DetailRow = RecordRow & {
  source_snapshot: string | null;
  last_payload: string | null;
  last_response: string | null;
};

export function toRecord(r: RecordRow): LedgerRecord {
  return {
    id: r.id,
    sourceType: r.source_type,
    sourceId: r.source_id,
    tenantId: r.tenant_id,
    invoiceNumber: r.invoice_number,
    xeroId: r.xero_id,
    sentHash: r.sent_hash,
    wantHash: r.want_hash,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    errorKind: r.error_kind,
    firstTriedAt: r.first_tried_at,
    lastTriedAt: r.last_tried_at,
    syncedAt: r.synced_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    patientName: r.patient_name,
    issueDate: r.issue_date,
    totalCents: r.total_cents,
    xeroUrl: r.xero_url,
    sourceUrl: r.source_url,
    inflightBatchId: r.inflight_batch_id,
  };
}

export function toDetails(r: DetailRow): LedgerRecordDetails {
  return {
    ...toRecord(r),
    sourceSnapshot: parseJson(r.source_snapshot),
    lastPayload: parseJson(r.last_payload),
    lastResponse: parseJson(r.last_response),
  };
}

export function toJson(value: unknown): string | null {
  if (value === undefined) return null;
  return JSON.stringify(value) ?? null;
}

export function parseJson(text: string | null): unknown {
  if (text === null) return null;
  return JSON.parse(text) as unknown;
}

export type BatchRow = {
  id: number;
  kind: string;
  tenant_id: string;
  idempotency_key: string;
  payload_hash: string;
  begun_at: string;
  completed_at: string | null;
  resolved_at: string | null;
};

export function toBatch(b: BatchRow, recordKeys: Batch['recordKeys']): Batch {
  return {
    id: b.id,
    kind: b.kind,
    tenantId: b.tenant_id,
    idempotencyKey: b.idempotency_key,
    payloadHash: b.payload_hash,
    begunAt: b.begun_at,
    completedAt: b.completed_at,
    resolvedAt: b.resolved_at,
    recordKeys,
  };
}

export type EventRow = {
  id: number;
  at: string;
  level: EventLevel;
  kind: string;
  message: string;
  source_type: SourceType | null;
  source_id: string | null;
};

export function toEvent(e: EventRow): LedgerEvent {
  return {
    id: e.id,
    at: e.at,
    level: e.level,
    kind: e.kind,
    message: e.message,
    sourceType: e.source_type,
    sourceId: e.source_id,
  };
}

/** Lower-case, accent-free text for the search column and the search term. */
export function foldForSearch(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}
