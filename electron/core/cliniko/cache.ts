/**
 * The engine's copy of the Cliniko records it has read (table `cliniko_cache`, ledger migration 003),
 * so an invoice can be mapped when only one of its items or its patient changed, and the Mappings
 * screen can list billable items, products, practitioners and taxes without calling Cliniko.
 *
 * It lives in the ledger's file but on its own connection: the Ledger keeps its database private,
 * and the cache never needs to share a transaction with it. Rows are written right after a page is
 * read, BEFORE the ledger transaction that moves the stream's cursor; a crash in between only means
 * the page is read again. What needs sending is never decided from the cache (see engine.ts): it is
 * decided by comparing against the ledger's records.
 */
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';

export type CacheKind =
  'business' | 'practitioner' | 'patient' | 'tax' | 'billable_item' | 'product' | 'invoice' | 'invoice_item';

export type CacheRow = {
  id: string;
  updatedAt: string;
  parentId?: string | null;
  nameKey?: string | null;
  data: unknown;
};

export class ClinikoCache {
  readonly #db: Db;
  readonly #stmts = new Map<string, Statement>();

  /** `file` is the ledger's file (already migrated by openLedger). */
  constructor(file: string) {
    this.#db = new Database(file);
    this.#db.pragma('busy_timeout = 5000');
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL'); // a cache: a lost row is read again
  }

  #stmt(sql: string): Statement {
    let s = this.#stmts.get(sql);
    if (!s) this.#stmts.set(sql, (s = this.#db.prepare(sql)));
    return s;
  }

  putMany(kind: CacheKind, rows: readonly CacheRow[]): void {
    if (rows.length === 0) return;
    const put = this.#stmt(
      `INSERT INTO cliniko_cache (kind, id, updated_at, parent_id, name_key, data) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, id) DO UPDATE SET updated_at = excluded.updated_at, parent_id = excluded.parent_id,
         name_key = excluded.name_key, data = excluded.data`,
    );
    this.#db.transaction(() => {
      for (const r of rows) {
        put.run(kind, r.id, r.updatedAt, r.parentId ?? null, r.nameKey ?? null, JSON.stringify(r.data));
      }
    })();
  }

  get<T>(kind: CacheKind, id: string): T | null {
    const row = this.#stmt(`SELECT data FROM cliniko_cache WHERE kind = ? AND id = ?`).get(kind, id) as
      { data: string } | undefined;
    return row ? (JSON.parse(row.data) as T) : null;
  }

  /** The stored record's `updated_at`, or null (cheaper than get(): no JSON to parse). */
  updatedAt(kind: CacheKind, id: string): string | null {
    const row = this.#stmt(`SELECT updated_at FROM cliniko_cache WHERE kind = ? AND id = ?`).get(kind, id) as
      { updated_at: string } | undefined;
    return row?.updated_at ?? null;
  }

  all<T>(kind: CacheKind): T[] {
    return (
      this.#stmt(`SELECT data FROM cliniko_cache WHERE kind = ? ORDER BY length(id), id`).all(kind) as {
        data: string;
      }[]
    ).map((r) => JSON.parse(r.data) as T);
  }

  children<T>(kind: CacheKind, parentId: string): T[] {
    return (
      this.#stmt(
        `SELECT data FROM cliniko_cache WHERE kind = ? AND parent_id = ? ORDER BY length(id), id`,
      ).all(kind, parentId) as { data: string }[]
    ).map((r) => JSON.parse(r.data) as T);
  }

  /** IDs of the records of `kind` whose name_key is `nameKey`. */
  idsByName(kind: CacheKind, nameKey: string): string[] {
    return (
      this.#stmt(`SELECT id FROM cliniko_cache WHERE kind = ? AND name_key = ?`).all(kind, nameKey) as {
        id: string;
      }[]
    ).map((r) => r.id);
  }

  /**
   * Invoices by their Cliniko number (payments reports name invoices by number, not id). One scan
   * of the invoices read so far; numbers that match no invoice are absent from the map.
   */
  invoicesByNumber(
    numbers: readonly string[],
  ): Map<string, { id: string; number: string; businessId: string | null }> {
    const wanted = new Set(numbers);
    const out = new Map<string, { id: string; number: string; businessId: string | null }>();
    if (wanted.size === 0) return out;
    const rows = this.#stmt(
      `SELECT id, json_extract(data, '$.number') AS number, json_extract(data, '$.businessId') AS business_id
       FROM cliniko_cache WHERE kind = 'invoice'`,
    ).all() as { id: string; number: string | null; business_id: string | null }[];
    for (const r of rows) {
      if (r.number !== null && wanted.has(r.number))
        out.set(r.number, { id: r.id, number: r.number, businessId: r.business_id });
    }
    return out;
  }

  /** IDs of the cached invoices issued on or after `since` (YYYY-MM-DD), without parsing them. */
  invoiceIdsIssuedFrom(since: string): string[] {
    return (
      this.#stmt(
        `SELECT id FROM cliniko_cache WHERE kind = 'invoice' AND json_extract(data, '$.issueDate') >= ?
         ORDER BY length(id), id`,
      ).all(since) as { id: string }[]
    ).map((r) => r.id);
  }

  /** The paid invoices read so far, only the fields that date their payment. */
  paidInvoices(): { closedAt: string | null; businessId: string | null; issueDate: string }[] {
    return this.#stmt(
      `SELECT json_extract(data, '$.closedAt') AS closedAt, json_extract(data, '$.businessId') AS businessId,
              json_extract(data, '$.issueDate') AS issueDate
       FROM cliniko_cache WHERE kind = 'invoice' AND json_extract(data, '$.status') = 20`,
    ).all() as { closedAt: string | null; businessId: string | null; issueDate: string }[];
  }

  /**
   * Invoices issued between two local days, or closed within a few days of them (a reconciliation's
   * candidates: the caller turns closed_at into the business's local day and filters exactly).
   */
  invoicesForDays<T>(fromDay: string, toDay: string, closedFromDay: string, closedToDay: string): T[] {
    return (
      this.#stmt(
        `SELECT data FROM cliniko_cache WHERE kind = 'invoice' AND (
           json_extract(data, '$.issueDate') BETWEEN ? AND ?
           OR substr(json_extract(data, '$.closedAt'), 1, 10) BETWEEN ? AND ?)
         ORDER BY length(id), id`,
      ).all(fromDay, toDay, closedFromDay, closedToDay) as { data: string }[]
    ).map((r) => JSON.parse(r.data) as T);
  }

  count(kind: CacheKind): number {
    return (this.#stmt(`SELECT count(*) AS n FROM cliniko_cache WHERE kind = ?`).get(kind) as { n: number })
      .n;
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
