/**
 * A reconciliation of local days: Cliniko's figures (cache + imported reports, no call) beside Xero's
 * (this app's invoices read back in batches). `planReconcile` is free and says what `runReconcile`
 * will cost in Xero calls, so the screen can show the cost before the bookkeeper spends it.
 */
import type { ReconcileCost, ReconcileResult } from '../../../shared/api.js';
import { ApiError } from '../api-error.js';
import type { ClinikoCache } from '../cliniko/cache.js';
import type { ClinikoInvoice } from '../cliniko/types.js';
import type { Ledger } from '../ledger/ledger.js';
import type { PaymentReportStore } from '../ledger/payment-reports.js';
import { addDays, isCalendarDate } from '../time/local-date.js';
import { clinikoSide, type ClinikoSide } from './cliniko-side.js';
import { compareDays, daysBetween, type InvoiceInfo } from './compare.js';
import { reconcileCsv } from './csv.js';
import {
  BATCH_SIZE,
  callsFor,
  paymentTypeFor,
  readInvoices,
  xeroSide,
  type InvoiceReader,
} from './xero-side.js';

/** A year of days at most: one row each, and a bounded number of Xero calls. */
export const MAX_DAYS = 366;

export type ReconcileDeps = {
  cache: ClinikoCache;
  ledger: Ledger;
  reports: PaymentReportStore;
  syncFrom: string;
  mode: 'invoice' | 'report' | 'daily-batch';
  zoneOf: (businessId: string | null) => string;
  /** The zone shown in the header (the business's). */
  timeZone: string;
  now: () => Date;
};

type Plan = ReconcileCost & {
  side: ClinikoSide;
  xeroIds: Map<string, string>;
  info: Map<string, InvoiceInfo>;
};

const NONE = 'none';

function checkRange(from: string, to: string): void {
  if (!isCalendarDate(from) || !isCalendarDate(to)) {
    throw new ApiError('invalid_request', 'Choose a start and an end day (YYYY-MM-DD).');
  }
  if (from > to) throw new ApiError('invalid_request', `The start day ${from} is after the end day ${to}.`);
  if (daysBetween(from, to).length > MAX_DAYS) {
    throw new ApiError('invalid_request', `Reconcile at most ${MAX_DAYS} days at a time.`);
  }
}

export function planReconcile(deps: ReconcileDeps, from: string, to: string): Plan {
  checkRange(from, to);
  // closed_at is an instant: a day either side covers every zone's local day.
  const invoices = deps.cache.invoicesForDays<ClinikoInvoice>(from, to, addDays(from, -1), addDays(to, 1));
  const side = clinikoSide({
    from,
    to,
    invoices,
    zoneOf: deps.zoneOf,
    syncFrom: deps.syncFrom,
    inLedger: (id) => deps.ledger.get('invoice', id) !== null,
    mode: deps.mode,
    reportPayments: deps.mode === 'invoice' ? [] : deps.reports.inRange(from, to),
  });
  const xeroIds = new Map<string, string>();
  const info = new Map<string, InvoiceInfo>();
  const ids = new Set([...side.contributions.map((c) => c.invoiceId), ...invoices.map((i) => i.id)]);
  for (const id of ids) {
    const rec = deps.ledger.get('invoice', id);
    const inXero = !!rec?.xeroId && rec.xeroId !== NONE;
    if (inXero && rec?.xeroId) xeroIds.set(rec.xeroId.toLowerCase(), id);
    info.set(id, {
      number: rec?.invoiceNumber ?? side.numbers.get(id) ?? id,
      patientName: rec?.patientName ?? null,
      logId: rec?.id ?? null,
      xeroUrl: rec?.xeroUrl ?? null,
      state: rec?.state ?? null,
      inXero,
    });
  }
  return {
    from,
    to,
    timeZone: deps.timeZone,
    invoices: xeroIds.size,
    calls: callsFor(xeroIds.size),
    batchSize: BATCH_SIZE,
    side,
    xeroIds,
    info,
  };
}

export function reconcileCost(deps: ReconcileDeps, from: string, to: string): ReconcileCost {
  const { side: _side, xeroIds: _ids, info: _info, ...cost } = planReconcile(deps, from, to);
  return cost;
}

export async function runReconcile(
  deps: ReconcileDeps,
  read: InvoiceReader,
  from: string,
  to: string,
): Promise<ReconcileResult> {
  const plan = planReconcile(deps, from, to);
  const { invoices, calls } = await readInvoices([...plan.xeroIds.keys()], read);
  const xero = xeroSide({
    from,
    to,
    invoices,
    clinikoIdOf: plan.xeroIds,
    typeFor: paymentTypeFor(plan.side.paymentTypes),
  });
  const cliniko = plan.side.contributions;
  const paymentTypes = [
    ...new Set(
      [...cliniko, ...xero].filter((c) => c.figure.startsWith('paid: ')).map((c) => c.figure.slice(6)),
    ),
  ].sort((a, b) => a.localeCompare(b));
  const days = compareDays({
    from,
    to,
    cliniko,
    xero,
    paymentTypes,
    info: (id) =>
      plan.info.get(id) ?? {
        number: plan.side.numbers.get(id) ?? id,
        patientName: null,
        logId: null,
        xeroUrl: null,
        state: null,
        inXero: false,
      },
  });
  return {
    from,
    to,
    timeZone: plan.timeZone,
    invoices: plan.invoices,
    calls,
    batchSize: plan.batchSize,
    ranAt: deps.now().toISOString(),
    paymentTypes,
    days,
    differentDays: days.filter((d) => d.differences.length > 0).length,
    csv: reconcileCsv(days, paymentTypes, plan.timeZone),
  };
}
