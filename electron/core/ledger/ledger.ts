/**
 * The ledger: the source of truth for "what did we send to Xero". SQLite via better-sqlite3, WAL,
 * synchronous=FULL (see README.md for why), foreign keys on. Every mutation runs in a transaction;
 * `tx(fn)` lets the caller group several (queue records + advance the cursor) atomically.
 *
 * better-sqlite3 is synchronous: one Ledger per process, owned by the sync loop's process.
 */
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import { migrations as allMigrations } from './migrations/index.js';
import type { Migration } from './migrations/types.js';
import { runMigrations } from './migrate.js';
import { privateSqliteFile } from '../private-files.js';
import { redact, redactMessage } from '../secrets/redact.js';
import {
  DETAIL_COLUMNS,
  RECORD_COLUMNS,
  foldForSearch,
  toBatch,
  toDetails,
  toEvent,
  toJson,
  toRecord,
  parseJson,
} from './rows.js';
import type { BatchRow, DetailRow, EventRow, RecordRow } from './rows.js';
import { LIST_SORTS, RECORD_STATES, SOURCE_TYPES } from './types.js';
import type {
  Batch,
  BatchOutcome,
  BeginBatch,
  Counts,
  EventsQuery,
  FailureInfo,
  LedgerEvent,
  LedgerRecord,
  LedgerRecordDetails,
  ListQuery,
  ListResult,
  NewEvent,
  Pause,
  RecordKey,
  SourceType,
  SyncedInfo,
  UncertainBatch,
  UpsertResult,
  WantedRecord,
} from './types.js';

export type LedgerOptions = {
  /** Injected clock (tests, the core's Clock port). Default: the system clock. */
  clock?: { now(): Date };
  /** Events kept; older ones are pruned as new ones arrive. Default 20,000. */
  maxEvents?: number;
  /** How long to wait for a lock held by another connection. Default 5,000 ms. */
  busyTimeoutMs?: number;
  /** For tests of the migration check only. */
  migrations?: readonly Migration[];
  /** Told every statement run, with its parameters (query-plan review: query-plans.test.ts). */
  onQuery?: (sql: string, params: readonly unknown[]) => void;
};

/** Opens (creating if needed) and migrates the ledger. `':memory:'` gives a private in-memory one. */
export function openLedger(file: string, options: LedgerOptions = {}): Ledger {
  return new Ledger(file, options);
}

type TimeInput = string | Date;

/** The statement, telling `onQuery` about each run/get/all/iterate before it runs. */
function traced(
  s: Statement,
  sql: string,
  onQuery: (sql: string, params: readonly unknown[]) => void,
): Statement {
  return new Proxy(s, {
    get(target, prop, receiver) {
      const v: unknown = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function') return v;
      if (prop === 'run' || prop === 'get' || prop === 'all' || prop === 'iterate') {
        return (...params: unknown[]) => {
          onQuery(sql, params);
          return (v as (...a: unknown[]) => unknown).apply(target, params);
        };
      }
      return (v as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function iso(t: TimeInput): string {
  const d = typeof t === 'string' ? new Date(t) : t;
  if (Number.isNaN(d.getTime())) throw new Error(`ledger: not a valid time: ${String(t)}`);
  return d.toISOString();
}

function keyOf(k: RecordKey): string {
  return `${k.sourceType}:${k.sourceId}`;
}

function checkKey(k: RecordKey): void {
  if (!(SOURCE_TYPES as readonly string[]).includes(k.sourceType)) {
    throw new Error(`ledger: unknown sourceType ${JSON.stringify(k.sourceType)}`);
  }
  if (typeof k.sourceId !== 'string' || k.sourceId === '') {
    throw new Error('ledger: sourceId must be a non-empty string');
  }
}

/** A record's mutable sync state, read, changed in JS and written back by one statement. */
type StateFields = Pick<
  RecordRow,
  | 'want_hash'
  | 'tenant_id'
  | 'state'
  | 'attempts'
  | 'next_attempt_at'
  | 'last_error'
  | 'error_kind'
  | 'xero_id'
  | 'sent_hash'
  | 'xero_url'
  | 'synced_at'
  | 'first_tried_at'
  | 'last_tried_at'
  | 'inflight_batch_id'
> & { inflight_hash: string | null };

type StoredRecord = RecordRow & { inflight_hash: string | null; search_text?: string };

const STATE_COLUMNS = [
  'want_hash',
  'tenant_id',
  'state',
  'attempts',
  'next_attempt_at',
  'last_error',
  'error_kind',
  'xero_id',
  'sent_hash',
  'xero_url',
  'synced_at',
  'first_tried_at',
  'last_tried_at',
  'inflight_batch_id',
  'inflight_hash',
] as const satisfies readonly (keyof StateFields)[];

export class Ledger {
  readonly file: string;
  readonly #db: Db;
  readonly #now: () => Date;
  readonly #maxEvents: number;
  readonly #stmts = new Map<string, Statement>();
  readonly #onQuery: LedgerOptions['onQuery'];

  constructor(file: string, options: LedgerOptions = {}) {
    this.file = file;
    const clock = options.clock;
    this.#now = clock ? () => clock.now() : () => new Date();
    this.#maxEvents = options.maxEvents ?? 20_000;
    privateSqliteFile(file);
    this.#onQuery = options.onQuery;
    const db = new Database(file);
    try {
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
      if (file !== ':memory:' && file !== '') {
        const mode = db.pragma('journal_mode = WAL', { simple: true });
        if (String(mode).toLowerCase() !== 'wal')
          throw new Error(`ledger: could not enable WAL (got ${mode})`);
      }
      // FULL: the WAL is fsynced at every commit, so a committed write intent survives a power cut
      // or OS crash, not only an app crash (NORMAL may lose the last commits then). See README.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      if (db.pragma('foreign_keys', { simple: true }) !== 1)
        throw new Error('ledger: foreign keys unavailable');
      runMigrations(db, options.migrations ?? allMigrations, this.#now);
    } catch (e) {
      db.close();
      throw e;
    }
    this.#db = db;
  }

  // --- plumbing ------------------------------------------------------------------------------

  #stmt(sql: string): Statement {
    let s = this.#stmts.get(sql);
    if (!s) {
      s = this.#db.prepare(sql);
      if (this.#onQuery) s = traced(s, sql, this.#onQuery);
      this.#stmts.set(sql, s);
    }
    return s;
  }

  #nowIso(): string {
    return this.#now().toISOString();
  }

  /**
   * Runs `fn` in one transaction: all of its ledger writes commit together or not at all (a throw
   * rolls everything back). Nested calls become savepoints. `fn` must be synchronous.
   */
  tx<T>(fn: () => T): T {
    return this.#db.transaction(() => {
      const result = fn();
      if (result && typeof (result as { then?: unknown }).then === 'function') {
        throw new Error('ledger.tx(fn): fn must be synchronous (a transaction cannot span an await)');
      }
      return result;
    })();
  }

  /** The connection's durability settings (for diagnostics and tests). synchronous: 2 = FULL. */
  pragmas(): { journalMode: string; synchronous: number; foreignKeys: number; busyTimeout: number } {
    const get = (name: string) => this.#db.pragma(name, { simple: true });
    return {
      journalMode: String(get('journal_mode')),
      synchronous: Number(get('synchronous')),
      foreignKeys: Number(get('foreign_keys')),
      busyTimeout: Number(get('busy_timeout')),
    };
  }

  get inTransaction(): boolean {
    return this.#db.inTransaction;
  }

  close(): void {
    if (!this.#db.open) return;
    try {
      this.#db.pragma('optimize');
    } finally {
      this.#db.close();
    }
  }

  #row(k: RecordKey): StoredRecord | undefined {
    checkKey(k);
    return this.#stmt(
      `SELECT ${RECORD_COLUMNS}, r.inflight_hash, r.search_text FROM records r WHERE r.source_type = ? AND r.source_id = ?`,
    ).get(k.sourceType, k.sourceId) as StoredRecord | undefined;
  }

  #mustRow(k: RecordKey): StoredRecord {
    const row = this.#row(k);
    if (!row) throw new Error(`ledger: no record ${keyOf(k)}`);
    return row;
  }

  /**
   * Writes the state columns that differ from `old` (and updated_at). SQLite updates every index
   * holding a column named in SET, changed or not, so naming only the changed ones keeps a state
   * change from touching indexes it does not concern (decision 020).
   */
  #writeState(old: StoredRecord, f: StateFields): void {
    const changed = STATE_COLUMNS.filter((c) => f[c] !== old[c]);
    let updatedAt = this.#nowIso();
    // syncedToday ranges over (state, updated_at): a synced record's updated_at is never before its
    // synced_at, even if the clock went back.
    if (f.state === 'synced' && f.synced_at !== null && f.synced_at > updatedAt) updatedAt = f.synced_at;
    const sql = `UPDATE records SET ${changed.map((c) => `${c} = @${c}, `).join('')}updated_at = @updated_at WHERE id = @id`;
    const params: Record<string, unknown> = { id: old.id, updated_at: updatedAt };
    for (const c of changed) params[c] = f[c];
    this.#stmt(sql).run(params);
  }

  #writeDetails(id: number, payload: unknown, response: unknown): void {
    if (payload !== undefined && response !== undefined) {
      this.#stmt(`UPDATE record_details SET last_payload = ?, last_response = ? WHERE record_id = ?`).run(
        toJson(redact(payload)),
        toJson(redact(response)),
        id,
      );
    } else if (payload !== undefined) {
      this.#stmt(`UPDATE record_details SET last_payload = ? WHERE record_id = ?`).run(
        toJson(redact(payload)),
        id,
      );
    } else if (response !== undefined) {
      this.#stmt(`UPDATE record_details SET last_response = ? WHERE record_id = ?`).run(
        toJson(redact(response)),
        id,
      );
    }
  }

  // --- records -------------------------------------------------------------------------------

  /**
   * Records what Xero should contain now. New → pending. Changed wantHash → pending (attempts and
   * errors reset; whatever state it was in, needs_attention included), or synced if the change
   * reverted to what Xero already has. Unchanged wantHash → state kept (re-reading an overlap
   * window is a no-op; a failing record keeps its backoff). Snapshot and display fields are always
   * refreshed. A different tenantId means the record is not in that organisation yet: it is
   * treated as never sent.
   */
  upsertWanted(records: readonly WantedRecord[]): UpsertResult {
    const result: UpsertResult = { inserted: 0, changed: 0, unchanged: 0 };
    this.tx(() => {
      const now = this.#nowIso();
      const seen = new Set<string>();
      for (const w of records) {
        checkKey(w);
        if (!w.tenantId) throw new Error(`ledger: ${keyOf(w)} has no tenantId`);
        if (!w.wantHash) throw new Error(`ledger: ${keyOf(w)} has no wantHash`);
        if (w.issueDate != null && !ISO_DATE.test(w.issueDate)) {
          throw new Error(`ledger: ${keyOf(w)} issueDate must be YYYY-MM-DD, got ${w.issueDate}`);
        }
        if (w.totalCents != null && !Number.isSafeInteger(w.totalCents)) {
          throw new Error(`ledger: ${keyOf(w)} totalCents must be an integer number of cents`);
        }
        if (seen.has(keyOf(w))) throw new Error(`ledger: ${keyOf(w)} appears twice in one upsert`);
        seen.add(keyOf(w));
        const display = {
          invoice_number: w.invoiceNumber ?? null,
          patient_name: w.patientName ?? null,
          issue_date: w.issueDate ?? null,
          total_cents: w.totalCents ?? null,
          source_url: w.sourceUrl ?? null,
          search_text: foldForSearch(`${w.invoiceNumber ?? ''} ${w.patientName ?? ''}`),
        };
        const snapshot = toJson(w.sourceSnapshot);
        const old = this.#row(w);
        if (!old) {
          const info = this.#stmt(
            `INSERT INTO records (source_type, source_id, tenant_id, want_hash, state, attempts, created_at,
               updated_at, invoice_number, patient_name, issue_date, total_cents, source_url, search_text)
             VALUES (@source_type, @source_id, @tenant_id, @want_hash, 'pending', 0, @now, @now,
               @invoice_number, @patient_name, @issue_date, @total_cents, @source_url, @search_text)`,
          ).run({
            source_type: w.sourceType,
            source_id: w.sourceId,
            tenant_id: w.tenantId,
            want_hash: w.wantHash,
            now,
            ...display,
          });
          this.#stmt(`INSERT INTO record_details (record_id, source_snapshot) VALUES (?, ?)`).run(
            info.lastInsertRowid,
            snapshot,
          );
          result.inserted++;
          continue;
        }
        // Only when they differ: the display columns sit in eight of the log's indexes, and an
        // overlap re-read or a backfill's re-plan would otherwise rewrite all of them for nothing.
        if (
          old.invoice_number !== display.invoice_number ||
          old.patient_name !== display.patient_name ||
          old.issue_date !== display.issue_date ||
          old.total_cents !== display.total_cents ||
          old.source_url !== display.source_url ||
          old.search_text !== display.search_text
        ) {
          this.#stmt(
            `UPDATE records SET invoice_number = @invoice_number, patient_name = @patient_name,
               issue_date = @issue_date, total_cents = @total_cents, source_url = @source_url,
               search_text = @search_text WHERE id = @id`,
          ).run({ id: old.id, ...display });
        }
        this.#stmt(`UPDATE record_details SET source_snapshot = ? WHERE record_id = ?`).run(snapshot, old.id);
        const tenantChanged = old.tenant_id !== w.tenantId;
        if (!tenantChanged && old.want_hash === w.wantHash) {
          result.unchanged++;
          continue;
        }
        const sentHash = tenantChanged ? null : old.sent_hash;
        const state = sentHash !== null && sentHash === w.wantHash ? 'synced' : 'pending';
        this.#writeState(old, {
          ...old,
          want_hash: w.wantHash,
          tenant_id: w.tenantId,
          state,
          attempts: 0,
          next_attempt_at: null,
          last_error: null,
          error_kind: null,
          sent_hash: sentHash,
          xero_id: tenantChanged ? null : old.xero_id,
          xero_url: tenantChanged ? null : old.xero_url,
        });
        result.changed++;
      }
    });
    return result;
  }

  /**
   * Records of one kind to send now: `pending` ones first (in the order they were queued), then
   * `failed` ones whose nextAttemptAt has come, oldest first — so a record that keeps failing is
   * pushed back by its own backoff and never starves the others. Records inside an open batch
   * (outcome unknown) are never returned: reconcile them through uncertainBatches() first.
   */
  nextDue(kind: SourceType, now: TimeInput, limit: number): LedgerRecordDetails[] {
    checkKey({ sourceType: kind, sourceId: '-' });
    const max = Math.max(0, Math.floor(limit));
    if (max === 0) return [];
    const base = `SELECT ${RECORD_COLUMNS}, ${DETAIL_COLUMNS} FROM records r
      JOIN record_details d ON d.record_id = r.id
      WHERE r.source_type = ? AND r.inflight_batch_id IS NULL`;
    const pending = this.#stmt(
      `${base} AND r.state = 'pending' ORDER BY r.next_attempt_at, r.id LIMIT ?`,
    ).all(kind, max) as DetailRow[];
    const rest = max - pending.length;
    const failed =
      rest > 0
        ? (this.#stmt(
            `${base} AND r.state = 'failed' AND r.next_attempt_at <= ? ORDER BY r.next_attempt_at, r.id LIMIT ?`,
          ).all(kind, iso(now), rest) as DetailRow[])
        : [];
    return [...pending, ...failed].map(toDetails);
  }

  /**
   * The due records of one kind in nextDue's order, as ids only (no JSON, no details): a backlog of
   * 100,000 is listed in one cheap query and then read in windows (dueWindows, dueDetails).
   */
  dueKeys(kind: SourceType, now: TimeInput): { id: number; sourceId: string }[] {
    checkKey({ sourceType: kind, sourceId: '-' });
    const base = `SELECT r.id, r.source_id AS sourceId FROM records r
      WHERE r.source_type = ? AND r.inflight_batch_id IS NULL`;
    const pending = this.#stmt(`${base} AND r.state = 'pending' ORDER BY r.next_attempt_at, r.id`).all(kind);
    const failed = this.#stmt(
      `${base} AND r.state = 'failed' AND r.next_attempt_at <= ? ORDER BY r.next_attempt_at, r.id`,
    ).all(kind, iso(now));
    return [...pending, ...failed] as { id: number; sourceId: string }[];
  }

  /**
   * Details of the records with these ids that are still due at `now` (pending, or failed with
   * nextAttemptAt reached, and not in an open batch), in the order given. A record that moved
   * since its id was listed (sent, failed again, put in flight) is left out.
   */
  dueDetails(ids: readonly number[], now: TimeInput): LedgerRecordDetails[] {
    if (ids.length === 0) return [];
    if (!ids.every((i) => Number.isSafeInteger(i)))
      throw new Error('ledger.dueDetails: ids must be integers');
    // One primary-key lookup per id: a join with json_each is planned from the table statistics, and
    // statistics gathered while the table was nearly empty (the steady sync's `pragma optimize`
    // before a backfill) made SQLite scan every record for each id.
    const one = this.#stmt(
      `SELECT ${RECORD_COLUMNS}, ${DETAIL_COLUMNS} FROM records r JOIN record_details d ON d.record_id = r.id
       WHERE r.id = ? AND r.inflight_batch_id IS NULL
         AND (r.state = 'pending' OR (r.state = 'failed' AND r.next_attempt_at <= ?))`,
    );
    const at = iso(now);
    const out: LedgerRecordDetails[] = [];
    for (const id of ids) {
      const row = one.get(id, at) as DetailRow | undefined;
      if (row) out.push(toDetails(row));
    }
    return out;
  }

  /**
   * nextDue's records, all of them, `size` at a time: the ids are listed once (dueKeys), the
   * details of one window are read when the caller asks for it (so at most `size` parsed records
   * are held), and records that stopped being due meanwhile are skipped. Never holds a statement
   * open between windows: the caller may await between them.
   */
  *dueWindows(kind: SourceType, now: TimeInput, size = 1000): Generator<LedgerRecordDetails[]> {
    const n = Math.max(1, Math.floor(size));
    const ids = this.dueKeys(kind, now).map((k) => k.id);
    for (let i = 0; i < ids.length; i += n) {
      const window = this.dueDetails(ids.slice(i, i + n), now);
      if (window.length > 0) yield window;
    }
  }

  /** Whether the ledger has this record (no details read). */
  has(sourceType: SourceType, sourceId: string): boolean {
    checkKey({ sourceType, sourceId });
    return (
      this.#stmt(`SELECT 1 FROM records WHERE source_type = ? AND source_id = ?`).get(
        sourceType,
        sourceId,
      ) !== undefined
    );
  }

  /**
   * Xero accepted `info.sentHash` for this record. The record becomes synced — or stays pending if
   * its data changed while the call was in flight (wantHash ≠ sentHash).
   */
  markSynced(key: RecordKey, info: SyncedInfo): LedgerRecord {
    return this.tx(() => {
      const row = this.#mustRow(key);
      this.#applySynced(row, info);
      return this.#reload(row.id);
    });
  }

  /**
   * A failed attempt. retryable → `failed` until nextAttemptAt; otherwise → `needs_attention`
   * (errorKind 'validation'). If `attemptedHash` is given and the data changed since, the record
   * goes back to pending instead (the new data deserves its own attempt).
   */
  markFailed(key: RecordKey, info: FailureInfo): LedgerRecord {
    return this.tx(() => {
      const row = this.#mustRow(key);
      this.#applyFailure(row, info);
      return this.#reload(row.id);
    });
  }

  /** A failure only the user can fix (mapping, lock date, archived contact…). */
  markNeedsAttention(
    key: RecordKey,
    info: { error: string; attemptedHash?: string | null; payload?: unknown; response?: unknown },
  ): LedgerRecord {
    return this.markFailed(key, { ...info, retryable: false });
  }

  #applySynced(row: StoredRecord, info: SyncedInfo): void {
    if (!info.xeroId) throw new Error(`ledger: markSynced ${keyOf(toRecord(row))} without xeroId`);
    if (!info.sentHash) throw new Error(`ledger: markSynced ${keyOf(toRecord(row))} without sentHash`);
    const now = this.#nowIso();
    const current = row.want_hash === info.sentHash;
    this.#writeState(row, {
      ...row,
      state: current ? 'synced' : 'pending',
      attempts: 0,
      next_attempt_at: null,
      last_error: null,
      error_kind: null,
      xero_id: info.xeroId,
      sent_hash: info.sentHash,
      xero_url: info.xeroUrl === undefined ? row.xero_url : info.xeroUrl,
      synced_at: now,
      first_tried_at: row.first_tried_at ?? now,
      last_tried_at: now,
      inflight_batch_id: null,
      inflight_hash: null,
    });
    this.#writeDetails(row.id, info.payload, info.response);
  }

  #applyFailure(row: StoredRecord, info: FailureInfo): void {
    const now = this.#nowIso();
    const error = redactMessage(info.error);
    const dataChanged = info.attemptedHash != null && info.attemptedHash !== row.want_hash;
    let next: string | null = null;
    if (info.retryable) {
      if (info.nextAttemptAt == null) throw new Error('ledger: a retryable failure needs nextAttemptAt');
      next = iso(info.nextAttemptAt);
    }
    this.#writeState(row, {
      ...row,
      state: dataChanged ? 'pending' : info.retryable ? 'failed' : 'needs_attention',
      attempts: dataChanged ? 0 : row.attempts + 1,
      next_attempt_at: dataChanged ? null : next,
      last_error: error,
      error_kind: dataChanged ? null : info.retryable ? 'retryable' : 'validation',
      first_tried_at: row.first_tried_at ?? now,
      last_tried_at: now,
      inflight_batch_id: null,
      inflight_hash: null,
    });
    this.#writeDetails(row.id, info.payload, info.response);
  }

  #reload(id: number): LedgerRecord {
    const row = this.#stmt(`SELECT ${RECORD_COLUMNS} FROM records r WHERE r.id = ?`).get(id) as
      RecordRow | undefined;
    if (!row) throw new Error(`ledger: record ${id} vanished`);
    return toRecord(row);
  }

  /**
   * "Retry" / "Retry all failed": failed and needs_attention records (by id, or all) go back to
   * pending with attempts reset. lastError is kept until the next outcome. Returns how many moved.
   */
  requeue(ids: readonly number[] | 'all'): number {
    const set = `SET state = 'pending', attempts = 0, next_attempt_at = NULL, error_kind = NULL, updated_at = ?`;
    const where = `state IN ('failed', 'needs_attention')`;
    if (ids === 'all') return this.#stmt(`UPDATE records ${set} WHERE ${where}`).run(this.#nowIso()).changes;
    if (!ids.every((i) => Number.isSafeInteger(i))) throw new Error('ledger.requeue: ids must be integers');
    return this.#stmt(`UPDATE records ${set} WHERE ${where} AND id IN (SELECT value FROM json_each(?))`).run(
      this.#nowIso(),
      JSON.stringify(ids),
    ).changes;
  }

  get(sourceType: SourceType, sourceId: string): LedgerRecordDetails | null {
    checkKey({ sourceType, sourceId });
    const row = this.#stmt(
      `SELECT ${RECORD_COLUMNS}, ${DETAIL_COLUMNS} FROM records r JOIN record_details d ON d.record_id = r.id
       WHERE r.source_type = ? AND r.source_id = ?`,
    ).get(sourceType, sourceId) as DetailRow | undefined;
    return row ? toDetails(row) : null;
  }

  getById(id: number): LedgerRecordDetails | null {
    const row = this.#stmt(
      `SELECT ${RECORD_COLUMNS}, ${DETAIL_COLUMNS} FROM records r JOIN record_details d ON d.record_id = r.id
       WHERE r.id = ?`,
    ).get(id) as DetailRow | undefined;
    return row ? toDetails(row) : null;
  }

  /** Every record (invoice, its payment, credit note…) carrying this invoice number. */
  findByInvoiceNumber(invoiceNumber: string): LedgerRecord[] {
    return (
      // Through records_number_sort (length first): no index of its own to maintain.
      (
        this.#stmt(
          `SELECT ${RECORD_COLUMNS} FROM records r
         WHERE length(r.invoice_number) = length(?) AND r.invoice_number = ? ORDER BY r.id`,
        ).all(invoiceNumber, invoiceNumber) as RecordRow[]
      ).map(toRecord)
    );
  }

  /** Whether some record holds this Xero document id: the app created it (or the user linked it). */
  ownsXeroId(xeroId: string): boolean {
    return (
      this.#stmt(`SELECT 1 FROM records WHERE lower(xero_id) = lower(?) LIMIT 1`).get(xeroId) !== undefined
    );
  }

  /**
   * Totals by state (O(1): the counters that migration 007's triggers keep as records change state,
   * never a count over the records). For progress and ETAs, which ask before every batch.
   */
  stateCounts(options: { sourceType?: SourceType } = {}): Omit<Counts, 'syncedToday'> {
    const type = options.sourceType;
    if (type) checkKey({ sourceType: type, sourceId: '-' });
    const rows = (
      type
        ? this.#stmt(`SELECT state, n FROM record_counts WHERE source_type = ?`).all(type)
        : this.#stmt(`SELECT state, sum(n) AS n FROM record_counts GROUP BY state`).all()
    ) as { state: string; n: number }[];
    const by = (s: string) => rows.find((r) => r.state === s)?.n ?? 0;
    return {
      synced: by('synced'),
      pending: by('pending'),
      failed: by('failed'),
      needsAttention: by('needs_attention'),
    };
  }

  /**
   * Totals by state (as stateCounts) and `syncedToday`: records synced since `todayStart` (an
   * instant: the business's local midnight, computed by the caller through its IANA time zone;
   * default: this machine's midnight). syncedToday reads today's synced rows through an index.
   */
  counts(options: { todayStart?: TimeInput; sourceType?: SourceType } = {}): Counts {
    const type = options.sourceType;
    const byState = this.stateCounts(type ? { sourceType: type } : {});
    let todayStart = options.todayStart;
    if (todayStart === undefined) {
      const d = this.#now();
      todayStart = new Date(d.getFullYear(), d.getMonth(), d.getDate());
    }
    const since = iso(todayStart);
    // updated_at >= synced_at for every synced record, so the range on (state, updated_at) holds
    // every row synced since `since` (migration 007 dropped the (state, synced_at) index).
    const today = (
      type
        ? this.#stmt(
            `SELECT count(*) AS n FROM records WHERE state = 'synced' AND updated_at >= ? AND synced_at >= ? AND source_type = ?`,
          ).get(since, since, type)
        : this.#stmt(
            `SELECT count(*) AS n FROM records WHERE state = 'synced' AND updated_at >= ? AND synced_at >= ?`,
          ).get(since, since)
    ) as { n: number };
    return { ...byState, syncedToday: today.n };
  }

  /** The sync-log grid: filtered, searched, sorted, paged. `total` counts every matching row. */
  list(q: ListQuery = {}): ListResult {
    const where: string[] = [];
    const params: unknown[] = [];
    const states = q.state === undefined ? [] : typeof q.state === 'string' ? [q.state] : [...q.state];
    for (const s of states)
      if (!(RECORD_STATES as readonly string[]).includes(s)) throw new Error(`bad state ${s}`);
    if (states.length === 1) {
      where.push('r.state = ?');
      params.push(states[0]);
    } else if (states.length > 1) {
      where.push(`r.state IN (${states.map(() => '?').join(', ')})`);
      params.push(...states);
    }
    const types =
      q.sourceType === undefined ? [] : typeof q.sourceType === 'string' ? [q.sourceType] : [...q.sourceType];
    for (const t of types) checkKey({ sourceType: t, sourceId: '-' });
    if (types.length > 0) {
      where.push(`r.source_type IN (${types.map(() => '?').join(', ')})`);
      params.push(...types);
    }
    for (const [bound, op] of [
      [q.from, '>='],
      [q.to, '<='],
    ] as const) {
      if (bound === undefined) continue;
      if (!ISO_DATE.test(bound)) throw new Error(`ledger.list: dates are YYYY-MM-DD, got ${bound}`);
      where.push(`r.issue_date ${op} ?`);
      params.push(bound);
    }
    const search = q.search === undefined ? '' : foldForSearch(q.search);
    // Substring search goes through the trigram index (3+ characters). A rare term lets the match
    // set drive the query (CROSS JOIN fixes the join order); a common one is cheaper as a membership
    // test while walking the sort index, which stops after one page.
    let ftsMatch: string | null = null;
    if (search.length >= 3) {
      ftsMatch = `"${search.replace(/"/g, '""')}"`;
    } else if (search) {
      where.push(`r.search_text LIKE ? ESCAPE '\\'`);
      params.push(`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    const sort = q.sort ?? 'issueDate';
    if (!(LIST_SORTS as readonly string[]).includes(sort)) throw new Error(`ledger.list: bad sort ${sort}`);
    const dir = q.dir === 'asc' ? 'ASC' : 'DESC';
    const order = {
      issueDate: [`r.issue_date`],
      updatedAt: [`r.updated_at`],
      invoiceNumber: [`length(r.invoice_number)`, `r.invoice_number`],
      patientName: [`r.patient_name COLLATE NOCASE`],
      totalCents: [`r.total_cents`],
      state: [`r.state`, `r.updated_at`],
    }[sort]
      .concat('r.id')
      .map((c) => `${c} ${dir}`)
      .join(', ');
    const limit = Math.min(1000, Math.max(1, Math.floor(q.limit ?? 100)));
    const offset = Math.max(0, Math.floor(q.offset ?? 0));
    const sql = (from: string, extra: string[]) => {
      const all = [...where, ...extra];
      return `FROM ${from} ${all.length ? `WHERE ${all.join(' AND ')}` : ''}`;
    };
    let rows: RecordRow[];
    let total: number;
    if (ftsMatch === null) {
      const body = sql('records r', []);
      rows = this.#stmt(`SELECT ${RECORD_COLUMNS} ${body} ORDER BY ${order} LIMIT ? OFFSET ?`).all(
        ...params,
        limit,
        offset,
      ) as RecordRow[];
      total = (this.#stmt(`SELECT count(*) AS n ${body}`).get(...params) as { n: number }).n;
    } else {
      const driven = sql('records_fts CROSS JOIN records r ON r.id = records_fts.rowid', [
        'records_fts MATCH ?',
      ]);
      // Without other filters the index alone knows the total (no row lookups).
      const counted = (
        where.length === 0
          ? this.#stmt(`SELECT count(*) AS n FROM records_fts WHERE records_fts MATCH ?`).get(ftsMatch)
          : this.#stmt(`SELECT count(*) AS n ${driven}`).get(...params, ftsMatch)
      ) as { n: number };
      total = counted.n;
      const body =
        total <= 2000
          ? driven
          : sql('records r', ['+r.id IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)']);
      rows = this.#stmt(`SELECT ${RECORD_COLUMNS} ${body} ORDER BY ${order} LIMIT ? OFFSET ?`).all(
        ...params,
        ftsMatch,
        limit,
        offset,
      ) as RecordRow[];
    }
    return { rows: rows.map(toRecord), total };
  }

  // --- write intents (outbox) ------------------------------------------------------------------

  /**
   * Commits the intent to send BEFORE the HTTP call. Every record must exist, belong to `tenantId`
   * and not already be in an open batch. Until completeBatch/resolveBatch, the records are
   * "in flight": nextDue() skips them and uncertainBatches() lists the batch.
   */
  beginBatch(b: BeginBatch): Batch {
    if (!b.kind || !b.tenantId || !b.idempotencyKey || !b.payloadHash) {
      throw new Error('ledger.beginBatch: kind, tenantId, idempotencyKey and payloadHash are required');
    }
    if (b.recordKeys.length === 0) throw new Error('ledger.beginBatch: no records');
    return this.tx(() => {
      const now = this.#nowIso();
      const rows: StoredRecord[] = [];
      const seen = new Set<string>();
      for (const k of b.recordKeys) {
        if (seen.has(keyOf(k))) throw new Error(`ledger.beginBatch: ${keyOf(k)} listed twice`);
        seen.add(keyOf(k));
        const row = this.#mustRow(k);
        if (row.inflight_batch_id !== null) {
          throw new Error(`ledger.beginBatch: ${keyOf(k)} is already in open batch ${row.inflight_batch_id}`);
        }
        if (row.tenant_id !== b.tenantId) {
          throw new Error(`ledger.beginBatch: ${keyOf(k)} belongs to another Xero organisation`);
        }
        rows.push(row);
      }
      const open = this.#stmt(
        `SELECT id FROM batches WHERE idempotency_key = ? AND completed_at IS NULL AND resolved_at IS NULL`,
      ).get(b.idempotencyKey) as { id: number } | undefined;
      if (open)
        throw new Error(`ledger.beginBatch: batch ${open.id} with this idempotency key is still open`);
      const id = Number(
        this.#stmt(
          `INSERT INTO batches (kind, tenant_id, idempotency_key, payload_hash, begun_at) VALUES (?, ?, ?, ?, ?)`,
        ).run(b.kind, b.tenantId, b.idempotencyKey, b.payloadHash, now).lastInsertRowid,
      );
      const item = this.#stmt(`INSERT INTO batch_items (batch_id, position, record_id) VALUES (?, ?, ?)`);
      rows.forEach((row, i) => {
        item.run(id, i, row.id);
        this.#stmt(
          `UPDATE records SET inflight_batch_id = ?, inflight_hash = want_hash, last_tried_at = ?,
             first_tried_at = coalesce(first_tried_at, ?) WHERE id = ?`,
        ).run(id, now, now, row.id);
      });
      const batch = this.getBatch(id);
      if (!batch) throw new Error('ledger.beginBatch: batch vanished');
      return batch;
    });
  }

  /**
   * Records the outcome after the HTTP call, atomically: one outcome per record of the batch (all
   * of them, no others). A synced outcome's sentHash defaults to the wantHash at beginBatch.
   */
  completeBatch(id: number, outcomes: readonly BatchOutcome[]): LedgerRecord[] {
    return this.#closeBatch(id, outcomes, 'completed_at', true);
  }

  /**
   * Closes an uncertain batch after reconciliation (records looked up in Xero). Outcomes are
   * optional per record: found in Xero → 'synced'; not found → 'pending' (send again); a record
   * without an outcome keeps its state (pending ones will be sent again by nextDue).
   */
  resolveBatch(id: number, outcomes: readonly BatchOutcome[] = []): LedgerRecord[] {
    return this.#closeBatch(id, outcomes, 'resolved_at', false);
  }

  #closeBatch(
    id: number,
    outcomes: readonly BatchOutcome[],
    column: 'completed_at' | 'resolved_at',
    requireAll: boolean,
  ): LedgerRecord[] {
    return this.tx(() => {
      const batch = this.#stmt(`SELECT * FROM batches WHERE id = ?`).get(id) as BatchRow | undefined;
      if (!batch) throw new Error(`ledger: no batch ${id}`);
      if (batch.completed_at !== null || batch.resolved_at !== null) {
        throw new Error(`ledger: batch ${id} is already closed`);
      }
      const members = this.#batchRecords(id);
      const byKey = new Map(members.map((r) => [`${r.source_type}:${r.source_id}`, r]));
      const given = new Map<string, BatchOutcome>();
      for (const o of outcomes) {
        const k = keyOf(o);
        if (!byKey.has(k)) throw new Error(`ledger: ${k} is not in batch ${id}`);
        if (given.has(k)) throw new Error(`ledger: two outcomes for ${k} in batch ${id}`);
        given.set(k, o);
      }
      if (requireAll) {
        const missing = [...byKey.keys()].filter((k) => !given.has(k));
        if (missing.length) throw new Error(`ledger: batch ${id} has no outcome for ${missing.join(', ')}`);
      }
      const now = this.#nowIso();
      for (const [k, row] of byKey) {
        const o = given.get(k);
        const attempted = row.inflight_hash;
        if (!o) {
          this.#stmt(`UPDATE records SET inflight_batch_id = NULL, inflight_hash = NULL WHERE id = ?`).run(
            row.id,
          );
          continue;
        }
        switch (o.result) {
          case 'synced':
            this.#applySynced(row, {
              xeroId: o.xeroId,
              sentHash: o.sentHash ?? attempted ?? row.want_hash,
              xeroUrl: o.xeroUrl,
              payload: o.payload,
              response: o.response,
            });
            break;
          case 'failed':
          case 'needs_attention':
            this.#applyFailure(row, {
              retryable: o.result === 'failed',
              error: o.error,
              nextAttemptAt: o.result === 'failed' ? o.nextAttemptAt : null,
              attemptedHash: attempted,
              payload: o.payload,
              response: o.response,
            });
            break;
          case 'pending':
            this.#writeState(row, {
              ...row,
              state: 'pending',
              attempts: 0,
              next_attempt_at: null,
              error_kind: null,
              inflight_batch_id: null,
              inflight_hash: null,
            });
            break;
          default: {
            const never: never = o;
            throw new Error(`ledger: unknown outcome ${JSON.stringify(never)}`);
          }
        }
      }
      this.#stmt(`UPDATE batches SET ${column} = ? WHERE id = ?`).run(now, id);
      return this.#batchRecords(id).map(toRecord); // one read for the batch, not one per record
    });
  }

  #batchRecords(batchId: number): StoredRecord[] {
    return this.#stmt(
      `SELECT ${RECORD_COLUMNS}, r.inflight_hash FROM batch_items i JOIN records r ON r.id = i.record_id
       WHERE i.batch_id = ? ORDER BY i.position`,
    ).all(batchId) as StoredRecord[];
  }

  getBatch(id: number): Batch | null {
    const b = this.#stmt(`SELECT * FROM batches WHERE id = ?`).get(id) as BatchRow | undefined;
    if (!b) return null;
    return toBatch(
      b,
      this.#batchRecords(id).map((r) => ({ sourceType: r.source_type, sourceId: r.source_id })),
    );
  }

  /**
   * Batches begun and never completed or resolved (crash, timeout, connection reset), oldest first,
   * with their records. Call at startup before sending anything, and reconcile each (look the
   * records up in Xero) before resending. `begunBefore` skips batches still legitimately in flight.
   */
  uncertainBatches(options: { begunBefore?: TimeInput } = {}): UncertainBatch[] {
    const rows = (
      options.begunBefore === undefined
        ? this.#stmt(
            `SELECT * FROM batches WHERE completed_at IS NULL AND resolved_at IS NULL ORDER BY id`,
          ).all()
        : this.#stmt(
            `SELECT * FROM batches WHERE completed_at IS NULL AND resolved_at IS NULL AND begun_at < ? ORDER BY id`,
          ).all(iso(options.begunBefore))
    ) as BatchRow[];
    return rows.map((b) => {
      const records = this.#stmt(
        `SELECT ${RECORD_COLUMNS}, ${DETAIL_COLUMNS} FROM batch_items i JOIN records r ON r.id = i.record_id
         JOIN record_details d ON d.record_id = r.id WHERE i.batch_id = ? ORDER BY i.position`,
      )
        .all(b.id)
        .map((r) => toDetails(r as DetailRow));
      return {
        ...toBatch(
          b,
          records.map((r) => ({ sourceType: r.sourceType, sourceId: r.sourceId })),
        ),
        records,
      };
    });
  }

  /** Deletes closed batches begun before `before` (their records are untouched). Returns how many. */
  pruneBatches(before: TimeInput): number {
    return this.#stmt(
      `DELETE FROM batches WHERE begun_at < ? AND (completed_at IS NOT NULL OR resolved_at IS NOT NULL)`,
    ).run(iso(before)).changes;
  }

  // --- cursors -------------------------------------------------------------------------------

  getCursor(stream: string): string | null {
    const row = this.#stmt(`SELECT value FROM cursors WHERE stream = ?`).get(stream) as
      { value: string } | undefined;
    return row?.value ?? null;
  }

  /** Advance a stream's cursor. Call inside `tx()` together with the upsertWanted it covers. */
  setCursor(stream: string, value: string): void {
    if (!stream) throw new Error('ledger.setCursor: empty stream name');
    this.#stmt(
      `INSERT INTO cursors (stream, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (stream) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ).run(stream, value, this.#nowIso());
  }

  // --- pauses --------------------------------------------------------------------------------

  /** Pause one Xero organisation until `until` (e.g. a 429's Retry-After). Survives restarts. */
  setPause(tenantId: string, until: TimeInput, reason: string): Pause {
    const pause: Pause = {
      tenantId,
      until: iso(until),
      reason: redactMessage(reason),
      setAt: this.#nowIso(),
    };
    this.#stmt(
      `INSERT INTO pauses (tenant_id, until, reason, set_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id) DO UPDATE SET until = excluded.until, reason = excluded.reason, set_at = excluded.set_at`,
    ).run(pause.tenantId, pause.until, pause.reason, pause.setAt);
    return pause;
  }

  /** The organisation's pause if it is still running at `now` (default: the clock), else null. */
  getPause(tenantId: string, now: TimeInput = this.#now()): Pause | null {
    const row = this.#stmt(
      `SELECT tenant_id, until, reason, set_at FROM pauses WHERE tenant_id = ? AND until > ?`,
    ).get(tenantId, iso(now)) as
      { tenant_id: string; until: string; reason: string; set_at: string } | undefined;
    return row ? { tenantId: row.tenant_id, until: row.until, reason: row.reason, setAt: row.set_at } : null;
  }

  clearPause(tenantId: string): void {
    this.#stmt(`DELETE FROM pauses WHERE tenant_id = ?`).run(tenantId);
  }

  // --- events --------------------------------------------------------------------------------

  /** Appends to the sync log (message redacted); keeps the newest `maxEvents`. */
  addEvent(e: NewEvent): LedgerEvent {
    if (!['info', 'warn', 'error'].includes(e.level))
      throw new Error(`ledger.addEvent: bad level ${e.level}`);
    if (e.sourceType != null) checkKey({ sourceType: e.sourceType, sourceId: '-' });
    const at = this.#nowIso();
    const message = redactMessage(e.message);
    return this.tx(() => {
      const id = Number(
        this.#stmt(
          `INSERT INTO events (at, level, kind, message, source_type, source_id) VALUES (?, ?, ?, ?, ?, ?)`,
        ).run(at, e.level, e.kind, message, e.sourceType ?? null, e.sourceId ?? null).lastInsertRowid,
      );
      if (id > this.#maxEvents) this.#stmt(`DELETE FROM events WHERE id <= ?`).run(id - this.#maxEvents);
      return {
        id,
        at,
        level: e.level,
        kind: e.kind,
        message,
        sourceType: e.sourceType ?? null,
        sourceId: e.sourceId ?? null,
      };
    });
  }

  /** Oldest first. With sinceId: the next `limit` after it (tailing). Without: the newest `limit`. */
  events(q: EventsQuery = {}): LedgerEvent[] {
    const limit = Math.min(10_000, Math.max(1, Math.floor(q.limit ?? 200)));
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.source) {
      checkKey(q.source);
      where.push('source_type = ? AND source_id = ?');
      params.push(q.source.sourceType, q.source.sourceId);
    }
    if (q.sinceId !== undefined) {
      where.push('id > ?');
      params.push(q.sinceId);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = (
      q.sinceId !== undefined
        ? this.#stmt(`SELECT * FROM events ${whereSql} ORDER BY id ASC LIMIT ?`).all(...params, limit)
        : this.#stmt(`SELECT * FROM events ${whereSql} ORDER BY id DESC LIMIT ?`)
            .all(...params, limit)
            .reverse()
    ) as EventRow[];
    return rows.map(toEvent);
  }

  // --- kv ------------------------------------------------------------------------------------

  /** A small JSON value (lastSyncAt, call budget snapshot, backfill progress); undefined if unset. */
  getKv(key: string): unknown {
    const row = this.#stmt(`SELECT value FROM kv WHERE key = ?`).get(key) as { value: string } | undefined;
    return row ? parseJson(row.value) : undefined;
  }

  setKv(key: string, value: unknown): void {
    const json = toJson(value);
    if (json === null) throw new Error(`ledger.setKv(${key}): value is not JSON`);
    this.#stmt(
      `INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ).run(key, json, this.#nowIso());
  }

  deleteKv(key: string): void {
    this.#stmt(`DELETE FROM kv WHERE key = ?`).run(key);
  }
}
