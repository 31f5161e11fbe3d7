import Papa from 'papaparse';
import type { RequestOf } from '../../../shared/api.js';
import {
  formatAmount,
  formatDate,
  formatDateTime,
  type ClinicLocale,
} from '../../../shared/clinic-locale.js';
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
/** The header; "Updated" names the clinic's zone, since its times are on the clinic's clock. */
export function csvColumns(clinic: ClinicLocale): string[] {
  return [
    'State',
    'Invoice number',
    'Patient',
    'Issue date',
    `Total (${clinic.currency})`,
    'Type',
    'Cliniko ID',
    'Xero ID',
    'Xero link',
    'Problem',
    'Attempts',
    `Updated (${clinic.timeZone})`,
  ];
}

/** Readable states, as the log screen words them. */
export const STATE_WORDS: Record<string, string> = {
  pending: 'Pending',
  synced: 'Synced',
  failed: 'Failed (will retry)',
  needs_attention: 'Needs attention',
};
const TYPE_WORDS: Record<string, string> = { invoice: 'Invoice', payment: 'Payment', contact: 'Contact' };

/**
 * `log.exportCsv`: every row matching the filters, read page by page through `log.list` (so the CSV
 * has exactly what the log screen shows, sorted the same way), written by papaparse. `escapeFormulae`
 * prefixes cells starting with = + - @ so a spreadsheet never runs a patient's name as a formula.
 * Dates are written the clinic's way (04/12/2026 for an AU clinic), times on the clinic's clock with the
 * zone named, and totals as plain amounts (1234.50) so a spreadsheet still sums them.
 */
export async function exportLogCsv(
  listLog: ListLog | undefined,
  filters: RequestOf<'log.exportCsv'>,
  clinic: ClinicLocale,
): Promise<{ csv: string; rows: number }> {
  if (!listLog) throw new ApiError('failed', 'The sync log is not available in this version.');
  const data: string[][] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await listLog({ ...filters, offset, limit: PAGE, sort: 'issueDate', dir: 'desc' });
    for (const r of page.rows) {
      data.push([
        STATE_WORDS[r.state] ?? r.state,
        r.invoiceNumber ?? '',
        r.patientName ?? '',
        formatDate(r.issueDate, clinic),
        formatAmount(r.totalCents, clinic),
        TYPE_WORDS[r.sourceType] ?? r.sourceType,
        r.sourceId,
        r.xeroId ?? '',
        r.xeroUrl ?? '',
        r.error ?? '',
        String(r.attempts),
        formatDateTime(r.updatedAt, clinic),
      ]);
    }
    if (page.rows.length < PAGE || offset + PAGE >= page.total) break;
  }
  const csv = Papa.unparse({ fields: csvColumns(clinic), data }, { escapeFormulae: true, newline: '\r\n' });
  return { csv, rows: data.length };
}
