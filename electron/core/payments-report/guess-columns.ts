import type { ReportColumns } from './parse-report.js';

// Header words as Cliniko's report exports and clinics' own spreadsheets name them. A guess only
// pre-fills the column choice on the first import: the user confirms it before anything is read.
const HINTS: Record<keyof ReportColumns, RegExp[]> = {
  paidAt: [/^(payment )?date[ /-]?(and )?time$/i, /^paid at$/i, /^payment date$/i, /^date$/i, /date|time/i],
  amount: [/^amount$/i, /^(total )?paid$/i, /^total paid$/i, /amount|total|paid/i],
  invoiceNumber: [/^invoice (number|no\.?|#)$/i, /^invoice$/i, /invoice/i],
  paymentType: [/^payment (type|method)$/i, /^(type|method)$/i, /type|method/i],
};

/** The most likely header for each field, never the same header twice. */
export function guessColumns(headers: readonly string[]): Partial<ReportColumns> {
  const taken = new Set<number>();
  const out: Partial<ReportColumns> = {};
  for (const key of Object.keys(HINTS) as (keyof ReportColumns)[]) {
    for (const re of HINTS[key]) {
      const i = headers.findIndex((h, idx) => !taken.has(idx) && re.test(h.trim()));
      if (i >= 0) {
        taken.add(i);
        out[key] = (headers[i] ?? '').trim();
        break;
      }
    }
  }
  return out;
}
