/**
 * *Link it* (issue 12): the user says the invoice Xero already holds under this invoice's number is
 * this invoice. Allowed only when Xero's invoice has the same contact, date and total as Cliniko's
 * to the cent; read fresh from Xero, never from what the sync log remembered.
 */
import { ApiError } from '../api-error.js';
import { formatCents } from '../money.js';
import { contactNumberFor } from '../sync/map-contact.js';
import { linkRefusals, type XeroInvoiceSeen } from '../sync/ownership.js';
import type { InvoiceSnapshot } from '../sync/plan.js';
import type { SyncRuntime } from '../sync/runtime.js';
import { xeroInvoiceUrl } from '../sync/engine.js';
import { seenInvoice } from '../sync/xero-seen.js';

const money = (c: number): string => `$${formatCents(c)}`;

export async function linkInvoice(runtime: SyncRuntime, id: number): Promise<number> {
  const rec = runtime.ledger.getById(id);
  if (!rec) throw new ApiError('not_found', `No sync-log record ${id}.`);
  const name = `Invoice ${rec.invoiceNumber ?? rec.sourceId}`;
  const held = (rec.lastResponse as { collision?: XeroInvoiceSeen } | null)?.collision;
  if (rec.sourceType !== 'invoice' || rec.state !== 'needs_attention' || !held)
    throw new ApiError(
      'conflict',
      `${name} is not waiting on an invoice number Xero already holds, so there is nothing to link.`,
    );
  const tenantId = await runtime.tenantId();
  if (!tenantId) throw new ApiError('not_connected', 'Connect Xero first.');
  const found = (await runtime.gateway.getInvoicesByIds(tenantId, [held.invoiceId])).invoices?.[0];
  if (!found?.invoiceID)
    throw new ApiError(
      'conflict',
      `${name}: Xero no longer holds invoice ${held.invoiceNumber}. Press Retry to send this invoice instead.`,
    );
  const seen = seenInvoice(found);
  const snap = rec.sourceSnapshot as InvoiceSnapshot | null;
  const why = linkRefusals(
    seen,
    {
      contactNumber: snap?.patientId ? contactNumberFor(snap.patientId) : '',
      contactName: rec.patientName ?? '',
      date: rec.issueDate ?? '',
      totalCents: rec.totalCents ?? Number.NaN,
    },
    { money },
  );
  if (why.length)
    throw new ApiError(
      'conflict',
      `${name} was not linked: Xero's invoice ${seen.invoiceNumber} is not this one (${why.join('; ')}). Linking needs the same contact, date and total as in Cliniko. Use another invoice prefix instead.`,
    );
  runtime.ledger.markSynced(rec, {
    xeroId: seen.invoiceId,
    sentHash: rec.wantHash,
    xeroUrl: xeroInvoiceUrl(seen.invoiceId),
    response: { linked: seen },
  });
  return id;
}
