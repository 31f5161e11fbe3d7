/**
 * The Writer protocol (docs/decisions/014): everything the engine knows about one record kind that
 * Xero receives. A writer says
 * - which ledger records it collects in a round (`collect`), and settles those that need no call;
 * - how it builds a batch's payloads (the jobs `collect` returns carry them);
 * - how it sends a batch through the gateway (`Operation.send`);
 * - how it reads each element's outcome (`Operation.outcome`, after an optional `lookup`);
 * - how it looks up and adopts an uncertain batch (`reconcile`, by batch kind).
 * The cycle, the outbox, the worker pool and reconciliation are shared; a new kind is one new file
 * implementing this, plus its line in `writers/index.ts` (and a migration if the ledger needs one).
 */
import type { BatchOutcome, LedgerRecordDetails, SourceType, UncertainBatch } from '../../ledger/index.js';
import type { CycleCtx } from '../context.js';

/** One element of Xero's answer (per record, in order). */
export type Element = {
  ok: boolean;
  errors: string[];
  raw: Record<string, unknown>;
};

/** A record to send and the payload built for it. */
export type Job<P = Record<string, unknown>> = { rec: LedgerRecordDetails; payload: P };

/** One kind of call (a ledger batch kind: `invoice-create`, `payment-delete`, …). */
export type Operation<P = Record<string, unknown>, L = unknown> = {
  /** The ledger batch kind, also the idempotency key's prefix. */
  kind: string;
  /** Names a record for the user: "Invoice CL-10", "Contact for patient Ann Lee". */
  what: (rec: LedgerRecordDetails) => string;
  /** Sends one batch (≤ BATCH_SIZE) with this idempotency key; Xero's answer per element. */
  send: (ctx: CycleCtx, payloads: P[], idempotencyKey: string) => Promise<Element[]>;
  /** Reads what the outcomes need to adopt what already exists (inside the outbox's call). */
  lookup?: (ctx: CycleCtx, jobs: Job<P>[], elements: Element[]) => Promise<L>;
  /** One element's outcome (synced, adopted, pending, failed or needs attention). */
  outcome: (
    ctx: CycleCtx,
    job: Job<P>,
    el: Element,
    found: L | undefined,
  ) => BatchOutcome | Promise<BatchOutcome>;
};

/** What a writer will send in one round. */
export type Round = {
  /** Records settled without a call (a void of something never sent, payments removed first). */
  moved: number;
  /** The batches of this round, in order; `total` counts their jobs for progress. */
  sends: { op: Operation<never, never>; jobs: Job<never>[] }[];
  /** Runs after the round's sends (e.g. re-planning contacts whose name Xero refused). */
  after?: () => void;
};

export type Writer = {
  /** The ledger record kind it writes. */
  sourceType: SourceType;
  /** The progress phase of its sends. */
  phase: string;
  /** The round: due records → jobs per operation. May itself write first (payments before changes). */
  collect: (ctx: CycleCtx) => Promise<Round>;
  /** Uncertain batches of each of its kinds: look them up in Xero, adopt what exists. */
  reconcile: Record<string, (ctx: CycleCtx, batch: UncertainBatch) => Promise<BatchOutcome[]>>;
};

/** Widens an operation for Round.sends (jobs and operation share P; checked where they are built). */
export function send<P, L>(op: Operation<P, L>, jobs: Job<P>[]): Round['sends'][number] {
  return { op: op as unknown as Operation<never, never>, jobs: jobs as unknown as Job<never>[] };
}

/** Xero's per-element answers (xero-node objects) as Elements. */
export function elementsOf(list: readonly object[] | undefined): Element[] {
  return (list ?? []).map((e) => {
    const raw = e as Record<string, unknown>;
    const errs = (raw.validationErrors as { message?: string }[] | undefined) ?? [];
    const errors = errs.map((v) => v.message ?? '').filter(Boolean);
    const failed = raw.statusAttributeString === 'ERROR' || raw.hasErrors === true || errors.length > 0;
    return { ok: !failed, errors: failed && errors.length === 0 ? ['Xero refused it.'] : errors, raw };
  });
}

export const pendingOutcome = (r: { sourceType: SourceType; sourceId: string }): BatchOutcome => ({
  sourceType: r.sourceType,
  sourceId: r.sourceId,
  result: 'pending',
});
