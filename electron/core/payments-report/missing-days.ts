/**
 * In the report payment modes a paid invoice waits for the report that holds its payments. The days
 * on which invoices were paid (the local day of `closed_at`) that no imported report covers yet are
 * shown on the dashboard: they are neither failures nor problems, just work still to do.
 */
import { localDate } from '../time/local-date.js';

export type PaidInvoice = { closedAt: string | null; businessId: string | null; issueDate: string };

export function missingReportDays(
  paid: readonly PaidInvoice[],
  opts: { since: string; zoneOf: (businessId: string | null) => string; covers: (day: string) => boolean },
): { day: string; invoices: number }[] {
  const counts = new Map<string, number>();
  for (const inv of paid) {
    if (!inv.closedAt) continue;
    let day: string;
    try {
      day = localDate(inv.closedAt, opts.zoneOf(inv.businessId));
    } catch {
      continue;
    }
    if (day < opts.since) continue;
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return [...counts.entries()]
    .filter(([day]) => !opts.covers(day))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, invoices]) => ({ day, invoices }));
}
