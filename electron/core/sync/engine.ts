/**
 * The sync engine: one cycle = reconcile → read Cliniko → plan → write Xero (docs/decisions/006).
 *
 * 1. Reconcile: batches begun and never closed (crash, timeout) are looked up in Xero and adopted or
 *    re-queued before anything is sent again.
 * 2. Read: every Cliniko stream since its cursor (with an overlap), into the Cliniko cache.
 * 3. Plan: the invoices that changed (compared with the ledger's snapshot, not with the cache) and the
 *    records that are due are mapped into ledger records; the cursors move in the same ledger
 *    transaction that queues them. Xero's accounts and tax rates are read once, and only if a cycle
 *    has something to map or send: a cycle with nothing changed makes no Xero call.
 * 4. Write, in rounds until nothing moves: contacts (PUT new, POST changed) → invoices (payments this
 *    app made are deleted first when an invoice must change; PUT new, POST updates and voids) →
 *    payments (PUT; a payment that must change is deleted then re-created). Batches of ≤ 50, each
 *    element's outcome recorded on its own, every write inside a ledger outbox batch with an
 *    Idempotency-Key.
 */
import { createHash } from 'node:crypto';
import type { Contact, Invoice } from 'xero-node';
import { ApiError } from '../api-error.js';
import type { ClinikoCache } from '../cliniko/cache.js';
import type { ClinikoClient } from '../cliniko/http-client.js';
import { ALL_STREAMS, cacheRows, readStreamPages, STREAM_DEFS, type StreamName } from '../cliniko/streams.js';
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
import type {
  BatchOutcome,
  Ledger,
  LedgerRecordDetails,
  RecordKey,
  UncertainBatch,
  WantedRecord,
} from '../ledger/index.js';
import { centsToNumber } from '../money.js';
import type { Clock } from '../ports.js';
import { isSyncReady, type Settings } from '../settings/schema.js';
import type { XeroGateway } from '../xero/gateway.js';
import { fetchXeroRefs } from '../xero/refs.js';
import { XeroHttpError } from '../xero/xero-error.js';
import type { XeroLimiter } from '../xero/limiter.js';
import { classifyCallFailure, classifyElementErrors, type Verdict } from './classify.js';
import { callsNeeded, etaSeconds } from './eta.js';
import { backoffMs, type RetryPolicyOptions } from './retry-policy.js';
import { contentHash } from './hash.js';
import { contactNumberFor, nameKey, needsDisambiguation } from './map-contact.js';
import type { InvoiceCatalog } from './map-invoice.js';
import {
  hasRealXeroId,
  NONE,
  NONE_HASH,
  planContact,
  planInvoice,
  sourceHash,
  patientHash,
  type ContactSnapshot,
  type InvoiceSnapshot,
  type PaymentSnapshot,
} from './plan.js';
import type { XeroRefs } from './preflight.js';

export const BATCH_SIZE = 50;
const MAX_ROUNDS = 6;
/** Records planned, or read from the ledger to send, at a time (issue 15: memory bounded). */
export const WINDOW = 1000;
/** What one cycle read of a stream: ids only (the records went to the cache page by page). */
type StreamSeen = { ids: string[]; parentIds: Set<string>; max: string | null };
/** A sentHash that never equals a wantHash: "in Xero, but not known to hold what we want". */
const ADOPTED = 'adopted';
const xeroInvoiceUrl = (id: string): string =>
  `https://go.xero.com/AccountsReceivable/View.aspx?InvoiceID=${id}`;

export type CycleSummary = {
  synced: number;
  failed: number;
  needsAttention: number;
  pending: number;
  xeroCalls: number;
  clinikoCalls: number;
  durationMs: number;
};

export type SyncProgress = { phase: string; done: number; total: number; etaSeconds: number | null };

/** A cycle that cannot run at all (not connected, settings incomplete): say which. */
export class SyncFatal extends ApiError {
  constructor(message: string) {
    super('not_connected', message);
    this.name = 'SyncFatal';
  }
}

export type EngineDeps = {
  ledger: Ledger;
  cache: ClinikoCache;
  gateway: XeroGateway;
  settings: () => Settings;
  cliniko: () => Promise<ClinikoClient | null>;
  /** The chosen Xero organisation, or null (not connected / reconnect needed / not chosen). */
  tenantId: () => Promise<string | null>;
  clock: Clock;
  clinikoWeb?: () => Promise<{ shard: string; subdomain?: string } | undefined>;
  onProgress?: (p: SyncProgress) => void;
  random?: () => number;
  /** The gateway's limiter: its budget gives progress an ETA (exactly-once issue). */
  limiter?: XeroLimiter;
  /** Backoff of retryable failures (full jitter; base 30 s unless CXS_RETRY_BASE_MS). */
  retry?: RetryPolicyOptions;
};

/** Ledger kv: a requested backfill (`sync.backfill` / `sync --since`): history from `since` is synced too. */
export const BACKFILL_KV = 'sync.backfill';
export type Backfill = { since: string; requestedAt: string; planned: boolean };

export function readBackfill(ledger: Ledger): Backfill | null {
  const v = ledger.getKv(BACKFILL_KV);
  if (v === null || typeof v !== 'object') return null;
  const b = v as Record<string, unknown>;
  return typeof b.since === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(b.since)
    ? { since: b.since, requestedAt: String(b.requestedAt ?? ''), planned: b.planned === true }
    : null;
}

/**
 * Asks for history from `since`: kept in the ledger, so a restart resumes it. An earlier date than
 * a previous backfill's widens it; a later one changes nothing (that history is already wanted).
 */
export function requestBackfill(ledger: Ledger, since: string, now: Date): Backfill {
  const prev = readBackfill(ledger);
  if (prev && prev.since <= since) return prev;
  const b: Backfill = { since, requestedAt: now.toISOString(), planned: false };
  ledger.setKv(BACKFILL_KV, b);
  return b;
}

type CycleCtx = {
  tenantId: string;
  backfill: Backfill | null;
  settings: Settings;
  now: Date;
  refs: XeroRefs | null;
  shouldStop: () => boolean;
};

type Element = {
  ok: boolean;
  errors: string[];
  raw: Record<string, unknown>;
};

function elementsOf(list: readonly object[] | undefined): Element[] {
  return (list ?? []).map((e) => {
    const raw = e as Record<string, unknown>;
    const errs = (raw.validationErrors as { message?: string }[] | undefined) ?? [];
    const errors = errs.map((v) => v.message ?? '').filter(Boolean);
    const failed = raw.statusAttributeString === 'ERROR' || raw.hasErrors === true || errors.length > 0;
    return { ok: !failed, errors: failed && errors.length === 0 ? ['Xero refused it.'] : errors, raw };
  });
}

const chunk = <T>(xs: readonly T[], n: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
};

const keyOf = (k: RecordKey): string => `${k.sourceType}:${k.sourceId}`;

const WRITE_PHASES = new Set(['contacts', 'invoices', 'payments', 'removing payments before changes']);

/** A 429's Retry-After (ms), so a record is not retried before Xero allows it. */
function retryAfterMs(err: XeroHttpError): number | null {
  const v = Number(err.info.headers['retry-after']);
  return Number.isFinite(v) && v >= 0 ? v * 1000 : null;
}

function toCents(n: unknown): number | null {
  return typeof n === 'number' && Number.isFinite(n) ? Math.round(n * 100) : null;
}

export class SyncEngine {
  readonly #d: EngineDeps;
  #clinikoCalls = 0;

  constructor(deps: EngineDeps) {
    this.#d = deps;
  }

  get #ledger(): Ledger {
    return this.#d.ledger;
  }

  #progress(phase: string, done: number, total: number, tenantId?: string): void {
    if (!this.#d.onProgress) return;
    let eta: number | null = null;
    if (tenantId && this.#d.limiter && WRITE_PHASES.has(phase)) eta = this.#eta(tenantId);
    else if (phase === 'done') eta = 0;
    this.#d.onProgress({ phase, done, total, etaSeconds: eta });
  }

  /** Seconds until what is queued is in Xero, from the call budget (60/min, the day's budget, a pause). */
  #eta(tenantId: string): number | null {
    const l = this.#d.limiter;
    if (!l) return null;
    const left = (sourceType: 'contact' | 'invoice' | 'payment'): number => {
      const c = this.#ledger.stateCounts({ sourceType }); // O(1): counters, not a count (issue 15)
      return c.pending + c.failed;
    };
    const calls = callsNeeded(
      { contacts: left('contact'), invoices: left('invoice'), payments: left('payment') },
      BATCH_SIZE,
    );
    const pause = l.pausedUntil(tenantId);
    return etaSeconds(calls, {
      perMinute: l.limits.perMinute,
      windowMs: l.limits.windowMs,
      windowFree: l.windowFree(tenantId),
      dayRemaining: l.budget(tenantId)?.dayRemaining ?? null,
      pausedMs: pause ? pause.until.getTime() - Date.now() : 0,
    });
  }

  /**
   * Sends the batches of one phase with as many in flight as the limiter allows (5 per organisation):
   * the limiter sets the pace, so a backfill runs at Xero's limit instead of at one call's latency.
   * Batches are independent (different records); the first error stops new ones and is rethrown.
   */
  async #inParallel<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
    const n = Math.max(1, this.#d.limiter?.limits.concurrent ?? 1);
    let next = 0;
    let failure: { err: unknown } | null = null;
    const worker = async (): Promise<void> => {
      while (next < items.length && failure === null) {
        const item = items[next++] as T;
        try {
          await fn(item);
        } catch (err) {
          failure ??= { err };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
    if (failure !== null) throw (failure as { err: unknown }).err;
  }

  /**
   * One write phase: `items` in batches of BATCH_SIZE through #inParallel. Before each batch (unless
   * the cycle is stopping) it reports `phase` progress; after it, it counts the batch in `count.done`.
   */
  async #inBatches<T>(
    ctx: CycleCtx,
    phase: string,
    items: readonly T[],
    count: { done: number; total: number },
    send: (part: T[]) => Promise<void>,
  ): Promise<void> {
    await this.#inParallel(chunk(items, BATCH_SIZE), async (part) => {
      if (ctx.shouldStop()) return;
      this.#progress(phase, count.done, count.total, ctx.tenantId);
      await send(part);
      count.done += part.length;
    });
  }

  /** Xero's invoices with these IDs, by ID (one call per BATCH_SIZE IDs, none for none). */
  async #invoicesById(tenantId: string, ids: readonly string[]): Promise<Map<string, Invoice>> {
    const found = new Map<string, Invoice>();
    for (const part of chunk(ids, BATCH_SIZE))
      for (const inv of (await this.#d.gateway.getInvoicesByIds(tenantId, part)).invoices ?? [])
        if (inv.invoiceID) found.set(inv.invoiceID, inv);
    return found;
  }

  /** When a record that failed `attempts` times before this failure may be tried again (full jitter). */
  #retryAt(now: Date, attempts: number, atLeastMs: number | null = null): Date {
    const r = this.#d.random;
    const ms = backoffMs(attempts + 1, { ...this.#d.retry, ...(r ? { random: r } : {}) }, atLeastMs);
    return new Date(now.getTime() + ms);
  }

  /** Fatal preconditions, in the order a user fixes them. */
  async preconditions(): Promise<{ client: ClinikoClient; tenantId: string; settings: Settings }> {
    const client = await this.#d.cliniko();
    if (!client) throw new SyncFatal('Cliniko is not connected: run `cliniko connect` (or use Setup) first.');
    const tenantId = await this.#d.tenantId();
    if (!tenantId) {
      throw new SyncFatal(
        'Xero is not connected (or needs reconnecting, or no organisation is chosen): run `xero connect` first.',
      );
    }
    const settings = this.#d.settings();
    const ready = isSyncReady(settings);
    if (!ready.ready) {
      throw new SyncFatal(
        `Settings incomplete: ${ready.missing.join(', ')} must be set (settings import FILE, or Mappings).`,
      );
    }
    return { client, tenantId, settings };
  }

  /** One full cycle. Throws SyncFatal when it cannot start; stops early (after a write) when shouldStop(). */
  async runCycle(opts: { shouldStop?: () => boolean } = {}): Promise<CycleSummary> {
    const started = Date.now();
    const callsBefore = this.#d.gateway.calls;
    this.#clinikoCalls = 0;
    const { client, tenantId, settings: saved } = await this.preconditions();
    const backfill = readBackfill(this.#ledger);
    // A backfill widens what is eligible: invoices from its date on, not only from syncFrom.
    const settings =
      backfill && backfill.since < saved.syncFrom ? { ...saved, syncFrom: backfill.since } : saved;
    const ctx: CycleCtx = {
      tenantId,
      backfill,
      settings,
      now: this.#d.clock.now(),
      refs: null,
      shouldStop: opts.shouldStop ?? (() => false),
    };

    await this.reconcileUncertain(ctx);
    const read = await this.#readStreams(client);
    await this.#plan(ctx, read);
    for (let round = 0; round < MAX_ROUNDS && !ctx.shouldStop(); round++) {
      ctx.now = this.#d.clock.now();
      const moved =
        (await this.#sendContacts(ctx)) + (await this.#sendInvoices(ctx)) + (await this.#sendPayments(ctx));
      if (moved === 0) break;
    }
    const at = this.#d.clock.now().toISOString();
    this.#ledger.setKv('sync.lastSyncAt', at);
    const c = this.#ledger.stateCounts();
    const summary: CycleSummary = {
      synced: c.synced,
      failed: c.failed,
      needsAttention: c.needsAttention,
      pending: c.pending,
      xeroCalls: this.#d.gateway.calls - callsBefore,
      clinikoCalls: this.#clinikoCalls,
      durationMs: Date.now() - started,
    };
    this.#ledger.addEvent({
      level: c.failed + c.needsAttention > 0 ? 'warn' : 'info',
      kind: 'cycle',
      message: `Sync finished: ${c.synced} synced, ${c.pending} pending, ${c.failed} failed, ${c.needsAttention} need attention (${summary.xeroCalls} Xero calls).`,
    });
    this.#progress('done', 1, 1);
    return summary;
  }

  // ------------------------------------------------------------------ reading

  async #readStreams(client: ClinikoClient): Promise<Map<StreamName, StreamSeen>> {
    const out = new Map<StreamName, StreamSeen>();
    let done = 0;
    for (const name of ALL_STREAMS) {
      this.#progress('reading', done++, ALL_STREAMS.length);
      const cursor = this.#ledger.getCursor(STREAM_DEFS[name].stream);
      const seen: StreamSeen = { ids: [], parentIds: new Set(), max: null };
      const kind = STREAM_DEFS[name].kind;
      // Page by page into the cache, keeping only ids: a first sync of 100,000 invoices never holds
      // them all (issue 15).
      const r = await readStreamPages(
        client,
        name,
        cursor,
        (page) => {
          this.#d.cache.putMany(kind, cacheRows(name, page as never));
          for (const rec of page as { id: string; invoiceId?: string | null }[]) {
            seen.ids.push(rec.id);
            if (name === 'invoiceItems' && rec.invoiceId) seen.parentIds.add(rec.invoiceId);
          }
        },
        { onPage: () => this.#clinikoCalls++ },
      );
      for (const err of r.rejected) {
        this.#ledger.addEvent({ level: 'warn', kind: 'cliniko-data', message: err.message });
      }
      seen.max = r.maxUpdatedAt;
      out.set(name, seen);
    }
    return out;
  }

  // ------------------------------------------------------------------ planning

  catalog(): InvoiceCatalog {
    const c = this.#d.cache;
    const billableItems: InvoiceCatalog['billableItems'] = Object.fromEntries(
      c.all<ClinikoBillableItem>('billable_item').map((b) => [b.id, { name: b.name, taxId: b.taxId }]),
    );
    const products: InvoiceCatalog['products'] = Object.fromEntries(
      c.all<ClinikoProduct>('product').map((p) => [p.id, { name: p.name, taxId: p.taxId }]),
    );
    const practitioners: InvoiceCatalog['practitioners'] = Object.fromEntries(
      c.all<ClinikoPractitioner>('practitioner').map((p) => [p.id, { displayName: p.displayName }]),
    );
    const taxes: InvoiceCatalog['taxes'] = Object.fromEntries(
      c.all<ClinikoTax>('tax').map((t) => [t.id, { name: t.name, rate: t.rate }]),
    );
    return { billableItems, products, practitioners, taxes };
  }

  async #refs(ctx: CycleCtx): Promise<XeroRefs> {
    if (!ctx.refs) ctx.refs = await fetchXeroRefs(this.#d.gateway, this.#ledger, ctx.tenantId, ctx.now);
    return ctx.refs;
  }

  #fallbackZone(): string {
    const zoned = this.#d.cache.all<ClinikoBusiness>('business').find((b) => b.timeZone);
    return zoned?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  #disambiguate(p: ClinikoPatient): boolean {
    if (this.#ledger.getKv(`contact.disambiguate.${p.id}`) === true) return true;
    return needsDisambiguation(p, this.#d.cache.idsByName('patient', nameKey(p)));
  }

  async #plan(ctx: CycleCtx, read: Map<StreamName, StreamSeen>): Promise<void> {
    const cache = this.#d.cache;
    const ledger = this.#ledger;
    const touched = new Set<string>(read.get('invoices')?.ids ?? []);
    for (const id of read.get('invoiceItems')?.parentIds ?? []) touched.add(id);
    // A new backfill: history already read (cached) but never planned because it was before syncFrom.
    const newBackfill = ctx.backfill && !ctx.backfill.planned ? ctx.backfill : null;
    if (newBackfill) {
      for (const id of cache.invoiceIdsIssuedFrom(newBackfill.since))
        if (!touched.has(id) && !ledger.has('invoice', id)) touched.add(id);
    }
    const due = new Set<string>();
    for (const k of ledger.dueKeys('invoice', ctx.now)) due.add(k.sourceId);
    for (const k of ledger.dueKeys('payment', ctx.now)) due.add(k.sourceId);

    // Patients that changed and already have a contact (a rename updates the contact), a window at a time.
    for (const ids of chunk(read.get('patients')?.ids ?? [], WINDOW)) {
      const wants: WantedRecord[] = [];
      for (const id of ids) {
        const rec = ledger.get('contact', id);
        const p = rec ? cache.get<ClinikoPatient>('patient', id) : null;
        if (!rec || !p) continue;
        const dis = this.#disambiguate(p);
        if ((rec.sourceSnapshot as ContactSnapshot | null)?.srcHash === patientHash(p, dis)) continue;
        wants.push(planContact(p, dis, ctx.tenantId));
      }
      if (wants.length) ledger.upsertWanted(wants);
    }

    // Invoices (and their payments and contacts), planned and queued WINDOW at a time: one ledger
    // transaction per window, so memory holds one window's records, not the backlog (issue 15).
    const ids = [...new Set([...touched, ...due])];
    let catalog: InvoiceCatalog | null = null;
    let web: { shard: string; subdomain?: string } | undefined;
    const fallbackTimeZone = this.#fallbackZone();
    let done = 0;
    for (const window of chunk(ids, WINDOW)) {
      type Work = { invoice: ClinikoInvoice; items: ClinikoInvoiceItem[] };
      const work: Work[] = [];
      for (const id of window) {
        const rec = ledger.get('invoice', id);
        const snap = rec?.sourceSnapshot as InvoiceSnapshot | undefined;
        const invoice = cache.get<ClinikoInvoice>('invoice', id) ?? snap?.invoice;
        if (!invoice) continue;
        const items = cache.children<ClinikoInvoiceItem>('invoice_item', id);
        if (!due.has(id)) {
          if (!rec && (invoice.issueDate < ctx.settings.syncFrom || invoice.archivedAt !== null)) continue;
          // Unchanged since the ledger last planned it (an overlap re-read): nothing to do.
          if (rec && snap?.srcHash === sourceHash(invoice, items) && rec.state !== 'pending') continue;
        }
        work.push({ invoice, items });
      }
      if (work.length && !catalog) {
        catalog = this.catalog();
        web = await this.#d.clinikoWeb?.();
      }

      const wants = new Map<string, WantedRecord>();
      const problems: { key: RecordKey; retryable: boolean; message: string; hash: string }[] = [];
      for (const { invoice, items } of work) {
        if (done++ % 100 === 0) this.#progress('planning', done, ids.length);
        const patient = invoice.patientId ? cache.get<ClinikoPatient>('patient', invoice.patientId) : null;
        const business = invoice.businessId
          ? cache.get<ClinikoBusiness>('business', invoice.businessId)
          : null;
        const input = {
          invoice,
          items,
          patient,
          business,
          settings: ctx.settings,
          catalog: catalog as InvoiceCatalog,
          refs: ctx.refs,
          tenantId: ctx.tenantId,
          existingInvoice: ledger.get('invoice', invoice.id),
          existingPayment: ledger.get('payment', invoice.id),
          fallbackTimeZone,
          ...(web ? { clinikoWeb: web } : {}),
        };
        let plan = planInvoice(input);
        if (plan.kind === 'skip' && plan.reason === 'needs-refs') {
          this.#progress('reading Xero accounts and tax rates', 0, 1);
          plan = planInvoice({ ...input, refs: await this.#refs(ctx) });
        }
        if (plan.kind === 'skip') continue;
        wants.set(keyOf(plan.invoice), plan.invoice);
        const snap = plan.invoice.sourceSnapshot;
        if (snap.action === 'problem') {
          const message = (snap.problems ?? []).map((p) => p.message).join(' ');
          problems.push({
            key: plan.invoice,
            retryable: snap.retryable === true,
            message,
            hash: plan.invoice.wantHash,
          });
        }
        if (plan.payment) {
          wants.set(keyOf(plan.payment), plan.payment);
          const ps = plan.payment.sourceSnapshot;
          if (ps.problems?.length) {
            problems.push({
              key: plan.payment,
              retryable: false,
              message: ps.problems.map((p) => p.message).join(' '),
              hash: plan.payment.wantHash,
            });
          }
        }
        if (snap.action === 'send' && patient && !wants.has(`contact:${patient.id}`)) {
          const dis = this.#disambiguate(patient);
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

      ledger.tx(() => {
        ledger.upsertWanted([...wants.values()]);
        for (const p of problems) {
          const rec = ledger.get(p.key.sourceType, p.key.sourceId);
          if (!rec || rec.inflightBatchId !== null) continue;
          if (rec.state === 'needs_attention' && rec.wantHash === p.hash) continue;
          if (rec.state === 'failed' && rec.nextAttemptAt && rec.nextAttemptAt > ctx.now.toISOString())
            continue;
          ledger.markFailed(p.key, {
            retryable: p.retryable,
            error: p.message,
            nextAttemptAt: p.retryable ? this.#retryAt(ctx.now, rec.attempts) : null,
            attemptedHash: p.hash,
          });
        }
      });
    }

    // The cursors move once every window they cover is queued: a crash in between re-reads the
    // pages, and what was already queued plans as unchanged.
    ledger.tx(() => {
      for (const [name, r] of read) {
        if (r.max) ledger.setCursor(STREAM_DEFS[name].stream, r.max);
      }
      // Queued with the records it covers: a restart resumes from the ledger, not from the cache.
      if (newBackfill) ledger.setKv(BACKFILL_KV, { ...newBackfill, planned: true });
    });
  }

  // ------------------------------------------------------------------ the outbox

  #idempotencyKey(
    kind: string,
    tenantId: string,
    recs: readonly LedgerRecordDetails[],
    payloadHash: string,
  ): string {
    // Content-derived. The records' previous attempt time is part of it so that a retry after the
    // cause was fixed in Xero is a new request (Xero replays a key's answer for ~6 minutes); an
    // uncertain batch is never resent blindly (it is reconciled first), so it needs no stable key.
    const keys = recs.map((r) => `${keyOf(r)}@${r.lastTriedAt ?? ''}`).sort();
    const h = createHash('sha256')
      .update([kind, tenantId, ...keys, payloadHash].join('\n'))
      .digest('hex');
    return `cxs-${kind}-${h}`.slice(0, 128);
  }

  /**
   * One write through the outbox: intent committed (beginBatch) → the call → every element's outcome
   * (completeBatch). No response (network, timeout) = uncertain: reconciled at once, or at the next
   * cycle's start. An error before anything was sent (token) closes the batch with states unchanged.
   */
  async #write(
    ctx: CycleCtx,
    kind: string,
    recs: LedgerRecordDetails[],
    payloads: unknown[],
    send: (idempotencyKey: string) => Promise<Element[]>,
    outcome: (
      rec: LedgerRecordDetails,
      el: Element,
      payload: unknown,
    ) => Promise<BatchOutcome> | BatchOutcome,
    what: (rec: LedgerRecordDetails) => string,
  ): Promise<void> {
    const payloadHash = contentHash(payloads);
    const idempotencyKey = this.#idempotencyKey(kind, ctx.tenantId, recs, payloadHash);
    const batch = this.#ledger.beginBatch({
      kind,
      tenantId: ctx.tenantId,
      idempotencyKey,
      recordKeys: recs.map((r) => ({ sourceType: r.sourceType, sourceId: r.sourceId })),
      payloadHash,
    });
    let elements: Element[];
    try {
      elements = await send(idempotencyKey);
    } catch (err) {
      if (err instanceof XeroHttpError && err.status === null) {
        await this.#reconcileBatchSafely(ctx, batch.id);
        return;
      }
      if (err instanceof XeroHttpError) {
        const now = this.#d.clock.now();
        // One retry time for the whole batch (jitter per call, not per record), so it is retried as
        // one call instead of falling apart into many small ones.
        const retryAt = this.#retryAt(now, Math.max(...recs.map((r) => r.attempts)), retryAfterMs(err));
        this.#ledger.completeBatch(
          batch.id,
          recs.map((r, i) => {
            const v = classifyCallFailure(what(r), err.status, err.message);
            // 5xx again and again: stop retrying on our own (network errors and 429s never escalate).
            const failures = r.attempts + 1;
            const escalate =
              v.kind === 'retryable' &&
              err.status !== null &&
              err.status >= 500 &&
              failures >= (this.#d.retry?.maxServerAttempts ?? 8);
            return v.kind === 'retryable' && !escalate
              ? {
                  sourceType: r.sourceType,
                  sourceId: r.sourceId,
                  result: 'failed' as const,
                  error: v.message,
                  nextAttemptAt: retryAt,
                  payload: payloads[i],
                  response: err.info.body,
                }
              : {
                  sourceType: r.sourceType,
                  sourceId: r.sourceId,
                  result: 'needs_attention' as const,
                  error: escalate
                    ? `${what(r)}: Xero failed ${failures} times in a row (${err.message}). Retry it from the sync log once Xero is working again.`
                    : 'message' in v
                      ? v.message
                      : err.message,
                  payload: payloads[i],
                  response: err.info.body,
                };
          }),
        );
        return;
      }
      this.#ledger.resolveBatch(batch.id, []);
      throw err;
    }
    const outcomes: BatchOutcome[] = [];
    for (let i = 0; i < recs.length; i++) {
      const rec = recs[i] as LedgerRecordDetails;
      const el = elements[i];
      if (!el) {
        outcomes.push({ sourceType: rec.sourceType, sourceId: rec.sourceId, result: 'pending' });
        continue;
      }
      outcomes.push(await outcome(rec, el, payloads[i]));
    }
    this.#ledger.completeBatch(batch.id, outcomes);
  }

  #failure(rec: LedgerRecordDetails, v: Verdict, payload: unknown, response: unknown): BatchOutcome {
    const base = { sourceType: rec.sourceType, sourceId: rec.sourceId, payload, response };
    if (v.kind === 'retryable') {
      return {
        ...base,
        result: 'failed',
        error: v.message,
        nextAttemptAt: this.#retryAt(this.#d.clock.now(), rec.attempts),
      };
    }
    const message = 'message' in v ? v.message : 'Xero refused it. Check it in Xero, then retry.';
    return { ...base, result: 'needs_attention', error: message };
  }

  // ------------------------------------------------------------------ contacts

  /** The due records of one kind, WINDOW at a time (issue 15): progress counts the whole backlog. */
  async #inWindows(
    ctx: CycleCtx,
    kind: 'contact' | 'invoice' | 'payment',
    send: (due: LedgerRecordDetails[], count: { done: number; total: number }) => Promise<number>,
  ): Promise<number> {
    const count = { done: 0, total: this.#ledger.dueKeys(kind, ctx.now).length };
    let moved = 0;
    for (const due of this.#ledger.dueWindows(kind, ctx.now, WINDOW)) {
      if (ctx.shouldStop()) break;
      moved += await send(due, count);
    }
    return moved;
  }

  async #sendContacts(ctx: CycleCtx): Promise<number> {
    return this.#inWindows(ctx, 'contact', (due, count) => this.#sendContactsIn(ctx, due, count));
  }

  async #sendContactsIn(
    ctx: CycleCtx,
    due: LedgerRecordDetails[],
    count: { done: number; total: number },
  ): Promise<number> {
    const doneBefore = count.done;
    const creates = due.filter((r) => !hasRealXeroId(r));
    const updates = due.filter((r) => hasRealXeroId(r));
    const what = (r: LedgerRecordDetails) => `Contact for patient ${r.patientName ?? r.sourceId}`;
    const clashes: LedgerRecordDetails[] = [];
    const handle =
      (kind: 'create' | 'update') =>
      async (rec: LedgerRecordDetails, el: Element, payload: unknown): Promise<BatchOutcome> => {
        const k = { sourceType: rec.sourceType, sourceId: rec.sourceId };
        const response = el.raw;
        if (el.ok) {
          return { ...k, result: 'synced', xeroId: String(el.raw.contactID), payload, response };
        }
        const v = classifyElementErrors(what(rec), el.errors);
        if (v.kind === 'adopt-contact' && kind === 'create') {
          const found = await this.#d.gateway.getContactByNumber(
            ctx.tenantId,
            contactNumberFor(rec.sourceId),
          );
          if (found?.contactID) {
            // Ours from an earlier life (reinstall, lost ledger): adopt it, then update it.
            return { ...k, result: 'synced', xeroId: found.contactID, sentHash: ADOPTED, payload, response };
          }
        }
        if (v.kind === 'name-clash' && !(rec.sourceSnapshot as ContactSnapshot).disambiguate) {
          clashes.push(rec);
          return { ...k, result: 'pending' };
        }
        return this.#failure(rec, v, payload, response);
      };
    for (const [list, kind] of [
      [creates, 'create'],
      [updates, 'update'],
    ] as const) {
      await this.#inBatches(ctx, 'contacts', list, count, async (part) => {
        const payloads = part.map((r) => {
          const p = (r.sourceSnapshot as ContactSnapshot).payload;
          return kind === 'update' ? { ContactID: r.xeroId, ...p } : p;
        });
        await this.#write(
          ctx,
          `contact-${kind}`,
          part,
          payloads,
          async (key) =>
            elementsOf(
              (kind === 'create'
                ? await this.#d.gateway.putContacts(ctx.tenantId, payloads, { idempotencyKey: key })
                : await this.#d.gateway.postContacts(ctx.tenantId, payloads, { idempotencyKey: key })
              ).contacts,
            ),
          handle(kind),
          what,
        );
      });
    }
    // Same name as a contact we do not own: from now on this patient's contact carries its ID.
    if (clashes.length) {
      this.#ledger.tx(() => {
        const wants: WantedRecord[] = [];
        for (const rec of clashes) {
          this.#ledger.setKv(`contact.disambiguate.${rec.sourceId}`, true);
          const p = (rec.sourceSnapshot as ContactSnapshot).patient;
          wants.push(planContact(p, true, ctx.tenantId));
        }
        this.#ledger.upsertWanted(wants);
      });
    }
    return count.done - doneBefore;
  }

  // ------------------------------------------------------------------ invoices

  /** Deletes payments this app made (each its own outbox batch); returns the invoice ids now free of them. */
  async #deleteOurPayments(ctx: CycleCtx, payments: LedgerRecordDetails[]): Promise<Set<string>> {
    const freed = new Set<string>();
    for (const rec of payments) {
      if (ctx.shouldStop()) break;
      const what = () => `Payment of invoice ${rec.invoiceNumber ?? rec.sourceId}`;
      await this.#write(
        ctx,
        'payment-delete',
        [rec],
        [{ PaymentID: rec.xeroId, Status: 'DELETED' }],
        async (key) => {
          try {
            return elementsOf(
              (await this.#d.gateway.deletePayment(ctx.tenantId, rec.xeroId ?? '', { idempotencyKey: key }))
                .payments,
            );
          } catch (err) {
            // Already gone (deleted by hand, or our earlier attempt landed): that is what we want.
            if (err instanceof XeroHttpError && err.status === 404)
              return [{ ok: true, errors: [], raw: {} }];
            throw err;
          }
        },
        (r, el, payload) => {
          const k = { sourceType: r.sourceType, sourceId: r.sourceId };
          if (el.ok || el.errors.some((m) => /already been deleted/i.test(m))) {
            freed.add(r.sourceId);
            return { ...k, result: 'synced', xeroId: NONE, sentHash: NONE_HASH, payload, response: el.raw };
          }
          return this.#failure(r, classifyElementErrors(what(), el.errors), payload, el.raw);
        },
        what,
      );
    }
    return freed;
  }

  async #sendInvoices(ctx: CycleCtx): Promise<number> {
    return this.#inWindows(ctx, 'invoice', (due, count) => this.#sendInvoicesIn(ctx, due, count));
  }

  async #sendInvoicesIn(
    ctx: CycleCtx,
    due: LedgerRecordDetails[],
    count: { done: number; total: number },
  ): Promise<number> {
    const doneBefore = count.done;
    let moved = 0;
    const creates: { rec: LedgerRecordDetails; payload: Record<string, unknown> }[] = [];
    const changes: { rec: LedgerRecordDetails; payload: Record<string, unknown> }[] = [];
    const blockedByPayment: {
      rec: LedgerRecordDetails;
      payload: Record<string, unknown>;
      payment: LedgerRecordDetails;
    }[] = [];
    for (const rec of due) {
      const snap = rec.sourceSnapshot as InvoiceSnapshot;
      if (snap.action === 'problem') continue;
      let payload: Record<string, unknown>;
      if (snap.action === 'void') {
        if (!hasRealXeroId(rec)) {
          this.#ledger.markSynced(rec, { xeroId: NONE, sentHash: rec.wantHash });
          moved++;
          continue;
        }
        const sentStatus =
          (rec.lastPayload as { Status?: string } | null)?.Status ?? ctx.settings.invoiceStatus;
        payload = { InvoiceID: rec.xeroId, Status: sentStatus === 'DRAFT' ? 'DELETED' : 'VOIDED' };
      } else {
        const contact = snap.patientId ? this.#ledger.get('contact', snap.patientId) : null;
        if (!contact || !hasRealXeroId(contact)) continue; // waits for its contact
        payload = { ...snap.payload, Contact: { ContactID: contact.xeroId } };
        if (!hasRealXeroId(rec)) {
          creates.push({ rec, payload });
          continue;
        }
        payload = { InvoiceID: rec.xeroId, ...payload };
      }
      const payment = this.#ledger.get('payment', rec.sourceId);
      if (payment && hasRealXeroId(payment) && payment.inflightBatchId === null) {
        blockedByPayment.push({ rec, payload, payment });
      } else {
        changes.push({ rec, payload });
      }
    }
    // An invoice with a payment cannot be changed in Xero: remove the payment this app made first.
    if (blockedByPayment.length) {
      this.#progress('removing payments before changes', 0, blockedByPayment.length, ctx.tenantId);
      const freed = await this.#deleteOurPayments(
        ctx,
        blockedByPayment.map((b) => b.payment),
      );
      moved += freed.size;
      for (const b of blockedByPayment) {
        if (freed.has(b.rec.sourceId)) changes.push({ rec: b.rec, payload: b.payload });
        else {
          const pay = this.#ledger.get('payment', b.rec.sourceId);
          this.#ledger.markNeedsAttention(b.rec, {
            error:
              `Invoice ${b.rec.invoiceNumber ?? b.rec.sourceId}: its payment in Xero could not be removed, so the change was not sent. ${pay?.lastError ?? ''}`.trim(),
            attemptedHash: b.rec.wantHash,
          });
        }
      }
    }
    const what = (r: LedgerRecordDetails) => `Invoice ${r.invoiceNumber ?? r.sourceId}`;

    await this.#inBatches(ctx, 'invoices', creates, count, async (part) => {
      const payloads = part.map((p) => p.payload);
      let response: Element[] = [];
      const adopt = new Map<string, Invoice>();
      await this.#write(
        ctx,
        'invoice-create',
        part.map((p) => p.rec),
        payloads,
        async (key) => {
          response = elementsOf(
            (await this.#d.gateway.putInvoices(ctx.tenantId, payloads, { idempotencyKey: key })).invoices,
          );
          const dupNumbers = part
            .filter((_, i) => {
              const el = response[i];
              return el && !el.ok && classifyElementErrors('', el.errors).kind === 'adopt-invoice';
            })
            .map((p) => String(p.payload.InvoiceNumber));
          if (dupNumbers.length) {
            for (const inv of (await this.#d.gateway.getInvoicesByNumbers(ctx.tenantId, dupNumbers))
              .invoices ?? [])
              if (inv.invoiceNumber) adopt.set(inv.invoiceNumber.toLowerCase(), inv);
          }
          return response;
        },
        (rec, el, payload) => {
          const k = { sourceType: rec.sourceType, sourceId: rec.sourceId };
          if (el.ok) return syncedInvoice(rec, String(el.raw.invoiceID), payload, el.raw);
          const v = classifyElementErrors(what(rec), el.errors);
          if (v.kind === 'adopt-invoice') {
            const found = adopt.get(
              String((payload as { InvoiceNumber?: string }).InvoiceNumber).toLowerCase(),
            );
            if (found?.invoiceID && !['VOIDED', 'DELETED'].includes(String(found.status))) {
              const same =
                toCents(found.total) === rec.totalCents &&
                found.contact?.contactID ===
                  (payload as { Contact: { ContactID: string } }).Contact.ContactID;
              return {
                ...syncedInvoice(rec, found.invoiceID, payload, found as unknown as Record<string, unknown>),
                ...(same ? {} : { sentHash: ADOPTED }),
              };
            }
            return {
              ...k,
              result: 'needs_attention',
              error: `${what(rec)}: Xero already has an invoice with this number that is voided or is not this invoice. Change the invoice prefix in Settings, or remove that invoice in Xero, then retry.`,
              payload,
              response: el.raw,
            };
          }
          return this.#failure(rec, v, payload, el.raw);
        },
        what,
      );
    });

    await this.#inBatches(ctx, 'invoices', changes, count, async (part) => {
      const payloads = part.map((p) => p.payload);
      let lookups = new Map<string, Invoice>();
      await this.#write(
        ctx,
        'invoice-update',
        part.map((p) => p.rec),
        payloads,
        async (key) => {
          const els = elementsOf(
            (await this.#d.gateway.postInvoices(ctx.tenantId, payloads, { idempotencyKey: key })).invoices,
          );
          // A void that Xero refuses may simply have happened already (an earlier attempt landed).
          const ids = part
            .filter(
              (p, i) =>
                p.payload.Status !== undefined && Object.keys(p.payload).length === 2 && els[i] && !els[i].ok,
            )
            .map((p) => String(p.payload.InvoiceID));
          lookups = await this.#invoicesById(ctx.tenantId, ids);
          return els;
        },
        (rec, el, payload) => {
          const k = { sourceType: rec.sourceType, sourceId: rec.sourceId };
          const id = String((payload as { InvoiceID: string }).InvoiceID);
          if (el.ok) return syncedInvoice(rec, id, payload, el.raw);
          const found = lookups.get(id);
          if (found && ['VOIDED', 'DELETED'].includes(String(found.status))) {
            return {
              ...k,
              result: 'synced',
              xeroId: id,
              payload,
              response: summarizeInvoice(found as unknown as Record<string, unknown>),
            };
          }
          return this.#failure(rec, classifyElementErrors(what(rec), el.errors), payload, el.raw);
        },
        what,
      );
    });
    return moved + count.done - doneBefore;
  }

  // ------------------------------------------------------------------ payments

  async #sendPayments(ctx: CycleCtx): Promise<number> {
    return this.#inWindows(ctx, 'payment', (due, count) => this.#sendPaymentsIn(ctx, due, count));
  }

  async #sendPaymentsIn(
    ctx: CycleCtx,
    due: LedgerRecordDetails[],
    count: { done: number; total: number },
  ): Promise<number> {
    const doneBefore = count.done;
    let moved = 0;
    const deletions: LedgerRecordDetails[] = [];
    const creates: { rec: LedgerRecordDetails; payload: Record<string, unknown>; invoiceId: string }[] = [];
    for (const rec of due) {
      const snap = rec.sourceSnapshot as PaymentSnapshot;
      if (hasRealXeroId(rec)) {
        deletions.push(rec); // none wanted, or a changed payment: delete, re-create next round
        continue;
      }
      if (snap.want === 'none') {
        this.#ledger.markSynced(rec, { xeroId: NONE, sentHash: rec.wantHash });
        moved++;
        continue;
      }
      if (snap.problems?.length || !snap.payload) continue;
      const inv = this.#ledger.get('invoice', rec.sourceId);
      if (!inv || inv.state !== 'synced' || !hasRealXeroId(inv) || inv.inflightBatchId !== null) continue;
      if ((inv.sourceSnapshot as InvoiceSnapshot).action !== 'send') continue;
      creates.push({
        rec,
        payload: { ...snap.payload, Invoice: { InvoiceID: inv.xeroId } },
        invoiceId: inv.xeroId ?? '',
      });
    }
    if (deletions.length) moved += (await this.#deleteOurPayments(ctx, deletions)).size;
    const what = (r: LedgerRecordDetails) => `Payment of invoice ${r.invoiceNumber ?? r.sourceId}`;
    await this.#inBatches(ctx, 'payments', creates, count, async (part) => {
      const payloads = part.map((p) => p.payload);
      let existing = new Map<string, Invoice>();
      await this.#write(
        ctx,
        'payment-create',
        part.map((p) => p.rec),
        payloads,
        async (key) => {
          const els = elementsOf(
            (await this.#d.gateway.putPayments(ctx.tenantId, payloads, { idempotencyKey: key })).payments,
          );
          const ids = part
            .filter(
              (_, i) =>
                els[i] &&
                !els[i].ok &&
                classifyElementErrors('', els[i].errors).kind === 'payment-maybe-exists',
            )
            .map((p) => p.invoiceId);
          existing = await this.#invoicesById(ctx.tenantId, ids);
          return els;
        },
        (rec, el, payload) => {
          const k = { sourceType: rec.sourceType, sourceId: rec.sourceId };
          if (el.ok)
            return { ...k, result: 'synced', xeroId: String(el.raw.paymentID), payload, response: el.raw };
          const v = classifyElementErrors(what(rec), el.errors);
          if (v.kind === 'payment-maybe-exists') {
            const p = payload as { Invoice: { InvoiceID: string }; Reference: string; Amount: number };
            const ours = (existing.get(p.Invoice.InvoiceID)?.payments ?? []).find(
              (x) => x.reference === p.Reference && toCents(x.amount) === toCents(p.Amount) && x.paymentID,
            );
            if (ours?.paymentID)
              return { ...k, result: 'synced', xeroId: ours.paymentID, payload, response: el.raw };
          }
          return this.#failure(rec, v, payload, el.raw);
        },
        what,
      );
    });
    return moved + count.done - doneBefore;
  }

  // ------------------------------------------------------------------ reconciliation

  /** Batches begun and never closed: look their records up in Xero, adopt what exists, re-queue the rest. */
  async reconcileUncertain(ctx: CycleCtx): Promise<void> {
    const open = this.#ledger.uncertainBatches();
    if (open.length === 0) return;
    this.#progress('checking unfinished writes', 0, open.length);
    for (const b of open) {
      if (b.tenantId !== ctx.tenantId) {
        this.#ledger.resolveBatch(
          b.id,
          b.records.map((r) => ({
            sourceType: r.sourceType,
            sourceId: r.sourceId,
            result: 'pending' as const,
          })),
        );
        continue;
      }
      await this.#reconcile(ctx, b);
    }
  }

  async #reconcileBatchSafely(ctx: CycleCtx, batchId: number): Promise<void> {
    const b = this.#ledger.uncertainBatches().find((x) => x.id === batchId);
    if (!b) return;
    try {
      await this.#reconcile(ctx, b);
    } catch {
      // Still unknown: the batch stays open and is reconciled at the start of the next cycle.
    }
  }

  async #reconcile(ctx: CycleCtx, b: UncertainBatch): Promise<void> {
    const g = this.#d.gateway;
    const outcomes: BatchOutcome[] = [];
    const pending = (r: RecordKey): BatchOutcome => ({
      sourceType: r.sourceType,
      sourceId: r.sourceId,
      result: 'pending',
    });
    if (b.kind === 'contact-create' || b.kind === 'contact-update') {
      for (const r of b.records) {
        const found: Contact | null = await g.getContactByNumber(ctx.tenantId, contactNumberFor(r.sourceId));
        if (!found?.contactID) {
          outcomes.push(pending(r));
          continue;
        }
        const same = found.name === (r.sourceSnapshot as ContactSnapshot).payload.Name;
        outcomes.push({
          sourceType: r.sourceType,
          sourceId: r.sourceId,
          result: 'synced',
          xeroId: found.contactID,
          ...(same ? {} : { sentHash: ADOPTED }),
        });
      }
    } else if (b.kind === 'invoice-create') {
      const numbers = b.records.map((r) => r.invoiceNumber ?? '').filter(Boolean);
      const found = new Map<string, Invoice>();
      for (const part of chunk(numbers, BATCH_SIZE))
        for (const inv of (await g.getInvoicesByNumbers(ctx.tenantId, part)).invoices ?? [])
          if (inv.invoiceNumber && !['VOIDED', 'DELETED'].includes(String(inv.status)))
            found.set(inv.invoiceNumber.toLowerCase(), inv);
      for (const r of b.records) {
        const inv = found.get((r.invoiceNumber ?? '').toLowerCase());
        if (!inv?.invoiceID) outcomes.push(pending(r));
        else {
          const same = toCents(inv.total) === r.totalCents;
          outcomes.push({
            sourceType: r.sourceType,
            sourceId: r.sourceId,
            result: 'synced',
            xeroId: inv.invoiceID,
            xeroUrl: xeroInvoiceUrl(inv.invoiceID),
            ...(same ? {} : { sentHash: ADOPTED }),
          });
        }
      }
    } else if (b.kind === 'payment-create') {
      const invoiceIds = new Map<string, string>();
      for (const r of b.records) {
        const inv = this.#ledger.get('invoice', r.sourceId);
        if (inv && hasRealXeroId(inv)) invoiceIds.set(r.sourceId, inv.xeroId ?? '');
      }
      const invoices = await this.#invoicesById(ctx.tenantId, [...invoiceIds.values()]);
      for (const r of b.records) {
        const snap = r.sourceSnapshot as PaymentSnapshot;
        const ours = (invoices.get(invoiceIds.get(r.sourceId) ?? '')?.payments ?? []).find(
          (p) =>
            p.reference === snap.payload?.Reference && toCents(p.amount) === toCents(snap.payload?.Amount),
        );
        outcomes.push(
          ours?.paymentID
            ? { sourceType: r.sourceType, sourceId: r.sourceId, result: 'synced', xeroId: ours.paymentID }
            : pending(r),
        );
      }
    } else if (b.kind === 'payment-delete') {
      for (const r of b.records) {
        let gone: boolean;
        try {
          const p = (await g.getPayment(ctx.tenantId, r.xeroId ?? '')).payments?.[0];
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
            : pending(r),
        );
      }
    } else {
      // Updates and voids carry the InvoiceID / ContactID: sending them again is harmless.
      for (const r of b.records) outcomes.push(pending(r));
    }
    this.#ledger.resolveBatch(b.id, outcomes);
    this.#ledger.addEvent({
      level: 'info',
      kind: 'reconcile',
      message: `Checked an unfinished ${b.kind} write of ${b.records.length} record(s) in Xero: ${outcomes.filter((o) => o.result === 'synced').length} found, the rest will be sent again.`,
    });
  }
}

/** An invoice that is in Xero as `xeroId`: its link, what was sent and a summary of Xero's copy. */
function syncedInvoice(
  rec: RecordKey,
  xeroId: string,
  payload: unknown,
  xeroInvoice: Record<string, unknown>,
): BatchOutcome {
  return {
    sourceType: rec.sourceType,
    sourceId: rec.sourceId,
    result: 'synced',
    xeroId,
    xeroUrl: xeroInvoiceUrl(xeroId),
    payload,
    response: summarizeInvoice(xeroInvoice),
  };
}

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
    StatusAttributeString: pick('statusAttributeString'),
  };
}

export { xeroInvoiceUrl, centsToNumber };
