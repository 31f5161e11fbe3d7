/**
 * Credit notes (ACCRECCREDIT, docs/decisions/023): PUT a Cliniko credit note once its patient's
 * contact and the invoice it credits are in Xero, then allocate it to that invoice.
 *
 * Two steps, each through the outbox: `creditnote-create`, then `creditnote-allocate`. Between them
 * the record is in Xero (it has its CreditNoteID) but stays pending: its sent hash is the want hash
 * with ALLOCATION_DUE, so the next round collects it for the allocation. The allocation's amount is
 * read from Xero just before it is sent (what the credit note still has, what the invoice still
 * owes), so sending it again after an uncertain outcome can never allocate twice: a landed allocation
 * has used the credit up.
 */
import type { CreditNote, Invoice } from 'xero-node';
import type { BatchOutcome, LedgerRecordDetails, RecordKey } from '../../ledger/index.js';
import { classifyElementErrors } from '../classify.js';
import { ADOPTED, DUE_LIMIT, toCents, type CycleCtx } from '../context.js';
import { elementFailure } from '../outbox.js';
import { hasRealXeroId } from '../plan.js';
import type { CreditNoteSnapshot } from '../plan-credit-note.js';
import { allocationFor, type XeroAllocationPayload } from '../map-credit-note.js';
import { formatCents } from '../../money.js';
import { invoicesById } from './payments.js';
import { xeroInvoiceUrl } from './invoices.js';
import {
  elementsOf,
  pendingOutcome,
  send,
  type Job,
  type Operation,
  type Round,
  type Writer,
} from './writer.js';

export const xeroCreditNoteUrl = (id: string): string =>
  `https://go.xero.com/AccountsReceivable/ViewCreditNote.aspx?creditNoteID=${id}`;

/** Marks a created credit note whose allocation is still to be made (the record stays pending). */
export const ALLOCATION_DUE = '#allocation-due';

type Payload = Record<string, unknown>;
type AllocationPayload = { CreditNoteID: string; Allocation: XeroAllocationPayload };

const snapOf = (r: LedgerRecordDetails): CreditNoteSnapshot => r.sourceSnapshot as CreditNoteSnapshot;
const what = (r: LedgerRecordDetails): string => {
  const original = snapOf(r)?.originalNumber;
  return `Credit note ${r.invoiceNumber ?? r.sourceId}${original ? ` (for invoice ${original})` : ''}`;
};
const gone = (cn: CreditNote | undefined): boolean => ['VOIDED', 'DELETED'].includes(String(cn?.status));

/** What the log keeps of Xero's answer: the credit note, and the invoice it credits. */
function summarize(raw: Record<string, unknown>, rec: LedgerRecordDetails): Record<string, unknown> {
  const original = rec.sourceSnapshot ? snapOf(rec) : null;
  return {
    CreditNoteID: raw.creditNoteID,
    CreditNoteNumber: raw.creditNoteNumber,
    Status: raw.status,
    SubTotal: raw.subTotal,
    TotalTax: raw.totalTax,
    Total: raw.total,
    RemainingCredit: raw.remainingCredit,
    ForInvoice: original?.originalNumber ?? null,
  };
}

/** Created (or adopted): in Xero, with the allocation still to make. */
function created(
  rec: LedgerRecordDetails,
  xeroId: string,
  payload: unknown,
  raw: object,
  wantHash: string,
): BatchOutcome {
  return {
    sourceType: rec.sourceType,
    sourceId: rec.sourceId,
    result: 'synced',
    xeroId,
    xeroUrl: xeroCreditNoteUrl(xeroId),
    sentHash: `${wantHash}${ALLOCATION_DUE}`,
    payload,
    response: summarize(raw as Record<string, unknown>, rec),
  };
}

/**
 * Whether a Xero credit note under our number is this app's own earlier attempt: it carries the
 * reference and the contact this app sends (as for invoices, decision 022). A bookkeeper's credit
 * note under the same number carries neither.
 */
function provablyOurs(found: CreditNote, payload: unknown): boolean {
  const p = payload as { Reference?: string; Contact?: { ContactID?: string } } | null;
  if (!p?.Reference || !p.Contact?.ContactID) return false;
  if (gone(found)) return false;
  return (
    found.reference === p.Reference &&
    String(found.contact?.contactID ?? '').toLowerCase() === p.Contact.ContactID.toLowerCase()
  );
}

async function byNumbers(ctx: CycleCtx, numbers: readonly string[]): Promise<Map<string, CreditNote>> {
  const found = new Map<string, CreditNote>();
  for (const n of new Set(numbers))
    for (const cn of (await ctx.deps.gateway.getCreditNotesByNumber(ctx.tenantId, n)).creditNotes ?? [])
      if (cn.creditNoteNumber && !gone(cn)) found.set(cn.creditNoteNumber.toLowerCase(), cn);
  return found;
}

const createCreditNotes: Operation<Payload, Map<string, CreditNote>> = {
  kind: 'creditnote-create',
  what,
  send: async (ctx, payloads, idempotencyKey) =>
    elementsOf(
      (await ctx.deps.gateway.putCreditNotes(ctx.tenantId, payloads, { idempotencyKey })).creditNotes,
    ),
  // Refused: perhaps our number is already there (an earlier attempt that landed). Read those.
  lookup: (ctx, jobs, els) =>
    byNumbers(
      ctx,
      jobs.filter((_, i) => els[i] && !els[i].ok).map((j) => String(j.payload.CreditNoteNumber)),
    ),
  outcome: (ctx, { rec, payload }, el, found) => {
    if (el.ok) return created(rec, String(el.raw.creditNoteID), payload, el.raw, rec.wantHash);
    const cn = found?.get(String(payload.CreditNoteNumber).toLowerCase());
    if (cn?.creditNoteID && provablyOurs(cn, payload)) {
      const same = toCents(cn.total) === rec.totalCents;
      return created(rec, cn.creditNoteID, payload, cn, same ? rec.wantHash : ADOPTED);
    }
    if (cn?.creditNoteID) {
      return {
        sourceType: rec.sourceType,
        sourceId: rec.sourceId,
        result: 'needs_attention',
        error: `${what(rec)}: Xero already has a credit note numbered ${String(payload.CreditNoteNumber)} that this app did not make (for ${cn.contact?.name ?? 'another contact'}, $${formatCents(toCents(cn.total) ?? 0)}). It was left as it is. Use another invoice prefix in Settings, or remove that credit note in Xero, then retry.`,
        payload,
        response: el.raw,
      };
    }
    return elementFailure(ctx, rec, classifyElementErrors(what(rec), el.errors), payload, el.raw);
  },
};

const allocate: Operation<AllocationPayload> = {
  kind: 'creditnote-allocate',
  what,
  // One call per credit note (Xero's endpoint is per credit note); each its own key.
  send: async (ctx, payloads, idempotencyKey) => {
    const out = [];
    for (const [i, p] of payloads.entries()) {
      const r = await ctx.deps.gateway.putCreditNoteAllocation(ctx.tenantId, p.CreditNoteID, p.Allocation, {
        idempotencyKey: payloads.length === 1 ? idempotencyKey : `${idempotencyKey}-${i}`,
      });
      out.push(...elementsOf(r.allocations).slice(0, 1));
    }
    return out;
  },
  outcome: (ctx, { rec, payload }, el) => {
    if (!el.ok) return elementFailure(ctx, rec, classifyElementErrors(what(rec), el.errors), payload, el.raw);
    return allocated(
      ctx,
      rec,
      payload.Allocation,
      `Allocated $${formatCents(cents(payload.Allocation.Amount))} to invoice ${snapOf(rec).originalNumber ?? ''}.`,
    );
  },
};

const cents = (n: number): number => toCents(n) ?? 0;

/** Done: the credit note is in Xero and allocated (or there was nothing to allocate, said why). */
function allocated(
  ctx: CycleCtx,
  rec: LedgerRecordDetails,
  allocation: XeroAllocationPayload | null,
  note: string,
): BatchOutcome {
  const invoiceXeroId = allocation?.Invoice.InvoiceID ?? null;
  return {
    sourceType: rec.sourceType,
    sourceId: rec.sourceId,
    result: 'synced',
    xeroId: rec.xeroId ?? '',
    xeroUrl: rec.xeroUrl,
    sentHash: (rec.sentHash ?? rec.wantHash).replace(ALLOCATION_DUE, ''),
    payload: { creditNote: sentPayload(ctx, rec), allocation },
    response: {
      ...(rec.lastResponse as Record<string, unknown> | null),
      Allocation: note,
      ...(invoiceXeroId ? { InvoiceUrl: xeroInvoiceUrl(invoiceXeroId) } : {}),
    },
  };
}

/** The credit note as sent: the planned payload with its contact's ContactID. */
function sentPayload(ctx: CycleCtx, rec: LedgerRecordDetails): Payload | null {
  const snap = snapOf(rec);
  if (!snap?.payload) return null;
  const contact = snap.patientId ? ctx.deps.ledger.get('contact', snap.patientId) : null;
  return { ...snap.payload, Contact: { ContactID: contact?.xeroId ?? '' } };
}

const waitsForAllocation = (r: LedgerRecordDetails): boolean =>
  hasRealXeroId(r) && r.sentHash === `${r.wantHash}${ALLOCATION_DUE}`;

async function collect(ctx: CycleCtx): Promise<Round> {
  const { ledger } = ctx.deps;
  const due = ledger.nextDue('creditnote', ctx.now, DUE_LIMIT);
  let moved = 0;
  const creates: Job<Payload>[] = [];
  const toAllocate: { rec: LedgerRecordDetails; invoice: LedgerRecordDetails }[] = [];
  for (const rec of due) {
    const snap = snapOf(rec);
    if (snap.action !== 'send' || !snap.payload) continue;
    // The dependencies: the contact (for the ContactID) and the invoice it credits, both in Xero.
    const contact = snap.patientId ? ledger.get('contact', snap.patientId) : null;
    const invoice = ledger.get('invoice', snap.originalInvoiceId);
    if (!contact || !hasRealXeroId(contact) || !invoice || !hasRealXeroId(invoice)) continue;
    if (waitsForAllocation(rec)) {
      toAllocate.push({ rec, invoice });
      continue;
    }
    if (hasRealXeroId(rec)) {
      // Changing a credit note already in Xero is not built: say so once, leave Xero as it is.
      ledger.markNeedsAttention(rec, {
        error: `${what(rec)}: it changed in Cliniko after it was sent to Xero. Make the same change to the credit note in Xero by hand, then press Retry.`,
        attemptedHash: rec.wantHash,
      });
      moved++;
      continue;
    }
    creates.push({ rec, payload: { ...snap.payload, Contact: { ContactID: contact.xeroId } } });
  }

  // The allocation's amount, from Xero now: what the credit note has left, what the invoice owes.
  const allocations: Job<AllocationPayload>[] = [];
  if (toAllocate.length) {
    const invoices = await invoicesById(
      ctx,
      toAllocate.map((t) => t.invoice.xeroId ?? ''),
    );
    for (const { rec, invoice } of toAllocate) {
      const cn = (await ctx.deps.gateway.getCreditNote(ctx.tenantId, rec.xeroId ?? '')).creditNotes?.[0];
      const inv: Invoice | undefined =
        invoices.get(String(invoice.xeroId).toLowerCase()) ?? invoices.get(String(invoice.xeroId));
      const remaining = toCents(cn?.remainingCredit) ?? 0;
      const owed = gone(inv as CreditNote | undefined) ? 0 : (toCents(inv?.amountDue) ?? 0);
      // Not before either document: the later of the credit note's and the invoice's dates.
      const cnDate = String(snapOf(rec).payload?.Date ?? '');
      const date = invoice.issueDate && invoice.issueDate > cnDate ? invoice.issueDate : cnDate;
      const alloc = allocationFor(remaining, owed, invoice.xeroId ?? '', date);
      if (!alloc) {
        const why =
          remaining <= 0
            ? 'Nothing left to allocate: the credit is already used in Xero.'
            : `Not allocated: invoice ${invoice.invoiceNumber ?? ''} owes nothing in Xero (it is paid), so the credit of $${formatCents(remaining)} stays on the contact in Xero, as in Cliniko.`;
        ledger.markSynced(rec, okInfo(allocated(ctx, rec, null, why)));
        ledger.addEvent({
          level: 'info',
          kind: 'creditnote',
          message: `${what(rec)}: ${why}`,
          sourceType: 'creditnote',
          sourceId: rec.sourceId,
        });
        moved++;
        continue;
      }
      allocations.push({ rec, payload: { CreditNoteID: rec.xeroId ?? '', Allocation: alloc } });
    }
  }
  return { moved, sends: [send(createCreditNotes, creates), send(allocate, allocations)] };
}

function okInfo(o: BatchOutcome): Parameters<CycleCtx['deps']['ledger']['markSynced']>[1] {
  if (o.result !== 'synced') throw new Error('not synced');
  return {
    xeroId: o.xeroId,
    sentHash: o.sentHash ?? '',
    ...(o.xeroUrl !== undefined ? { xeroUrl: o.xeroUrl } : {}),
    payload: o.payload,
    response: o.response,
  };
}

/** Uncertain creates: a credit note with our number, reference and contact → adopted. */
async function lookUpCreated(ctx: CycleCtx, b: { records: LedgerRecordDetails[] }): Promise<BatchOutcome[]> {
  const found = await byNumbers(ctx, b.records.map((r) => r.invoiceNumber ?? '').filter(Boolean));
  return b.records.map((r) => {
    const cn = found.get((r.invoiceNumber ?? '').toLowerCase());
    const snap = r.sourceSnapshot as CreditNoteSnapshot | null;
    const contact = snap?.patientId ? ctx.deps.ledger.get('contact', snap.patientId) : null;
    const ours =
      cn !== undefined &&
      provablyOurs(cn, { ...snap?.payload, Contact: { ContactID: contact?.xeroId ?? '' } });
    if (!cn?.creditNoteID || !ours) return pendingOutcome(r);
    const same = toCents(cn.total) === r.totalCents;
    return created(r, cn.creditNoteID, sentPayload(ctx, r), cn, same ? r.wantHash : ADOPTED);
  });
}

/** Uncertain allocations: collected again; the amount is read from Xero then, so none is doubled. */
async function lookUpAllocated(
  _ctx: CycleCtx,
  b: { records: LedgerRecordDetails[] },
): Promise<BatchOutcome[]> {
  return Promise.resolve(b.records.map((r): BatchOutcome => pendingOutcome(r as RecordKey)));
}

export const creditNotesWriter: Writer = {
  sourceType: 'creditnote',
  phase: 'credit notes',
  collect,
  reconcile: { 'creditnote-create': lookUpCreated, 'creditnote-allocate': lookUpAllocated },
};
