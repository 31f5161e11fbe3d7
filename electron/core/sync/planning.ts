/**
 * Planning: the invoices that changed (compared with the ledger's snapshot, not with the cache) and
 * the records that are due are mapped into ledger records; the cursors move in the same ledger
 * transaction that queues them. Xero's accounts and tax rates are read once, before mapping, and only
 * if some invoice is to be mapped: a cycle with nothing changed makes no Xero call. Each invoice is
 * planned once; its contact is a dependency the invoice writer resolves (writers/invoices.ts).
 */
import type {
  ClinikoBillableItem,
  ClinikoBusiness,
  ClinikoInvoice,
  ClinikoInvoiceItem,
  ClinikoPatient,
  ClinikoPractitioner,
  ClinikoProduct,
  ClinikoTax,
} from '../cliniko/types.js';
import type { ClinikoCache } from '../cliniko/cache.js';
import { STREAM_DEFS } from '../cliniko/streams.js';
import type { Ledger, RecordKey, WantedRecord } from '../ledger/index.js';
import { markBackfillPlanned } from './backfill.js';
import { contentHash } from './hash.js';
import { DUE_LIMIT, keyOf, type CycleCtx } from './context.js';
import { backoffMs } from './failure-policy.js';
import { nameKey, needsDisambiguation } from './map-contact.js';
import type { InvoiceCatalog } from './map-invoice.js';
import {
  mapsToXero,
  patientHash,
  planContact,
  planInvoice,
  sourceHash,
  type ContactSnapshot,
  type InvoiceSnapshot,
  type PlanInput,
} from './plan.js';
import type { ReadResult } from './read.js';
import { fetchXeroRefs } from './xero-refs.js';
import type { Hold } from './cycle-read.js';
import { refsWanted } from './refs-wanted.js';
import {
  creditNoteMapsToXero,
  isCreditNote,
  planCreditNote,
  type CreditNoteSnapshot,
} from './plan-credit-note.js';

type Work = { invoice: ClinikoInvoice; items: ClinikoInvoiceItem[]; hold: Hold | null };
type Problem = { key: RecordKey; retryable: boolean; message: string; hash: string };

/** The names, taxes and practitioners an invoice's lines refer to, from the Cliniko cache. */
export function catalog(cache: ClinikoCache): InvoiceCatalog {
  const billableItems: InvoiceCatalog['billableItems'] = Object.fromEntries(
    cache
      .all<ClinikoBillableItem>('billable_item')
      .map((b) => [b.id, { name: b.name, taxId: b.taxId, itemCode: b.itemCode }]),
  );
  const products: InvoiceCatalog['products'] = Object.fromEntries(
    cache
      .all<ClinikoProduct>('product')
      .map((p) => [p.id, { name: p.name, taxId: p.taxId, itemCode: p.itemCode }]),
  );
  const practitioners: InvoiceCatalog['practitioners'] = Object.fromEntries(
    cache.all<ClinikoPractitioner>('practitioner').map((p) => [p.id, { displayName: p.displayName }]),
  );
  const taxes: InvoiceCatalog['taxes'] = Object.fromEntries(
    cache.all<ClinikoTax>('tax').map((t) => [t.id, { name: t.name, rate: t.rate }]),
  );
  const businesses = Object.fromEntries(
    cache.all<ClinikoBusiness>('business').map((b) => [b.id, { name: b.displayName ?? b.name }]),
  );
  return { billableItems, products, practitioners, taxes, businesses };
}

/** A patient whose name is shared (or whose plain name Xero refused) gets the disambiguated name. */
export function disambiguate(ledger: Ledger, cache: ClinikoCache, p: ClinikoPatient): boolean {
  if (ledger.getKv(`contact.disambiguate.${p.id}`) === true) return true;
  return needsDisambiguation(p, cache.idsByName('patient', nameKey(p)));
}

function fallbackZone(cache: ClinikoCache): string {
  const zoned = cache.all<ClinikoBusiness>('business').find((b) => b.timeZone);
  return zoned?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * The invoices to (re)plan: read this cycle, held by an unreadable record (planned every cycle so the
 * hold shows), newly backfilled, or due for another attempt.
 */
function invoicesToPlan(ctx: CycleCtx, read: ReadResult): Work[] {
  const { cache, ledger } = ctx.deps;
  const invoices = new Map<string, ClinikoInvoice>();
  for (const inv of (read.streams.get('invoices')?.records ?? []) as ClinikoInvoice[])
    invoices.set(inv.id, inv);
  const touched = new Set<string>(invoices.keys());
  for (const item of (read.streams.get('invoiceItems')?.records ?? []) as ClinikoInvoiceItem[])
    if (item.invoiceId) touched.add(item.invoiceId);
  for (const id of read.heldInvoiceIds) touched.add(id); // a hold shows until Cliniko fixes the record
  // A new backfill: history already read (cached) but never planned because it was before syncFrom.
  const newBackfill = ctx.backfill && !ctx.backfill.planned ? ctx.backfill : null;
  if (newBackfill) {
    for (const inv of cache.all<ClinikoInvoice>('invoice'))
      if (inv.issueDate >= newBackfill.since && !touched.has(inv.id) && !ledger.get('invoice', inv.id))
        touched.add(inv.id);
  }
  const due = new Set<string>();
  for (const r of ledger.nextDue('invoice', ctx.now, DUE_LIMIT)) due.add(r.sourceId);
  for (const r of ledger.nextDue('payment', ctx.now, DUE_LIMIT)) due.add(r.sourceId);
  // Credit notes waiting for their items, patient or original invoice (not those only waiting to send).
  for (const r of ledger.nextDue('creditnote', ctx.now, DUE_LIMIT))
    if ((r.sourceSnapshot as CreditNoteSnapshot | null)?.action === 'problem') due.add(r.sourceId);

  const work: Work[] = [];
  for (const id of new Set([...touched, ...due])) {
    const invRec = ledger.get('invoice', id);
    const invoice =
      invoices.get(id) ??
      cache.get<ClinikoInvoice>('invoice', id) ??
      (invRec?.sourceSnapshot as InvoiceSnapshot | undefined)?.invoice ??
      (ledger.get('creditnote', id)?.sourceSnapshot as CreditNoteSnapshot | undefined)?.invoice;
    if (!invoice) continue;
    // A credit note's own record is `creditnote:<id>` (an older ledger may also hold `invoice:<id>`).
    const rec = isCreditNote(invoice) ? ledger.get('creditnote', id) : invRec;
    const snap = rec?.sourceSnapshot as { srcHash?: string } | undefined;
    const items = cache.children<ClinikoInvoiceItem>('invoice_item', id);
    const hold = read.hold(invoice, items, ctx.settings);
    if (!due.has(id) && !hold) {
      if (!rec && (invoice.issueDate < ctx.settings.syncFrom || invoice.archivedAt !== null)) continue;
      // Unchanged since the ledger last planned it (an overlap re-read): nothing to do.
      if (rec && snap?.srcHash === sourceHash(invoice, items) && rec.state !== 'pending') continue;
    }
    work.push({ invoice, items, hold });
  }
  return work;
}

export async function plan(ctx: CycleCtx, read: ReadResult): Promise<void> {
  const { cache, ledger } = ctx.deps;
  const work = invoicesToPlan(ctx, read);

  // Patients that changed and already have a contact (a rename updates the contact).
  const wants = new Map<string, WantedRecord>();
  const problems: Problem[] = [];
  for (const p of (read.streams.get('patients')?.records ?? []) as ClinikoPatient[]) {
    const rec = ledger.get('contact', p.id);
    if (!rec) continue;
    const dis = disambiguate(ledger, cache, p);
    if ((rec.sourceSnapshot as ContactSnapshot | null)?.srcHash === patientHash(p, dis)) continue;
    const w = planContact(p, dis, ctx.tenantId);
    wants.set(keyOf(w), w);
  }

  const cat = work.length ? catalog(cache) : null;
  const web = work.length ? await ctx.deps.clinikoWeb?.() : undefined;
  const fallbackTimeZone = fallbackZone(cache);
  const inputs: PlanInput[] = work.map(({ invoice, items, hold }) => ({
    invoice,
    items,
    patient: invoice.patientId ? cache.get<ClinikoPatient>('patient', invoice.patientId) : null,
    business: invoice.businessId ? cache.get<ClinikoBusiness>('business', invoice.businessId) : null,
    settings: ctx.settings,
    catalog: cat as InvoiceCatalog,
    refs: null,
    tenantId: ctx.tenantId,
    existingInvoice: ledger.get('invoice', invoice.id),
    existingPayment: ledger.get('payment', invoice.id),
    fallbackTimeZone,
    ...(web ? { clinikoWeb: web } : {}),
    ...(hold ? { hold } : {}),
  }));
  const originalOf = (inv: ClinikoInvoice): ClinikoInvoice | null =>
    inv.originalInvoiceId
      ? (cache.get<ClinikoInvoice>('invoice', inv.originalInvoiceId) ??
        (ledger.get('invoice', inv.originalInvoiceId)?.sourceSnapshot as InvoiceSnapshot | undefined)
          ?.invoice ??
        null)
      : null;
  const creditInput = (input: PlanInput) => ({
    ...input,
    original: originalOf(input.invoice),
  });
  // Xero's accounts and tax rates: read once, before mapping, and only when an invoice is mapped.
  const maps = (input: PlanInput): boolean =>
    isCreditNote(input.invoice) ? creditNoteMapsToXero(creditInput(input)) : mapsToXero(input);
  if (!ctx.refs && inputs.some(maps)) {
    ctx.progress('reading Xero accounts and tax rates', 0, 1);
    ctx.refs = await fetchXeroRefs(ctx.deps.gateway, ledger, ctx.tenantId, ctx.now, refsWanted(ctx.settings));
  }

  let done = 0;
  for (const input of inputs) {
    if (done++ % 100 === 0) ctx.progress('planning', done, work.length);
    if (isCreditNote(input.invoice)) {
      planCredit(ctx, { ...creditInput(input), refs: ctx.refs }, wants, problems);
      continue;
    }
    const planned = planInvoice({ ...input, refs: ctx.refs });
    if (planned.kind === 'skip') continue;
    wants.set(keyOf(planned.invoice), planned.invoice);
    const snap = planned.invoice.sourceSnapshot;
    if (snap.action === 'problem') {
      const message = (snap.problems ?? []).map((p) => p.message).join(' ');
      problems.push({
        key: planned.invoice,
        retryable: snap.retryable === true,
        message,
        hash: planned.invoice.wantHash,
      });
    }
    if (planned.payment) {
      wants.set(keyOf(planned.payment), planned.payment);
      const ps = planned.payment.sourceSnapshot;
      if (ps.problems?.length) {
        problems.push({
          key: planned.payment,
          retryable: false,
          message: ps.problems.map((p) => p.message).join(' '),
          hash: planned.payment.wantHash,
        });
      }
    }
    // The invoice's dependency: its patient's contact, planned with it when new or changed.
    const patient = input.patient;
    if (snap.action === 'send' && patient && !wants.has(`contact:${patient.id}`)) {
      const dis = disambiguate(ledger, cache, patient);
      const existing = ledger.get('contact', patient.id);
      if (
        !existing ||
        (existing.sourceSnapshot as ContactSnapshot | null)?.srcHash !== patientHash(patient, dis)
      ) {
        const w = planContact(patient, dis, ctx.tenantId);
        wants.set(keyOf(w), w);
      }
    }
  }

  // Invoices Cliniko sent that we cannot read and have no readable version of: needs attention.
  for (const w of read.unparsedWants(ctx.settings, ctx.tenantId, (id) => wants.has(`invoice:${id}`))) {
    const { message, ...want } = w;
    wants.set(keyOf(want), want);
    problems.push({ key: want, retryable: false, message, hash: want.wantHash });
  }

  const newBackfill = ctx.backfill && !ctx.backfill.planned ? ctx.backfill : null;
  ledger.tx(() => {
    ledger.upsertWanted([...wants.values()]);
    for (const p of problems) recordProblem(ctx, p);
    for (const [name, r] of read.streams) {
      if (r.max) ledger.setCursor(STREAM_DEFS[name].stream, r.max);
    }
    // Queued with the records it covers: a restart resumes from the ledger, not from the cache.
    if (newBackfill) markBackfillPlanned(ledger, newBackfill);
  });
}

/**
 * A credit note: its `creditnote:<id>` record, and its patient's contact when new or changed. An
 * older ledger's `invoice:<id>` record of it (needs attention, "record it by hand") is settled as
 * never sent, so it stops asking for the hand work.
 */
function planCredit(
  ctx: CycleCtx,
  input: Parameters<typeof planCreditNote>[0],
  wants: Map<string, WantedRecord>,
  problems: Problem[],
): void {
  const { cache, ledger } = ctx.deps;
  const old = ledger.get('invoice', input.invoice.id);
  if (old && old.xeroId === null) {
    const snap = old.sourceSnapshot as InvoiceSnapshot;
    wants.set(`invoice:${old.sourceId}`, {
      sourceType: 'invoice',
      sourceId: old.sourceId,
      tenantId: old.tenantId,
      wantHash: contentHash({ creditNote: old.sourceId }),
      sourceSnapshot: { ...snap, action: 'void', problems: [] } satisfies InvoiceSnapshot,
    });
  }
  const planned = planCreditNote(input);
  if (!planned) return;
  wants.set(keyOf(planned), planned);
  const snap = planned.sourceSnapshot;
  if (snap.action === 'problem') {
    problems.push({
      key: planned,
      retryable: snap.retryable === true,
      message: (snap.problems ?? []).map((p) => p.message).join(' '),
      hash: planned.wantHash,
    });
    return;
  }
  const patient = input.patient;
  if (patient && !wants.has(`contact:${patient.id}`)) {
    const dis = disambiguate(ledger, cache, patient);
    const existing = ledger.get('contact', patient.id);
    if (
      !existing ||
      (existing.sourceSnapshot as ContactSnapshot | null)?.srcHash !== patientHash(patient, dis)
    )
      wants.set(`contact:${patient.id}`, planContact(patient, dis, ctx.tenantId));
  }
}

/** A planned record that cannot be sent: failed (retried later) or needs attention, once per content. */
function recordProblem(ctx: CycleCtx, p: Problem): void {
  const ledger = ctx.deps.ledger;
  const rec = ledger.get(p.key.sourceType, p.key.sourceId);
  if (!rec || rec.inflightBatchId !== null) return;
  if (rec.state === 'needs_attention' && rec.wantHash === p.hash) return;
  if (rec.state === 'failed' && rec.nextAttemptAt && rec.nextAttemptAt > ctx.now.toISOString()) return;
  const r = ctx.deps.random;
  const wait = backoffMs(rec.attempts + 1, { ...ctx.deps.retry, ...(r ? { random: r } : {}) });
  ledger.markFailed(p.key, {
    retryable: p.retryable,
    error: p.message,
    nextAttemptAt: p.retryable ? new Date(ctx.now.getTime() + wait) : null,
    attemptedHash: p.hash,
  });
}
