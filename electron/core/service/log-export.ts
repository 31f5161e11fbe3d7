import Papa from 'papaparse';
import type { RequestOf } from '../../../shared/api.js';
import { ApiError } from '../api-error.js';

/** One page of `log.list` as the export reads it (only the fields it writes). */
type ListRow = {
  id: number;
  sourceType: string;
  sourceId: string;
  invoiceNumber: string | null;
  patientName: string | null;
  issueDate: string | null;
  totalCents: number | null;
  state: string;
  xeroId: string | null;
  xeroUrl: string | null;
  error: string | null;
  attempts: number;
  updatedAt: string;
};
type ListPage = { rows: ListRow[]; total: number };
export type ListLog = (req: Record<string, unknown>) => Promise<ListPage>;

const PAGE = 500;
export const CSV_COLUMNS = [
  'State',
  'Invoice number',
  'Patient',
  'Issue date',
  'Total',
  'Type',
  'Cliniko ID',
  'Xero ID',
  'Xero link',
  'Problem',
  'Attempts',
  'Updated',
] as const;

function money(cents: number | null): string {
  if (cents === null) return '';
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * `log.exportCsv`: every row matching the filters, read page by page through `log.list` (so the CSV
 * has exactly what the log screen shows, sorted the same way), written by papaparse. `escapeFormulae`
 * prefixes cells starting with = + - @ so a spreadsheet never runs a patient's name as a formula.
 */
export async function exportLogCsv(
  listLog: ListLog | undefined,
  filters: RequestOf<'log.exportCsv'>,
): Promise<{ csv: string; rows: number }> {
  if (!listLog) throw new ApiError('failed', 'The sync log is not available in this version.');
  const data: string[][] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await listLog({ ...filters, offset, limit: PAGE, sort: 'issueDate', dir: 'desc' });
    for (const r of page.rows) {
      data.push([
        r.state,
        r.invoiceNumber ?? '',
        r.patientName ?? '',
        r.issueDate ?? '',
        money(r.totalCents),
        r.sourceType,
        r.sourceId,
        r.xeroId ?? '',
        r.xeroUrl ?? '',
        r.error ?? '',
        String(r.attempts),
        r.updatedAt,
      ]);
    }
    if (page.rows.length < PAGE || offset + PAGE >= page.total) break;
  }
  const csv = Papa.unparse({ fields: [...CSV_COLUMNS], data }, { escapeFormulae: true, newline: '\r\n' });
  return { csv, rows: data.length };
}
