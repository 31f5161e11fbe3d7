/**
 * The reconciliation table as CSV for the bookkeeper: one row per local day, Cliniko's figure beside
 * Xero's for each column, amounts in dollars with two decimals (what a spreadsheet sums exactly), and
 * the invoices that explain a difference in the last column.
 */
import type { ReconcileDay } from '../../../shared/api.js';
import { formatCents } from '../money.js';

const cell = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function reconcileCsv(
  days: readonly ReconcileDay[],
  paymentTypes: readonly string[],
  timeZone: string,
): string {
  const pairs: [string, (d: ReconcileDay, side: 'cliniko' | 'xero') => number][] = [
    ['ex tax', (d, s) => d[s].exTaxCents],
    ['tax', (d, s) => d[s].taxCents],
    ['total', (d, s) => d[s].totalCents],
    ...paymentTypes.map((t): [string, (d: ReconcileDay, side: 'cliniko' | 'xero') => number] => [
      `paid: ${t}`,
      (d, s) => d[s].paid[t] ?? 0,
    ]),
    ['credit notes', (d, s) => d[s].creditCents],
  ];
  const header = [
    `Day (${timeZone})`,
    ...pairs.flatMap(([name]) => [`Cliniko ${name}`, `Xero ${name}`]),
    'Equal',
    'Differences',
    'Invoices that explain them',
  ];
  const lines = [header.map(cell).join(',')];
  for (const d of days) {
    lines.push(
      [
        d.day,
        ...pairs.flatMap(([, get]) => [formatCents(get(d, 'cliniko')), formatCents(get(d, 'xero'))]),
        d.differences.length === 0 ? 'yes' : 'no',
        d.differences.join('; '),
        d.invoices.map((i) => `${i.invoiceNumber} (${i.figure}): ${i.why}`).join(' | '),
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
