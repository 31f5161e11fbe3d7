/**
 * Invoices (ACCREC): PUT new ones once their contact is in Xero (the dependency gives the
 * ContactID); POST changes and voids. An invoice with a payment cannot be changed in Xero, so the
 * payment this app made is deleted first. "Invoice # must be unique" for our own number is adopted.
 */
import type { Invoice } from 'xero-node';
import type { BatchOutcome, LedgerRecordDetails, RecordKey } from '../../ledger/index.js';
import { classifyElementErrors } from '../classify.js';
import { ADOPTED, BATCH_SIZE, chunk, DUE_LIMIT, toCents, type CycleCtx } from '../context.js';
import { elementFailure } from '../outbox.js';
import { hasRealXeroId, NONE, type InvoiceSnapshot } from '../plan.js';
import { formatCents } from '../../money.js';
import { collisionMessage } from '../ownership.js';
import { changedSinceSent, type OwnedInvoice } from '../ownership-checks.js';
import { seenInvoice } from '../xero-seen.js';
import { deleteOurPayments, invoicesById } from './payments.js';
import {
  elementsOf,
  pendingOutcome,
  send,
  type Job,
  type Operation,
  type Round,
  type Writer,
} from './writer.js';

export const xeroInvoiceUrl = (id: string): string =>
  `https://go.xero.com/AccountsReceivable/View.aspx?InvoiceID=${id}`;

type Payload = Record<string, unknown>;
const what = (r: LedgerRecordDetails): string => `Invoice ${r.invoiceNumber ?? r.sourceId}`;
const gone = (inv: Invoice | undefined): boolean => ['VOIDED', 'DELETED'].includes(String(inv?.status));

/** What the log keeps of Xero's answer for an invoice (not the whole document). */
function summarizeInvoice(raw: Record<string, unknown>): Record<string, unknown> {
  const pick = (k: string) => raw[k];
  return {
    InvoiceID: pick('invoiceID'),
    InvoiceNumber: pick('invoiceNumber'),
    Status: pick('status'),
    SubTotal: pick('subTotal'),
    TotalTax: pick('totalTax'),
    Total: pick('total'),
    AmountDue: pick('amountDue'),
    AmountPaid: pick('amountPaid'),
    StatusAttributeString: pick('statusAttributeString'),
  };
}

/** An invoice that is in Xero as `xeroId`: its link, what was sent and a summary of Xero's copy. */
function syncedInvoice(rec: RecordKey, xeroId: string, payload: unknown, xeroInvoice: object): BatchOutcome {
  return {
    sourceType: rec.sourceType,
    sourceId: rec.sourceId,
    result: 'synced',
    xeroId,
    xeroUrl: xeroInvoiceUrl(xeroId),
    payload,
    response: summarizeInvoice(xeroInvoice as Record<string, unknown>),
  };
}

/**
 * Whether a Xero invoice under our number is this app's own earlier attempt: it carries the reference
 * and the contact this app sends. A bookkeeper's invoice under the same number carries neither.
 */
function provablyOurs(found: Invoice, payload: unknown): boolean {
  const p = payload as { Reference?: string; Contact?: { ContactID?: string } } | null;
  if (!p?.Reference || !p.Contact?.ContactID) return false;
  if (gone(found)) return false;
  return (
    found.reference === p.Reference &&
    String(found.contact?.contactID ?? '').toLowerCase() === p.Contact.ContactID.toLowerCase()
  );
}

/**
 * Creates go out with PUT, which never updates: Xero refuses a number it already holds ("Invoice #
 * must be unique"), atomically, so someone else's invoice is never written to. Only the refused
 * numbers are looked up, to tell this app's own earlier attempt from a collision (issue 12).
 */
const createInvoices: Operation<Payload, Map<string, Invoice>> = {
  kind: 'invoice-create',
  what,
  send: async (ctx, payloads, idempotencyKey) =>
    elementsOf((await ctx.deps.gateway.putInvoices(ctx.tenantId, payloads, { idempotencyKey })).invoices),
  // Our number already in Xero: read those invoices, to adopt the ones that are ours.
  lookup: async (ctx, jobs, els) => {
    const adopt = new Map<string, Invoice>();
    const dupNumbers = jobs
      .filter((_, i) => {
        const el = els[i];
        return el && !el.ok && classifyElementErrors('', el.errors).kind === 'adopt-invoice';
      })
      .map((j) => String(j.payload.InvoiceNumber));
    if (dupNumbers.length) {
      for (const inv of (await ctx.deps.gateway.getInvoicesByNumbers(ctx.tenantId, dupNumbers)).invoices ??
        [])
        if (inv.invoiceNumber) adopt.set(inv.invoiceNumber.toLowerCase(), inv);
    }
    return adopt;
  },
  outcome: (ctx, { rec, payload }, el, adopt) => {
    if (el.ok) return syncedInvoice(rec, String(el.raw.invoiceID), payload, el.raw);
    const v = classifyElementErrors(what(rec), el.errors);
    if (v.kind === 'adopt-invoice') {
      const found = adopt?.get(String(payload.InvoiceNumber).toLowerCase());
      // Adopted only when it is provably this app's own earlier attempt: our reference and contact.
      if (found?.invoiceID && provablyOurs(found, payload)) {
        const same = toCents(found.total) === rec.totalCents;
        return {
          ...syncedInvoice(rec, found.invoiceID, payload, found),
          ...(same ? {} : { sentHash: ADOPTED }),
        };
      }
      const seen = found?.invoiceID ? seenInvoice(found) : null;
      return {
        sourceType: rec.sourceType,
        sourceId: rec.sourceId,
        result: 'needs_attention',
        error: seen
          ? `${what(rec)}: ${collisionMessage(String(payload.InvoiceNumber), seen, { money: (c) => `$${formatCents(c)}`, date: (d) => d })}`
          : `${what(rec)}: Xero already has an invoice with this number that is voided or deleted. Use another invoice prefix in Settings, then retry.`,
        payload,
        response: seen ? { collision: seen } : el.raw,
      };
    }
    return elementFailure(ctx, rec, v, payload, el.raw);
  },
};

/** A void (only InvoiceID and Status). */
const isVoid = (p: Payload): boolean => p.Status !== undefined && Object.keys(p).length === 2;

const updateInvoices: Operation<Payload, Map<string, Invoice>> = {
  kind: 'invoice-update',
  what,
  send: async (ctx, payloads, idempotencyKey) =>
    elementsOf((await ctx.deps.gateway.postInvoices(ctx.tenantId, payloads, { idempotencyKey })).invoices),
  // A void that Xero refuses may simply have happened already (an earlier attempt landed).
  lookup: (ctx, jobs, els) =>
    invoicesById(
      ctx,
      jobs
        .filter((j, i) => isVoid(j.payload) && els[i] && !els[i].ok)
        .map((j) => String(j.payload.InvoiceID)),
    ),
  outcome: (ctx, { rec, payload }, el, lookups) => {
    const id = String(payload.InvoiceID);
    if (el.ok) return syncedInvoice(rec, id, payload, el.raw);
    const found = lookups?.get(id);
    if (found && gone(found)) {
      return {
        sourceType: rec.sourceType,
        sourceId: rec.sourceId,
        result: 'synced',
        xeroId: id,
        payload,
        response: summarizeInvoice(found as unknown as Record<string, unknown>),
      };
    }
    return elementFailure(ctx, rec, classifyElementErrors(what(rec), el.errors), payload, el.raw);
  },
};

/** What this app knows of its own writes to an invoice it created, for the changed-in-Xero check. */
function owned(ctx: CycleCtx, rec: LedgerRecordDetails): OwnedInvoice {
  const pay = ctx.deps.ledger.get('payment', rec.sourceId);
  const ourPay = pay && hasRealXeroId(pay) ? pay : null;
  const total = toCents((rec.lastResponse as { Total?: unknown } | null)?.Total);
  const writes = [rec.syncedAt, ourPay?.syncedAt ?? null].filter((t): t is string => !!t).sort();
  return {
    sourceId: rec.sourceId,
    xeroId: rec.xeroId ?? '',
    sentTotalCents: total,
    paidByUsCents: ourPay ? (toCents((ourPay.lastPayload as { Amount?: unknown } | null)?.Amount) ?? 0) : 0,
    lastWriteAt: writes[writes.length - 1] ?? null,
  };
}

async function collect(ctx: CycleCtx): Promise<Round> {
  const { ledger } = ctx.deps;
  const due = ledger.nextDue('invoice', ctx.now, DUE_LIMIT);
  let moved = 0;
  const creates: Job<Payload>[] = [];
  const changes: Job<Payload>[] = [];
  const blockedByPayment: (Job<Payload> & { payment: LedgerRecordDetails })[] = [];
  for (const rec of due) {
    const snap = rec.sourceSnapshot as InvoiceSnapshot;
    if (snap.action === 'problem') continue;
    let payload: Payload;
    if (snap.action === 'void') {
      if (!hasRealXeroId(rec)) {
        ledger.markSynced(rec, { xeroId: NONE, sentHash: rec.wantHash });
        moved++;
        continue;
      }
      const sentStatus =
        (rec.lastPayload as { Status?: string } | null)?.Status ?? ctx.settings.invoiceStatus;
      payload = { InvoiceID: rec.xeroId, Status: sentStatus === 'DRAFT' ? 'DELETED' : 'VOIDED' };
    } else {
      // The dependency: its patient's contact, in Xero (else it waits for the contact writer).
      const contact = snap.patientId ? ledger.get('contact', snap.patientId) : null;
      if (!contact || !hasRealXeroId(contact)) continue;
      payload = { ...snap.payload, Contact: { ContactID: contact.xeroId } };
      if (!hasRealXeroId(rec)) {
        creates.push({ rec, payload });
        continue;
      }
      payload = { InvoiceID: rec.xeroId, ...payload };
    }
    const payment = ledger.get('payment', rec.sourceId);
    if (payment && hasRealXeroId(payment) && payment.inflightBatchId === null) {
      blockedByPayment.push({ rec, payload, payment });
    } else {
      changes.push({ rec, payload });
    }
  }
  // Never overwrite what someone else did in Xero since this app's last write (issue 12).
  const mine = [...changes, ...blockedByPayment].map((c) => owned(ctx, c.rec));
  const changedElsewhere = changedSinceSent(
    mine,
    await invoicesById(
      ctx,
      mine.map((o) => o.xeroId),
    ),
    (id) => ctx.deps.ledger.ownsXeroId(id),
  );
  if (changedElsewhere.size) {
    const keep = (c: { rec: LedgerRecordDetails }): boolean => {
      const hit = changedElsewhere.get(c.rec.sourceId);
      if (!hit) return true;
      ledger.markNeedsAttention(c.rec, {
        error: `Invoice ${c.rec.invoiceNumber ?? c.rec.sourceId}: ${hit.reason} since this app sent it, so the change made in Cliniko was not sent and Xero was left as it is. If Cliniko is right, undo that in Xero and press Retry; otherwise make the change in Xero by hand.`,
        attemptedHash: c.rec.wantHash,
        response: { xero: hit.seen },
      });
      moved++;
      return false;
    };
    changes.splice(0, changes.length, ...changes.filter(keep));
    blockedByPayment.splice(0, blockedByPayment.length, ...blockedByPayment.filter(keep));
  }
  // An invoice with a payment cannot be changed in Xero: remove the payment this app made first.
  if (blockedByPayment.length) {
    ctx.progress('removing payments before changes', 0, blockedByPayment.length);
    const freed = await deleteOurPayments(
      ctx,
      blockedByPayment.map((b) => b.payment),
    );
    moved += freed.size;
    for (const b of blockedByPayment) {
      if (freed.has(b.rec.sourceId)) changes.push({ rec: b.rec, payload: b.payload });
      else {
        const pay = ledger.get('payment', b.rec.sourceId);
        ledger.markNeedsAttention(b.rec, {
          error:
            `Invoice ${b.rec.invoiceNumber ?? b.rec.sourceId}: its payment in Xero could not be removed, so the change was not sent. ${pay?.lastError ?? ''}`.trim(),
          attemptedHash: b.rec.wantHash,
        });
      }
    }
  }
  return { moved, sends: [send(createInvoices, creates), send(updateInvoices, changes)] };
}

/** Uncertain creates: an invoice with our number that is not voided or deleted → adopted. */
async function lookUpCreated(ctx: CycleCtx, b: { records: LedgerRecordDetails[] }): Promise<BatchOutcome[]> {
  const numbers = b.records.map((r) => r.invoiceNumber ?? '').filter(Boolean);
  const found = new Map<string, Invoice>();
  for (const part of chunk(numbers, BATCH_SIZE))
    for (const inv of (await ctx.deps.gateway.getInvoicesByNumbers(ctx.tenantId, part)).invoices ?? [])
      if (inv.invoiceNumber && !gone(inv)) found.set(inv.invoiceNumber.toLowerCase(), inv);
  return b.records.map((r) => {
    const inv = found.get((r.invoiceNumber ?? '').toLowerCase());
    const snap = r.sourceSnapshot as InvoiceSnapshot | null;
    const contact = snap?.patientId ? ctx.deps.ledger.get('contact', snap.patientId) : null;
    const ours =
      inv !== undefined &&
      provablyOurs(inv, { ...snap?.payload, Contact: { ContactID: contact?.xeroId ?? '' } });
    // Not provably ours: the record is tried again, where the collision check stops at it.
    if (!inv?.invoiceID || !ours) return pendingOutcome(r);
    const same = toCents(inv.total) === r.totalCents;
    return {
      sourceType: r.sourceType,
      sourceId: r.sourceId,
      result: 'synced',
      xeroId: inv.invoiceID,
      xeroUrl: xeroInvoiceUrl(inv.invoiceID),
      ...(same ? {} : { sentHash: ADOPTED }),
    };
  });
}

export const invoicesWriter: Writer = {
  sourceType: 'invoice',
  phase: 'invoices',
  collect,
  // invoice-update: updates and voids carry the InvoiceID, so sending them again is harmless.
  reconcile: { 'invoice-create': lookUpCreated },
};
