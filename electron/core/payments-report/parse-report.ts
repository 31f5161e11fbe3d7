import Papa from 'papaparse';
import { neutraliseBidi } from '../text/bidi.js';
import { parseReportAmount } from './amount.js';
import { parseReportTime, type ReportTime } from './report-time.js';

/** The CSV header names that hold each field (settings `payments.columns`). */
export type ReportColumns = { paidAt: string; amount: string; invoiceNumber: string; paymentType: string };

export const COLUMN_LABELS: Record<keyof ReportColumns, string> = {
  paidAt: 'payment date-time',
  amount: 'amount',
  invoiceNumber: 'invoice number',
  paymentType: 'payment type',
};

/** One readable row. `line` is the file's line number (the header is line 1). */
export type ReportRow = {
  line: number;
  time: ReportTime;
  amountCents: number;
  invoiceNumber: string;
  paymentType: string;
};

export type RefusedRow = { line: number; reason: string };

export type ParsedReport = { headers: string[]; rows: ReportRow[]; refused: RefusedRow[] };

/** The file cannot be read as a report at all (no header, a named column missing). */
export class ReportFormatError extends Error {}

const norm = (s: string): string => s.trim().toLowerCase();

/** Splits CSV text into rows, each with the line it starts on. Quoted fields may hold newlines. */
export function csvRows(text: string): { line: number; cells: string[] }[] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const out: { line: number; cells: string[] }[] = [];
  let line = 1;
  let consumed = 0;
  Papa.parse<string[]>(src, {
    header: false,
    skipEmptyLines: false,
    step: (result) => {
      const end = result.meta.cursor;
      // The report is Cliniko text too: no bidi overrides reach the screen or Xero from it either.
      const cells = result.data.map(neutraliseBidi);
      if (!(cells.length === 1 && (cells[0] ?? '').trim() === '')) out.push({ line, cells });
      for (let i = consumed; i < end; i++) if (src.charCodeAt(i) === 10) line++;
      consumed = end;
    },
  });
  return out;
}

/** Finds each configured column by name (case-insensitive, surrounding spaces ignored). */
export function locateColumns(
  headers: readonly string[],
  columns: ReportColumns,
): Record<keyof ReportColumns, number> {
  const found = {} as Record<keyof ReportColumns, number>;
  const missing: string[] = [];
  for (const key of Object.keys(COLUMN_LABELS) as (keyof ReportColumns)[]) {
    const idx = headers.findIndex((h) => norm(h) === norm(columns[key]));
    if (idx < 0) missing.push(`"${columns[key]}" (the ${COLUMN_LABELS[key]})`);
    found[key] = idx;
  }
  if (missing.length > 0) {
    const plural = missing.length === 1 ? 'column' : 'columns';
    throw new ReportFormatError(
      `the ${plural} ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in its header ` +
        `(it has: ${headers.map((h) => `"${h.trim()}"`).join(', ')}). ` +
        'Choose the right columns under Payments, or set payments.columns in the settings.',
    );
  }
  return found;
}

/**
 * Reads a payments report. Every data row ends up either in `rows` or in `refused` with a reason:
 * nothing is dropped silently. Invoice numbers are resolved later (they need the Cliniko cache).
 */
export function parseReport(text: string, columns: ReportColumns, dateFormat: string | null): ParsedReport {
  const all = csvRows(text);
  const head = all[0];
  if (!head) throw new ReportFormatError('it is empty: a payments report starts with a header row.');
  const idx = locateColumns(head.cells, columns);
  const rows: ReportRow[] = [];
  const refused: RefusedRow[] = [];
  const cell = (cells: string[], key: keyof ReportColumns): string => (cells[idx[key]] ?? '').trim();
  for (const { line, cells } of all.slice(1)) {
    const invoiceNumber = cell(cells, 'invoiceNumber').replace(/^#/, '');
    const dateText = cell(cells, 'paidAt');
    const time = parseReportTime(dateText, dateFormat);
    if (!time) {
      const expected = dateFormat ? `the format ${dateFormat}` : 'an ISO 8601 date-time';
      refused.push({ line, reason: `unreadable date "${dateText}" (expected ${expected})` });
      continue;
    }
    const amountText = cell(cells, 'amount');
    let amountCents: number;
    try {
      amountCents = parseReportAmount(amountText);
    } catch {
      refused.push({ line, reason: `unreadable amount "${amountText}"` });
      continue;
    }
    if (amountCents === 0) {
      refused.push({ line, reason: 'the amount is zero' });
      continue;
    }
    if (invoiceNumber === '') {
      refused.push({ line, reason: 'no invoice number' });
      continue;
    }
    const paymentType = cell(cells, 'paymentType');
    if (paymentType === '') {
      refused.push({ line, reason: 'no payment type' });
      continue;
    }
    rows.push({ line, time, amountCents, invoiceNumber, paymentType });
  }
  return { headers: head.cells.map((h) => h.trim()), rows, refused };
}
