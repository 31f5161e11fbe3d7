/**
 * The ownership rule at the writers' doors (issue 12): batched reads of what Xero holds before this
 * app writes, judged by ownership.ts. One lookup per batch of new invoices (at most one call per 50)
 * and one per batch of changes; nothing is written to a document this app did not create, and a
 * document someone changed in Xero since this app's last write is left as they made it.
 */
import { formatCents } from '../money.js';
import type { XeroGateway } from '../xero/gateway.js';
import { changedInXero, collisionMessage, findCollisions, type XeroInvoiceSeen } from './ownership.js';
import { seenInvoice } from './xero-seen.js';

const money = (c: number): string => `$${formatCents(c)}`;

export type Collision = { seen: XeroInvoiceSeen; message: string };

/**
 * The new invoices (by source id) whose number Xero already holds under a document this app did
 * not create. `owns` says whether a Xero invoice id is one this app created (the ledger's).
 */
export async function numberCollisions(
  gateway: XeroGateway,
  tenantId: string,
  created: readonly { sourceId: string; invoiceNumber: string }[],
  owns: (xeroId: string) => boolean,
): Promise<Map<string, Collision>> {
  if (created.length === 0) return new Map();
  const found = (
    (
      await gateway.getInvoicesByNumbers(
        tenantId,
        created.map((c) => c.invoiceNumber),
      )
    ).invoices ?? []
  )
    .filter((i) => i.invoiceID)
    .map(seenInvoice);
  const ours = new Set(found.filter((f) => owns(f.invoiceId)).map((f) => f.invoiceId.toLowerCase()));
  const out = new Map<string, Collision>();
  for (const [sourceId, seen] of findCollisions(created, found, ours)) {
    const number = created.find((c) => c.sourceId === sourceId)?.invoiceNumber ?? seen.invoiceNumber;
    out.set(sourceId, { seen, message: collisionMessage(number, seen, { money, date: (d) => d }) });
  }
  return out;
}

/** An invoice this app created, with what it knows of its own writes to it. */
export type OwnedInvoice = {
  sourceId: string;
  xeroId: string;
  /** The total Xero answered this app's last write with; null when the ledger no longer has it. */
  sentTotalCents: number | null;
  /** The amount this app's own payment put on it (0 without one). */
  paidByUsCents: number;
  /** When this app last wrote the invoice or its payment (ledger synced_at). */
  lastWriteAt: string | null;
};

/**
 * Xero's clock and ours differ: an edit this close after our own write is read as ours. Two minutes
 * covers ordinary clock drift; a bookkeeper's edit that soon after a sync is caught by its amounts.
 */
const CLOCK_SLACK_MS = 120_000;

/** The owned invoices (by source id) that someone paid, credited, voided or edited in Xero, with why. */
export async function changedSinceSent(
  gateway: XeroGateway,
  tenantId: string,
  owned: readonly OwnedInvoice[],
  batchSize: number,
): Promise<Map<string, { seen: XeroInvoiceSeen; reason: string }>> {
  const out = new Map<string, { seen: XeroInvoiceSeen; reason: string }>();
  for (let i = 0; i < owned.length; i += batchSize) {
    const part = owned.slice(i, i + batchSize);
    const byId = new Map(
      (
        (
          await gateway.getInvoicesByIds(
            tenantId,
            part.map((o) => o.xeroId),
          )
        ).invoices ?? []
      )
        .filter((x) => x.invoiceID)
        .map((x) => [String(x.invoiceID).toLowerCase(), seenInvoice(x)] as const),
    );
    for (const o of part) {
      const seen = byId.get(o.xeroId.toLowerCase());
      if (!seen) continue; // gone from Xero: the write itself will say so
      const last = o.lastWriteAt ? Date.parse(o.lastWriteAt) + CLOCK_SLACK_MS : null;
      const reason = changedInXero(seen, {
        totalCents: o.sentTotalCents,
        paidByUsCents: o.paidByUsCents,
        updatedDateUtc: last === null ? null : new Date(last).toISOString(),
      });
      if (reason) out.set(o.sourceId, { seen, reason });
    }
  }
  return out;
}
