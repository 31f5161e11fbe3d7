import type { PaymentsImportResult, ReportColumns, ReportInspection } from '../../../shared/api.js';
import { ApiError } from '../api-error.js';
import type { ClinikoBusiness } from '../cliniko/types.js';
import { importReports, ReportImportError, type ReportFile } from '../payments-report/import-report.js';
import { csvRows } from '../payments-report/parse-report.js';
import { guessColumns } from '../payments-report/guess-columns.js';
import { missingReportDays } from '../payments-report/missing-days.js';
import { paymentsOf } from '../../../shared/settings.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { SyncRuntime } from '../sync/runtime.js';
import type { Handlers } from './dispatch.js';

const PREVIEW_ROWS = 200;

/** The business's zone; else the first business that has one; else this computer's. */
export function zoneResolver(sync: SyncRuntime): (businessId: string | null) => string {
  const businesses = sync.cache.all<ClinikoBusiness>('business');
  const fallback =
    businesses.find((b) => b.timeZone)?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const byId = new Map(businesses.map((b) => [b.id, b.timeZone] as const));
  return (id) => (id !== null ? byId.get(id) : null) ?? fallback;
}

/**
 * Imports payments reports into the ledger (`payments.import`) for a list of files. Shared by the
 * contract method, the CLI and the watched folder, so all three read a report the same way.
 */
export function importPaymentFiles(
  sync: SyncRuntime,
  settings: SettingsStore,
  now: () => Date,
  req: { files: ReportFile[]; dryRun?: boolean; columns?: ReportColumns; dateFormat?: string | null },
): PaymentsImportResult {
  const saved = paymentsOf(settings.get());
  const columns = req.columns ?? saved.columns;
  if (!columns) {
    throw new ApiError(
      'invalid_request',
      'The payments report columns are not set yet: choose which column holds the date, amount, invoice ' +
        'number and payment type (Payments → Import, or payments.columns in the settings file).',
    );
  }
  const dryRun = req.dryRun === true;
  let outcome;
  try {
    outcome = importReports(req.files, dryRun ? null : sync.reports, {
      columns,
      dateFormat: req.dateFormat !== undefined ? req.dateFormat : saved.dateFormat,
      invoicesByNumber: (numbers) => sync.cache.invoicesByNumber(numbers),
      zoneOf: zoneResolver(sync),
      now,
      dryRun,
    });
  } catch (err) {
    if (err instanceof ReportImportError)
      throw new ApiError('invalid_request', `Cannot import ${err.message}`);
    throw err;
  }
  const totals = new Map<
    string,
    { day: string; paymentType: string; payments: number; totalCents: number }
  >();
  for (const p of outcome.payments) {
    const key = `${p.day}|${p.paymentType}`;
    const t = totals.get(key) ?? { day: p.day, paymentType: p.paymentType, payments: 0, totalCents: 0 };
    t.payments += 1;
    t.totalCents += p.amountCents;
    totals.set(key, t);
  }
  return {
    rows: outcome.rows,
    accepted: outcome.accepted,
    refused: outcome.refused,
    days: outcome.days,
    dryRun,
    files: outcome.files,
    refusals: outcome.refusals,
    totals: [...totals.values()].sort(
      (a, b) => a.day.localeCompare(b.day) || a.paymentType.localeCompare(b.paymentType),
    ),
    preview: outcome.payments.slice(0, PREVIEW_ROWS).map((p) => ({
      file: p.file,
      line: p.line,
      day: p.day,
      paidAt: p.paidAt,
      invoiceNumber: p.invoiceNumber,
      paymentType: p.paymentType,
      amountCents: p.amountCents,
    })),
  };
}

export function inspectReport(text: string): ReportInspection {
  const rows = csvRows(text);
  const headers = (rows[0]?.cells ?? []).map((h) => h.trim());
  return { headers, sample: rows.slice(1, 6).map((r) => r.cells), guess: guessColumns(headers) };
}

export function paymentsHandlers(
  sync: SyncRuntime,
  settings: SettingsStore,
  now: () => Date,
  onImported: () => void,
): Pick<Handlers, 'payments.import' | 'payments.inspect' | 'payments.history' | 'payments.missingDays'> {
  return {
    'payments.import': (req) => {
      const r = importPaymentFiles(sync, settings, now, req);
      if (!r.dryRun) onImported();
      return Promise.resolve(r);
    },
    'payments.inspect': ({ text }) => Promise.resolve(inspectReport(text)),
    'payments.missingDays': () => {
      const current = settings.get();
      const mode = paymentsOf(current).mode;
      if (mode === 'invoice') return Promise.resolve({ mode, days: [] });
      const days = missingReportDays(sync.cache.paidInvoices(), {
        since: current.syncFrom,
        zoneOf: zoneResolver(sync),
        covers: (day) => sync.reports.covers(day),
      });
      return Promise.resolve({ mode, days });
    },
    'payments.history': () =>
      Promise.resolve({ imports: sync.reports.imports(), types: sync.reports.typeCounts() }),
  };
}
