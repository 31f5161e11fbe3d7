/**
 * The imported payments report rows (ledger migration 006), on their own connection to the ledger's
 * file like the Cliniko cache: the Ledger keeps its database private, and an import never shares a
 * transaction with a sync write. Durable (synchronous=FULL): these rows are what report-mode payments
 * are built from, and the CSV they came from may be gone.
 */
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';

/** One payment as the report says it happened, after its invoice and local day are known. */
export type ReportPayment = {
  day: string;
  paidAt: string;
  invoiceId: string;
  invoiceNumber: string;
  paymentType: string;
  amountCents: number;
  line: number;
};

export type StoredReportPayment = ReportPayment & { id: number; importId: number };

export type PaymentImport = {
  id: number;
  importedAt: string;
  fileName: string;
  firstDay: string | null;
  lastDay: string | null;
  rows: number;
  accepted: number;
  refused: number;
  added: number;
  removed: number;
};

export type NewImport = {
  fileName: string;
  importedAt: string;
  /** The local days the file covers (earliest to latest row); null when no row had a readable date. */
  firstDay: string | null;
  lastDay: string | null;
  rows: number;
  refused: number;
  payments: readonly ReportPayment[];
};

export type Touch = { invoiceId: string; day: string; paymentType: string };

type Row = {
  id: number;
  day: string;
  paid_at: string;
  invoice_id: string;
  invoice_number: string;
  payment_type: string;
  amount_cents: number;
  import_id: number;
  line: number;
};

const identity = (
  p: Pick<ReportPayment, 'day' | 'paidAt' | 'invoiceId' | 'paymentType' | 'amountCents'>,
): string => `${p.day}|${p.paidAt}|${p.invoiceId}|${p.paymentType}|${p.amountCents}`;

const toPayment = (r: Row): StoredReportPayment => ({
  id: r.id,
  importId: r.import_id,
  day: r.day,
  paidAt: r.paid_at,
  invoiceId: r.invoice_id,
  invoiceNumber: r.invoice_number,
  paymentType: r.payment_type,
  amountCents: r.amount_cents,
  line: r.line,
});

export class PaymentReportStore {
  readonly #db: Db;
  readonly #stmts = new Map<string, Statement>();

  /** `file` is the ledger's file, already migrated by openLedger. */
  constructor(file: string) {
    this.#db = new Database(file);
    this.#db.pragma('busy_timeout = 5000');
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
  }

  #stmt(sql: string): Statement {
    let s = this.#stmts.get(sql);
    if (!s) this.#stmts.set(sql, (s = this.#db.prepare(sql)));
    return s;
  }

  /**
   * Records one file: for the days it covers, its rows replace what earlier imports said. Rows that
   * are the same (day, time, invoice, type, amount) keep their identity, so re-importing a file adds
   * and removes nothing. Returns the import with its counts.
   */
  record(im: NewImport): PaymentImport {
    return this.#db.transaction((): PaymentImport => {
      const existing =
        im.firstDay && im.lastDay
          ? (this.#stmt(`SELECT * FROM report_payments WHERE day BETWEEN ? AND ?`).all(
              im.firstDay,
              im.lastDay,
            ) as Row[])
          : [];
      const pool = new Map<string, Row[]>();
      for (const r of existing) {
        const k = identity(toPayment(r));
        const list = pool.get(k);
        if (list) list.push(r);
        else pool.set(k, [r]);
      }
      const toAdd: ReportPayment[] = [];
      for (const p of im.payments) {
        const same = pool.get(identity(p));
        if (same && same.length > 0) same.shift();
        else toAdd.push(p);
      }
      const toRemove = [...pool.values()].flat();
      const info = this.#stmt(
        `INSERT INTO payment_imports (imported_at, file_name, first_day, last_day, rows, accepted, refused, added, removed)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        im.importedAt,
        im.fileName,
        im.firstDay,
        im.lastDay,
        im.rows,
        im.payments.length,
        im.refused,
        toAdd.length,
        toRemove.length,
      );
      const importId = Number(info.lastInsertRowid);
      const del = this.#stmt(`DELETE FROM report_payments WHERE id = ?`);
      const ins = this.#stmt(
        `INSERT INTO report_payments (day, paid_at, invoice_id, invoice_number, payment_type, amount_cents, import_id, line)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const touch = this.#stmt(
        `INSERT OR IGNORE INTO report_touches (import_id, invoice_id, day, payment_type) VALUES (?, ?, ?, ?)`,
      );
      for (const r of toRemove) {
        del.run(r.id);
        touch.run(importId, r.invoice_id, r.day, r.payment_type);
      }
      for (const p of toAdd) {
        ins.run(
          p.day,
          p.paidAt,
          p.invoiceId,
          p.invoiceNumber,
          p.paymentType,
          p.amountCents,
          importId,
          p.line,
        );
        touch.run(importId, p.invoiceId, p.day, p.paymentType);
      }
      return this.getImport(importId) as PaymentImport;
    })();
  }

  getImport(id: number): PaymentImport | null {
    const r = this.#stmt(`SELECT * FROM payment_imports WHERE id = ?`).get(id) as
      | (Omit<PaymentImport, 'importedAt' | 'fileName' | 'firstDay' | 'lastDay'> & {
          imported_at: string;
          file_name: string;
          first_day: string | null;
          last_day: string | null;
        })
      | undefined;
    if (!r) return null;
    return {
      id: r.id,
      importedAt: r.imported_at,
      fileName: r.file_name,
      firstDay: r.first_day,
      lastDay: r.last_day,
      rows: r.rows,
      accepted: r.accepted,
      refused: r.refused,
      added: r.added,
      removed: r.removed,
    };
  }

  /** The import history, newest first. */
  imports(limit = 200): PaymentImport[] {
    const ids = this.#stmt(`SELECT id FROM payment_imports ORDER BY id DESC LIMIT ?`).all(limit) as {
      id: number;
    }[];
    return ids.map((r) => this.getImport(r.id) as PaymentImport);
  }

  /** The newest import's id (0 before any import): the planner's cursor over `touchedSince`. */
  lastImportId(): number {
    return (this.#stmt(`SELECT coalesce(max(id), 0) AS n FROM payment_imports`).get() as { n: number }).n;
  }

  /** What imports after `importId` added or removed, each (invoice, day, type) once. */
  touchedSince(importId: number): Touch[] {
    return (
      this.#stmt(
        `SELECT DISTINCT invoice_id, day, payment_type FROM report_touches WHERE import_id > ? ORDER BY day, invoice_id`,
      ).all(importId) as { invoice_id: string; day: string; payment_type: string }[]
    ).map((r) => ({ invoiceId: r.invoice_id, day: r.day, paymentType: r.payment_type }));
  }

  forInvoice(invoiceId: string): StoredReportPayment[] {
    return (
      this.#stmt(`SELECT * FROM report_payments WHERE invoice_id = ? ORDER BY paid_at, id`).all(
        invoiceId,
      ) as Row[]
    ).map(toPayment);
  }

  forDayAndType(day: string, paymentType: string): StoredReportPayment[] {
    return (
      this.#stmt(
        `SELECT * FROM report_payments WHERE day = ? AND payment_type = ? ORDER BY invoice_id, paid_at, id`,
      ).all(day, paymentType) as Row[]
    ).map(toPayment);
  }

  inRange(fromDay: string, toDay: string): StoredReportPayment[] {
    return (
      this.#stmt(`SELECT * FROM report_payments WHERE day BETWEEN ? AND ? ORDER BY day, paid_at, id`).all(
        fromDay,
        toDay,
      ) as Row[]
    ).map(toPayment);
  }

  /** Every payment type seen in the current rows, with how many payments each has. */
  typeCounts(): { name: string; payments: number }[] {
    return this.#stmt(
      `SELECT payment_type AS name, count(*) AS payments FROM report_payments GROUP BY payment_type ORDER BY payment_type`,
    ).all() as { name: string; payments: number }[];
  }

  /** True when some import's file covered `day` (a day with no payments at all is still covered). */
  covers(day: string): boolean {
    return (
      this.#stmt(`SELECT 1 FROM payment_imports WHERE first_day <= ? AND last_day >= ? LIMIT 1`).get(
        day,
        day,
      ) !== undefined
    );
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
