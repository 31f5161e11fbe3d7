import type { Migration } from './types.js';

/**
 * The sync engine's copy of what it has read from Cliniko (electron/core/cliniko/cache.ts): every
 * record of every stream as parsed JSON, so an invoice can be mapped when only one of its items, or
 * only its patient, changed. It is a cache: losing a row only means reading it again; the ledger's
 * records and cursors stay the source of truth for what was sent.
 */
export const migration: Migration = {
  id: 3,
  name: 'cliniko-cache',
  up(db) {
    db.exec(`
      CREATE TABLE cliniko_cache (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        -- invoice items: their invoice; otherwise NULL
        parent_id TEXT,
        -- patients: the lower-cased contact name, to find patients sharing a name
        name_key TEXT,
        data TEXT NOT NULL,
        PRIMARY KEY (kind, id)
      ) STRICT;
      CREATE INDEX cliniko_cache_parent ON cliniko_cache (kind, parent_id) WHERE parent_id IS NOT NULL;
      CREATE INDEX cliniko_cache_name ON cliniko_cache (kind, name_key) WHERE name_key IS NOT NULL;
    `);
  },
};
