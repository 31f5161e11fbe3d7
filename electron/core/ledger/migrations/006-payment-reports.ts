import type { Migration } from './types.js';

/**
 * Payments as Cliniko's payments report says they happened (the API has no payments endpoint). An
 * import replaces, for the local days its file covers, what earlier imports said; the rows are the
 * source of truth for report and daily-batch payment modes, so they live in the ledger's file with
 * its durability, not in the cache. `report_touches` lists, per import, the invoices and (day, type)
 * pairs whose rows were added or removed: the planner re-plans only those.
 */
export const migration: Migration = {
  id: 6,
  name: 'payment-reports',
  up(db) {
    db.exec(`
      CREATE TABLE payment_imports (
        id INTEGER PRIMARY KEY,
        imported_at TEXT NOT NULL,
        file_name TEXT NOT NULL,
        first_day TEXT,
        last_day TEXT,
        rows INTEGER NOT NULL,
        accepted INTEGER NOT NULL,
        refused INTEGER NOT NULL,
        added INTEGER NOT NULL,
        removed INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE report_payments (
        id INTEGER PRIMARY KEY,
        day TEXT NOT NULL,
        paid_at TEXT NOT NULL,
        invoice_id TEXT NOT NULL,
        invoice_number TEXT NOT NULL,
        payment_type TEXT NOT NULL,
        amount_cents INTEGER NOT NULL,
        import_id INTEGER NOT NULL REFERENCES payment_imports (id),
        line INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX report_payments_day ON report_payments (day, payment_type);
      CREATE INDEX report_payments_invoice ON report_payments (invoice_id);
      CREATE TABLE report_touches (
        import_id INTEGER NOT NULL REFERENCES payment_imports (id),
        invoice_id TEXT NOT NULL,
        day TEXT NOT NULL,
        payment_type TEXT NOT NULL,
        PRIMARY KEY (import_id, invoice_id, day, payment_type)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
