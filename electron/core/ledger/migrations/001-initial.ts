import type { Migration } from './types.js';

/**
 * Records are kept narrow (the sync-log grid scans and sorts them); the JSON blobs for the details
 * panel live in record_details, one row per record.
 */
export const migration: Migration = {
  id: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        source_type TEXT NOT NULL CHECK (source_type IN ('invoice', 'contact', 'payment', 'creditnote')),
        source_id TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        invoice_number TEXT,
        xero_id TEXT,
        sent_hash TEXT,
        want_hash TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'synced', 'failed', 'needs_attention')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at TEXT,
        last_error TEXT,
        error_kind TEXT CHECK (error_kind IN ('retryable', 'validation')),
        first_tried_at TEXT,
        last_tried_at TEXT,
        synced_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        patient_name TEXT,
        issue_date TEXT,
        total_cents INTEGER,
        xero_url TEXT,
        source_url TEXT,
        search_text TEXT NOT NULL DEFAULT '',
        inflight_batch_id INTEGER REFERENCES batches (id),
        inflight_hash TEXT,
        UNIQUE (source_type, source_id),
        CHECK (state <> 'failed' OR next_attempt_at IS NOT NULL),
        -- synced means Xero holds exactly what we want
        CHECK (state <> 'synced' OR (sent_hash IS NOT NULL AND sent_hash = want_hash))
      ) STRICT;

      CREATE TABLE record_details (
        record_id INTEGER PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
        source_snapshot TEXT,
        last_payload TEXT,
        last_response TEXT
      ) STRICT;

      CREATE INDEX records_due ON records (source_type, state, next_attempt_at, id);
      CREATE INDEX records_state_issue ON records (state, issue_date, id);
      CREATE INDEX records_issue ON records (issue_date, id);
      CREATE INDEX records_updated ON records (updated_at, id);
      CREATE INDEX records_state_updated ON records (state, updated_at, id);
      CREATE INDEX records_number ON records (invoice_number);
      CREATE INDEX records_number_sort ON records (length(invoice_number), invoice_number, id);
      CREATE INDEX records_patient ON records (patient_name COLLATE NOCASE, id);
      CREATE INDEX records_total ON records (total_cents, id);
      CREATE INDEX records_synced_at ON records (synced_at) WHERE state = 'synced';
      CREATE INDEX records_inflight ON records (inflight_batch_id) WHERE inflight_batch_id IS NOT NULL;

      CREATE TABLE batches (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        payload_hash TEXT NOT NULL,
        begun_at TEXT NOT NULL,
        completed_at TEXT,
        resolved_at TEXT
      ) STRICT;
      -- Two open batches may never carry the same key.
      CREATE UNIQUE INDEX batches_open_key ON batches (idempotency_key)
        WHERE completed_at IS NULL AND resolved_at IS NULL;
      CREATE INDEX batches_key ON batches (idempotency_key);
      CREATE INDEX batches_open ON batches (begun_at) WHERE completed_at IS NULL AND resolved_at IS NULL;

      CREATE TABLE batch_items (
        batch_id INTEGER NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        record_id INTEGER NOT NULL REFERENCES records (id),
        PRIMARY KEY (batch_id, position)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX batch_items_record ON batch_items (record_id);

      CREATE TABLE cursors (
        stream TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE pauses (
        tenant_id TEXT PRIMARY KEY,
        until TEXT NOT NULL,
        reason TEXT NOT NULL,
        set_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        level TEXT NOT NULL CHECK (level IN ('info', 'warn', 'error')),
        kind TEXT NOT NULL,
        message TEXT NOT NULL,
        source_type TEXT,
        source_id TEXT
      ) STRICT;
      CREATE INDEX events_source ON events (source_type, source_id, id) WHERE source_id IS NOT NULL;

      CREATE TABLE kv (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
