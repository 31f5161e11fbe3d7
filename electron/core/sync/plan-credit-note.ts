/**
 * What Xero should hold for one Cliniko credit note (status 40, `original_invoice` set), as the
 * ledger record `creditnote:<id>` (pure: no I/O; docs/decisions/023).
 *
 * The payload is mapCreditNote's ACCRECCREDIT without its Contact: the credit-note writer adds the
 * ContactID of `contact:<patientId>` and allocates it to `invoice:<originalInvoiceId>` once both are in
 * Xero. The want hash names both dependencies by their Cliniko ids, as the invoice's does.
 */
import type { ClinikoInvoice, ClinikoInvoiceItem, ClinikoPatient } from '../cliniko/types.js';
import type { Settings } from '../../../shared/settings.js';
import type { WantedRecord } from '../ledger/types.js';
import { contentHash } from './hash.js';
import { mapCreditNote, type XeroCreditNotePayload } from './map-credit-note.js';
import { xeroInvoiceNumber, type InvoiceCatalog } from './map-invoice.js';
import { linePrefix, type SyncProblem, type XeroRefs } from './preflight.js';
import { sourceHash } from './plan.js';

export type CreditNoteBody = Omit<XeroCreditNotePayload, 'Contact'>;

export type CreditNoteSnapshot = {
  v: 1;
  srcHash: string;
  invoice: ClinikoInvoice;
  items: ClinikoInvoiceItem[];
  patientId: string | null;
  /** The Cliniko invoice it reverses (its ledger record `invoice:<id>` gives the InvoiceID). */
  originalInvoiceId: string;
  /** The original's number in Xero (with the app's prefix), for the log. */
  originalNumber: string | null;
  action: 'send' | 'problem';
  payload?: CreditNoteBody;
  problems?: SyncProblem[];
  retryable?: boolean;
};

export type CreditNoteWant = WantedRecord & { sourceSnapshot: CreditNoteSnapshot };

export type PlanCreditNoteInput = {
  invoice: ClinikoInvoice;
  items: readonly ClinikoInvoiceItem[];
  patient: ClinikoPatient | null;
  /** The original invoice as read from Cliniko (null: not read yet). */
  original: Pick<ClinikoInvoice, 'id' | 'number'> | null;
  settings: Settings;
  catalog: InvoiceCatalog;
  refs: XeroRefs | null;
  tenantId: string;
  /** The hold of cycle-read.ts (an unreadable record it needs). */
  hold?: { problems: SyncProblem[]; retryable: boolean };
  clinikoWeb?: { shard: string; subdomain?: string };
};

export const isCreditNote = (invoice: ClinikoInvoice): boolean => invoice.originalInvoiceId !== null;

/** True when planCreditNote would map it (so it needs Xero's accounts and tax rates). */
export function creditNoteMapsToXero(input: Omit<PlanCreditNoteInput, 'refs'>): boolean {
  const { invoice } = input;
  return (
    isCreditNote(invoice) &&
    invoice.archivedAt === null &&
    !input.hold &&
    !!invoice.patientId &&
    !!input.patient &&
    !!input.original
  );
}

/** Null: skip (archived, or it needs Xero's accounts first). */
export function planCreditNote(input: PlanCreditNoteInput): CreditNoteWant | null {
  const { invoice, settings } = input;
  const originalInvoiceId = invoice.originalInvoiceId;
  if (originalInvoiceId === null) throw new RangeError(`Cliniko invoice ${invoice.id} is not a credit note`);
  // An archived credit note that was never sent: nothing to do (voiding a sent one is not built yet).
  if (invoice.archivedAt !== null) return null;
  const number = xeroInvoiceNumber(settings, invoice);
  const originalNumber = input.original ? xeroInvoiceNumber(settings, input.original) : null;
  const srcHash = sourceHash(invoice, input.items);
  const base = {
    v: 1 as const,
    srcHash,
    invoice,
    items: [...input.items],
    patientId: invoice.patientId,
    originalInvoiceId,
    originalNumber,
  };
  const display = {
    sourceType: 'creditnote' as const,
    sourceId: invoice.id,
    tenantId: input.tenantId,
    invoiceNumber: number,
    patientName: input.patient ? `${input.patient.firstName} ${input.patient.lastName}`.trim() : null,
    issueDate: invoice.issueDate,
    // The credit in Xero: a positive total, as Xero shows a credit note.
    totalCents: -invoice.totalCents,
    sourceUrl: invoice.selfUrl,
  };
  const problem = (problems: SyncProblem[], retryable: boolean): CreditNoteWant => ({
    ...display,
    wantHash: `problem:${contentHash({ srcHash, problems })}`,
    sourceSnapshot: { ...base, action: 'problem', problems, retryable },
  });
  const wait = (why: string) =>
    problem([{ code: 'invoice-data', message: `${linePrefix(number)}${why} It will be retried.` }], true);

  if (input.hold) return problem(input.hold.problems, input.hold.retryable);
  if (!invoice.patientId || !input.patient) return wait('its patient has not been read from Cliniko yet.');
  if (!input.original) return wait('the invoice it credits has not been read from Cliniko yet.');
  if (!input.refs) return null;
  const mapped = mapCreditNote({
    invoice,
    items: input.items,
    settings,
    catalog: input.catalog,
    xero: { ...input.refs, contactId: '' },
    originalNumber: String(input.original.number),
    ...(input.clinikoWeb ? { clinikoWeb: input.clinikoWeb } : {}),
  });
  if (!mapped.ok)
    return problem(
      mapped.problems,
      mapped.problems.every((p) => p.code === 'invoice-data'),
    );
  const { Contact: _noContactYet, ...body } = mapped.payload;
  return {
    ...display,
    totalCents: mapped.totalCents,
    wantHash: contentHash({
      ...body,
      Contact: { ContactID: `patient:${invoice.patientId}` },
      Allocation: { InvoiceID: `invoice:${originalInvoiceId}` },
    }),
    sourceSnapshot: { ...base, action: 'send', payload: body },
  };
}
