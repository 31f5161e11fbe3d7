import type { Migration } from './types.js';

/**
 * Issue 15 (decision 020). Progress and the ETA asked `counts()` before every batch, which counted
 * every record by state: the cost grew with the backlog. `record_counts` holds those totals, kept
 * by triggers in the same transaction as the change, so it can never drift from `records` (another
 * process writing the same file, a rollback, a crash) and reading it costs the same at 100 or
 * 100,000 records.
 *
 * Indexes, reviewed with EXPLAIN QUERY PLAN over every statement the ledger runs
 * (query-plans.test.ts): each index on `records` was chosen by some statement, and every state change
 * of a backfill updates each index that holds a changed column. Two were only there for a query that
 * another index serves as well, so they go:
 * - `records_number` (findByInvoiceNumber): `records_number_sort` starts with length(invoice_number)
 *   and then invoice_number, so an equality on both finds the same rows.
 * - `records_state_synced` (syncedToday): a synced record's updated_at is never before its synced_at,
 *   so `state = 'synced' AND updated_at >= T AND synced_at >= T` ranges over `records_state_updated`.
 * Partial indexes (only pending/failed rows in `records_due`) were tried and rejected: without
 * ANALYZE statistics SQLite prefers the full (state, …) indexes over them.
 */
export const migration: Migration = {
  id: 7,
  name: 'record-counts',
  up(db) {
    db.exec(`
      CREATE TABLE record_counts (
        source_type TEXT NOT NULL,
        state TEXT NOT NULL,
        n INTEGER NOT NULL CHECK (n >= 0),
        PRIMARY KEY (source_type, state)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO record_counts (source_type, state, n)
        SELECT t.value, s.value, 0
        FROM json_each('["invoice","contact","payment","creditnote"]') t
        CROSS JOIN json_each('["pending","synced","failed","needs_attention"]') s;
      UPDATE record_counts SET n = (
        SELECT count(*) FROM records r
        WHERE r.source_type = record_counts.source_type AND r.state = record_counts.state
      );

      CREATE TRIGGER record_counts_insert AFTER INSERT ON records BEGIN
        UPDATE record_counts SET n = n + 1 WHERE source_type = new.source_type AND state = new.state;
      END;
      CREATE TRIGGER record_counts_delete AFTER DELETE ON records BEGIN
        UPDATE record_counts SET n = n - 1 WHERE source_type = old.source_type AND state = old.state;
      END;
      CREATE TRIGGER record_counts_update AFTER UPDATE OF state, source_type ON records
        WHEN old.state IS NOT new.state OR old.source_type IS NOT new.source_type BEGIN
        UPDATE record_counts SET n = n - 1 WHERE source_type = old.source_type AND state = old.state;
        UPDATE record_counts SET n = n + 1 WHERE source_type = new.source_type AND state = new.state;
      END;

      DROP INDEX records_number;
      DROP INDEX records_state_synced;
    `);
  },
};
