/**
 * Payments (one per paid invoice, of the whole amount): PUT new ones once their invoice is in Xero; a
 * payment that must change or go away is deleted (its own outbox batch), and re-created next round.
 * "Amount exceeds the amount outstanding" may mean ours is already there: looked up and adopted.
 */
import type { Invoice } from 'xero-node';
import type { BatchOutcome, LedgerRecordDetails } from '../../ledger/index.js';
import { XeroHttpError } from '../../xero/xero-error.js';
import { classifyElementErrors } from '../classify.js';
import { BATCH_SIZE, chunk, DUE_LIMIT, toCents, type CycleCtx } from '../context.js';
import { elementFailure, write } from '../outbox.js';
import { hasRealXeroId, NONE, NONE_HASH, type InvoiceSnapshot, type PaymentSnapshot } from '../plan.js';
import type { XeroPaymentPayload } from '../xero-types.js';
import {
  elementsOf,
  pendingOutcome,
  send,
  type Job,
  type Operation,
  type Round,
  type Writer,
} from './writer.js';

const what = (r: LedgerRecordDetails): string => `Payment of invoice ${r.invoiceNumber ?? r.sourceId}`;

/** Xero's invoices with these IDs, by ID (one call per BATCH_SIZE IDs, none for none). */
export async function invoicesById(ctx: CycleCtx, ids: readonly string[]): Promise<Map<string, Invoice>> {
  const found = new Map<string, Invoice>();
  for (const part of chunk(ids, BATCH_SIZE))
    for (const inv of (await ctx.deps.gateway.getInvoicesByIds(ctx.tenantId, part)).invoices ?? [])
      if (inv.invoiceID) found.set(inv.invoiceID, inv);
  return found;
}

const createPayments: Operation<XeroPaymentPayload, Map<string, Invoice>> = {
  kind: 'payment-create',
  what,
  send: async (ctx, payloads, idempotencyKey) =>
    elementsOf((await ctx.deps.gateway.putPayments(ctx.tenantId, payloads, { idempotencyKey })).payments),
  // "Exceeds the amount outstanding": the invoice may already carry our payment; read those invoices.
  lookup: (ctx, jobs, els) =>
    invoicesById(
      ctx,
      jobs
        .filter((_, i) => {
          const el = els[i];
          return el && !el.ok && classifyElementErrors('', el.errors).kind === 'payment-maybe-exists';
        })
        .map((j) => j.payload.Invoice.InvoiceID),
    ),
  outcome: (ctx, { rec, payload }, el, existing) => {
    const k = { sourceType: rec.sourceType, sourceId: rec.sourceId };
    if (el.ok) return { ...k, result: 'synced', xeroId: String(el.raw.paymentID), payload, response: el.raw };
    const v = classifyElementErrors(what(rec), el.errors);
    if (v.kind === 'payment-maybe-exists') {
      const ours = (existing?.get(payload.Invoice.InvoiceID)?.payments ?? []).find(
        (x) =>
          x.reference === payload.Reference && toCents(x.amount) === toCents(payload.Amount) && x.paymentID,
      );
      if (ours?.paymentID)
        return { ...k, result: 'synced', xeroId: ours.paymentID, payload, response: el.raw };
    }
    return elementFailure(ctx, rec, v, payload, el.raw);
  },
};

/** Deletes one payment this app made; "already gone" is what we want. */
function deleteOperation(freed: Set<string>): Operation<{ PaymentID: string | null; Status: 'DELETED' }> {
  return {
    kind: 'payment-delete',
    what,
    send: async (ctx, payloads, idempotencyKey) => {
      try {
        const id = payloads[0]?.PaymentID ?? '';
        return elementsOf(
          (await ctx.deps.gateway.deletePayment(ctx.tenantId, id, { idempotencyKey })).payments,
        );
      } catch (err) {
        // Already gone (deleted by hand, or our earlier attempt landed): that is what we want.
        if (err instanceof XeroHttpError && err.status === 404) return [{ ok: true, errors: [], raw: {} }];
        throw err;
      }
    },
    outcome: (ctx, { rec, payload }, el) => {
      const k = { sourceType: rec.sourceType, sourceId: rec.sourceId };
      if (el.ok || el.errors.some((m) => /already been deleted/i.test(m))) {
        freed.add(rec.sourceId);
        return { ...k, result: 'synced', xeroId: NONE, sentHash: NONE_HASH, payload, response: el.raw };
      }
      return elementFailure(ctx, rec, classifyElementErrors(what(rec), el.errors), payload, el.raw);
    },
  };
}

/**
 * Deletes payments this app made, each its own outbox batch (Xero deletes one per call); returns the
 * invoice ids now free of them. Also used by the invoice writer before it changes a paid invoice.
 */
export async function deleteOurPayments(
  ctx: CycleCtx,
  payments: LedgerRecordDetails[],
): Promise<Set<string>> {
  const freed = new Set<string>();
  const op = deleteOperation(freed);
  for (const rec of payments) {
    if (ctx.shouldStop()) break;
    await write(ctx, op, [{ rec, payload: { PaymentID: rec.xeroId, Status: 'DELETED' } }]);
  }
  return freed;
}

async function collect(ctx: CycleCtx): Promise<Round> {
  const { ledger } = ctx.deps;
  const due = ledger.nextDue('payment', ctx.now, DUE_LIMIT);
  let moved = 0;
  const deletions: LedgerRecordDetails[] = [];
  const creates: Job<XeroPaymentPayload>[] = [];
  for (const rec of due) {
    const snap = rec.sourceSnapshot as PaymentSnapshot;
    if (hasRealXeroId(rec)) {
      deletions.push(rec); // none wanted, or a changed payment: delete, re-create next round
      continue;
    }
    if (snap.want === 'none') {
      ledger.markSynced(rec, { xeroId: NONE, sentHash: rec.wantHash });
      moved++;
      continue;
    }
    if (snap.problems?.length || !snap.payload) continue;
    // The dependency: its invoice, in Xero and not being written.
    const inv = ledger.get('invoice', rec.sourceId);
    if (!inv || inv.state !== 'synced' || !hasRealXeroId(inv) || inv.inflightBatchId !== null) continue;
    if ((inv.sourceSnapshot as InvoiceSnapshot).action !== 'send') continue;
    creates.push({ rec, payload: { ...snap.payload, Invoice: { InvoiceID: inv.xeroId ?? '' } } });
  }
  if (deletions.length) moved += (await deleteOurPayments(ctx, deletions)).size;
  return { moved, sends: [send(createPayments, creates)] };
}

/** Uncertain payment writes: our payment (Reference and amount) on the invoice in Xero → adopted. */
async function lookUpCreated(ctx: CycleCtx, b: { records: LedgerRecordDetails[] }): Promise<BatchOutcome[]> {
  const invoiceIds = new Map<string, string>();
  for (const r of b.records) {
    const inv = ctx.deps.ledger.get('invoice', r.sourceId);
    if (inv && hasRealXeroId(inv)) invoiceIds.set(r.sourceId, inv.xeroId ?? '');
  }
  const invoices = await invoicesById(ctx, [...invoiceIds.values()]);
  return b.records.map((r) => {
    const snap = r.sourceSnapshot as PaymentSnapshot;
    const ours = (invoices.get(invoiceIds.get(r.sourceId) ?? '')?.payments ?? []).find(
      (p) => p.reference === snap.payload?.Reference && toCents(p.amount) === toCents(snap.payload?.Amount),
    );
    return ours?.paymentID
      ? { sourceType: r.sourceType, sourceId: r.sourceId, result: 'synced', xeroId: ours.paymentID }
      : pendingOutcome(r);
  });
}

/** Uncertain deletes: gone (or 404) → done. */
async function lookUpDeleted(ctx: CycleCtx, b: { records: LedgerRecordDetails[] }): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = [];
  for (const r of b.records) {
    let gone: boolean;
    try {
      const p = (await ctx.deps.gateway.getPayment(ctx.tenantId, r.xeroId ?? '')).payments?.[0];
      gone = !p || String(p.status) === 'DELETED';
    } catch (err) {
      if (err instanceof XeroHttpError && err.status === 404) gone = true;
      else throw err;
    }
    outcomes.push(
      gone
        ? {
            sourceType: r.sourceType,
            sourceId: r.sourceId,
            result: 'synced',
            xeroId: NONE,
            sentHash: NONE_HASH,
          }
        : pendingOutcome(r),
    );
  }
  return outcomes;
}

export const paymentsWriter: Writer = {
  sourceType: 'payment',
  phase: 'payments',
  collect,
  reconcile: { 'payment-create': lookUpCreated, 'payment-delete': lookUpDeleted },
};
