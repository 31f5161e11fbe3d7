import type { PaymentImport, PaymentReportStore, ReportPayment } from '../ledger/payment-reports.js';
import { parseReport, ReportFormatError, type ReportColumns } from './parse-report.js';
import { placeInZone } from './report-time.js';

/** What the import needs to know of a Cliniko invoice (read from the cache). */
export type InvoiceRef = { id: string; number: string; businessId: string | null };

export type ReportFile = { name: string; text: string };

export type ImportOptions = {
  columns: ReportColumns;
  dateFormat: string | null;
  /** Looks invoices up by Cliniko number (numbers not found are absent from the map). */
  invoicesByNumber: (numbers: readonly string[]) => Map<string, InvoiceRef>;
  /** The IANA zone of a business (its invoices' payments are local to it). */
  zoneOf: (businessId: string | null) => string;
  now: () => Date;
  /** Only read and check; record nothing. */
  dryRun?: boolean;
};

/** An accepted row with the file it came from. */
export type ImportedPayment = ReportPayment & { file: string };

export type RefusedLine = { file: string; line: number; reason: string };

export type FileOutcome = {
  file: string;
  rows: number;
  accepted: number;
  refused: number;
  firstDay: string | null;
  lastDay: string | null;
  /** Rows added and removed against what earlier imports said (both 0: nothing changed). */
  added: number;
  removed: number;
};

export type ImportOutcome = {
  rows: number;
  accepted: number;
  refused: number;
  /** The local days that have accepted rows. */
  days: number;
  files: FileOutcome[];
  refusals: RefusedLine[];
  payments: ImportedPayment[];
};

/** The whole import is refused: a file has no header or lacks a named column. Nothing is recorded. */
export class ReportImportError extends Error {}

type Checked = {
  file: ReportFile;
  payments: ImportedPayment[];
  refusals: RefusedLine[];
  rows: number;
  range: [string, string] | null;
};

function check(file: ReportFile, opts: ImportOptions): Checked {
  let parsed;
  try {
    parsed = parseReport(file.text, opts.columns, opts.dateFormat);
  } catch (err) {
    if (err instanceof ReportFormatError) throw new ReportImportError(`${file.name}: ${err.message}`);
    throw err;
  }
  const refusals: RefusedLine[] = parsed.refused.map((r) => ({ file: file.name, ...r }));
  const invoices = opts.invoicesByNumber([...new Set(parsed.rows.map((r) => r.invoiceNumber))]);
  const payments: ImportedPayment[] = [];
  const days: string[] = [];
  for (const row of parsed.rows) {
    const invoice = invoices.get(row.invoiceNumber);
    // The file covers the day of every row with a readable date, even one refused for its invoice.
    const zone = opts.zoneOf(invoice?.businessId ?? null);
    const placed = placeInZone(row.time, zone);
    days.push(placed.day);
    if (!invoice) {
      refusals.push({
        file: file.name,
        line: row.line,
        reason:
          `unknown invoice number ${row.invoiceNumber}: no Cliniko invoice read so far has this number ` +
          '(check the number; if the invoice is new, let a sync run first and import again)',
      });
      continue;
    }
    payments.push({
      ...placed,
      invoiceId: invoice.id,
      invoiceNumber: invoice.number,
      paymentType: row.paymentType,
      amountCents: row.amountCents,
      line: row.line,
      file: file.name,
    });
  }
  days.sort();
  const first = days[0];
  const last = days[days.length - 1];
  refusals.sort((a, b) => a.line - b.line);
  return {
    file,
    payments,
    refusals,
    rows: parsed.rows.length + parsed.refused.length,
    range: first && last ? [first, last] : null,
  };
}

/**
 * Imports payments reports. Every file is checked before anything is recorded, so a file that
 * cannot be read leaves the ledger as it was. Each file then replaces, for the local days it covers
 * (its earliest to its latest row), what earlier imports said — files in the order given.
 */
export function importReports(
  files: readonly ReportFile[],
  store: PaymentReportStore | null,
  opts: ImportOptions,
): ImportOutcome {
  const checked = files.map((f) => check(f, opts));
  const outcomes: FileOutcome[] = [];
  for (const c of checked) {
    let recorded: PaymentImport | null = null;
    if (!opts.dryRun && store) {
      recorded = store.record({
        fileName: c.file.name,
        importedAt: opts.now().toISOString(),
        firstDay: c.range?.[0] ?? null,
        lastDay: c.range?.[1] ?? null,
        rows: c.rows,
        refused: c.refusals.length,
        payments: c.payments,
      });
    }
    outcomes.push({
      file: c.file.name,
      rows: c.rows,
      accepted: c.payments.length,
      refused: c.refusals.length,
      firstDay: c.range?.[0] ?? null,
      lastDay: c.range?.[1] ?? null,
      added: recorded?.added ?? 0,
      removed: recorded?.removed ?? 0,
    });
  }
  const payments = checked.flatMap((c) => c.payments);
  return {
    rows: outcomes.reduce((n, o) => n + o.rows, 0),
    accepted: payments.length,
    refused: outcomes.reduce((n, o) => n + o.refused, 0),
    days: new Set(payments.map((p) => p.day)).size,
    files: outcomes,
    refusals: checked.flatMap((c) => c.refusals),
    payments,
  };
}
