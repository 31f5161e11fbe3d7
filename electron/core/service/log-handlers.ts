import type { LogDetails, LogRow, LogSourceType, RequestOf } from '../../../shared/api.js';
import { ApiError } from '../api-error.js';
import type { Ledger, LedgerRecord, LedgerRecordDetails, ListSort } from '../ledger/index.js';
import type { CreditNoteSnapshot } from '../sync/plan-credit-note.js';
import { NONE } from '../sync/plan.js';
import type { SyncRuntime } from '../sync/runtime.js';
import type { Handlers } from './dispatch.js';
import { linkInvoice } from './link-handler.js';

/** A credit note's row names the invoice it credits (from its snapshot and that invoice's record). */
function creditFor(ledger: Ledger, r: LedgerRecord): LogRow['creditFor'] {
  const snap = ledger.get('creditnote', r.sourceId)?.sourceSnapshot as CreditNoteSnapshot | null;
  if (!snap?.originalInvoiceId) return undefined;
  const inv = ledger.get('invoice', snap.originalInvoiceId);
  const real = inv?.xeroId && inv.xeroId !== NONE;
  return {
    invoiceId: snap.originalInvoiceId,
    invoiceNumber: inv?.invoiceNumber ?? snap.originalNumber,
    xeroUrl: real ? inv.xeroUrl : null,
  };
}

export function toLogRow(r: LedgerRecord, ledger?: Ledger): LogRow {
  const xeroId = r.xeroId && r.xeroId !== NONE ? r.xeroId : null;
  const credit = ledger && r.sourceType === 'creditnote' ? creditFor(ledger, r) : undefined;
  return {
    id: r.id,
    sourceType: r.sourceType as LogSourceType,
    sourceId: r.sourceId,
    invoiceNumber: r.invoiceNumber,
    patientName: r.patientName,
    issueDate: r.issueDate,
    totalCents: r.totalCents,
    state: r.state,
    xeroId,
    xeroUrl: xeroId ? r.xeroUrl : null,
    error: r.state === 'synced' ? null : r.lastError,
    attempts: r.attempts,
    updatedAt: r.updatedAt,
    ...(credit ? { creditFor: credit } : {}),
  };
}

export function toLogDetails(r: LedgerRecordDetails, ledger?: Ledger): LogDetails {
  return { ...toLogRow(r, ledger), source: r.sourceSnapshot, sent: r.lastPayload, response: r.lastResponse };
}

const SORTS: Record<NonNullable<RequestOf<'log.list'>['sort']>, ListSort> = {
  updatedAt: 'updatedAt',
  invoiceNumber: 'invoiceNumber',
  patientName: 'patientName',
  issueDate: 'issueDate',
  total: 'totalCents',
  state: 'state',
};

/** log.list / get / find / retry / retryAll / link over the ledger. `onChanged` emits log.changed + status. */
export function logHandlers(
  runtime: SyncRuntime,
  onChanged: () => void,
): Pick<Handlers, 'log.list' | 'log.get' | 'log.find' | 'log.retry' | 'log.retryAll' | 'log.link'> {
  const details = (id: number): LedgerRecordDetails => {
    const r = runtime.ledger.getById(id);
    if (!r) throw new ApiError('not_found', `No sync-log record ${id}.`);
    return r;
  };
  return {
    'log.list': (q) => {
      const r = runtime.ledger.list({
        ...(q.state ? { state: q.state } : { sourceType: ['invoice', 'contact', 'payment', 'creditnote'] }),
        ...(q.state && !q.sourceType ? { sourceType: ['invoice', 'contact', 'payment', 'creditnote'] } : {}),
        ...(q.sourceType ? { sourceType: q.sourceType } : {}),
        ...(q.search ? { search: q.search } : {}),
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
        offset: q.offset,
        limit: q.limit,
        ...(q.sort ? { sort: SORTS[q.sort] } : {}),
        ...(q.dir ? { dir: q.dir } : {}),
      });
      return Promise.resolve({ rows: r.rows.map((row) => toLogRow(row, runtime.ledger)), total: r.total });
    },
    'log.get': ({ id }) => Promise.resolve(toLogDetails(details(id), runtime.ledger)),
    'log.find': ({ invoice }) => {
      const ledger = runtime.ledger;
      const byNumber = ledger.findByInvoiceNumber(invoice);
      const records = byNumber.length
        ? byNumber
        : (['invoice', 'payment'] as const)
            .map((t) => ledger.get(t, invoice))
            .filter((r): r is NonNullable<typeof r> => r !== null);
      return Promise.resolve({ rows: records.map((row) => toLogRow(row, runtime.ledger)) });
    },
    'log.retry': ({ id }) => {
      details(id);
      runtime.ledger.requeue([id]);
      onChanged();
      return Promise.resolve(toLogRow(details(id), runtime.ledger));
    },
    'log.link': async ({ id }) => {
      await linkInvoice(runtime, id);
      onChanged();
      return toLogRow(details(id), runtime.ledger);
    },
    'log.retryAll': () => {
      const requeued = runtime.ledger.requeue('all');
      onChanged();
      return Promise.resolve({ requeued });
    },
  };
}
