/**
 * What Xero should hold for one Cliniko invoice, as ledger records (pure: no I/O).
 *
 * - `invoice:<id>`: the ACCREC payload without its Contact (the invoice writer adds the ContactID of
 *   `contact:<patientId>` once that dependency is in Xero), or "void" for an archived invoice that was
 *   sent, or the problems that stop it (needs attention / retry later).
 * - `contact:<patientId>`: the patient's contact (mapContact), keyed by ContactNumber.
 * - `payment:<invoiceId>`: one payment of the whole amount for a paid invoice, dated the local date of
 *   `closed_at` in the business's zone, without its Invoice (the payment writer adds the InvoiceID of
 *   `invoice:<invoiceId>`) — or "none" when a payment this app made must go away.
 *
 * `wantHash` is the content hash of what would be sent, so re-reading unchanged data changes nothing
 * and an edit that does not change what Xero gets is not re-sent.
 */
import type {
  ClinikoBusiness,
  ClinikoInvoice,
  ClinikoInvoiceItem,
  ClinikoPatient,
} from '../cliniko/types.js';
import { INVOICE_STATUS } from '../cliniko/types.js';
import type { LedgerRecord, WantedRecord } from '../ledger/types.js';
import type { Settings } from '../../../shared/settings.js';
import { contentHash } from './hash.js';
import { mapContact } from './map-contact.js';
import { mapInvoice, xeroInvoiceNumber, type InvoiceCatalog } from './map-invoice.js';
import { linePrefix, preflightPayment, type SyncProblem, type XeroRefs } from './preflight.js';
import { mapPayment } from './map-payment.js';
import type { XeroContactPayload, XeroInvoicePayload, XeroPaymentPayload } from './xero-types.js';

/** "Nothing of ours is in Xero for this record" (an archived invoice never sent, a removed payment). */
export const NONE = 'none';
export const NONE_HASH = contentHash({ none: true });

/**
 * How a want hash names a dependency that Xero has not numbered yet: by its Cliniko id. These are in
 * the hash only (never in a payload), and spelled as before decision 014 so that upgraded ledgers
 * re-send nothing.
 */
const contactRef = (patientId: string) => ({ ContactID: `patient:${patientId}` });
const invoiceRef = (invoiceId: string) => ({ InvoiceID: `invoice:${invoiceId}` });

/** An invoice as planned: everything but its Contact, which the invoice writer adds. */
export type InvoiceBody = Omit<XeroInvoicePayload, 'Contact'>;
/** A payment as planned: everything but its Invoice, which the payment writer adds. */
export type PaymentBody = Omit<XeroPaymentPayload, 'Invoice'>;

export type InvoiceSnapshot = {
  v: 1;
  srcHash: string;
  invoice: ClinikoInvoice;
  items: ClinikoInvoiceItem[];
  patientId: string | null;
  action: 'send' | 'void' | 'problem';
  /** Ledgers written before decision 014 also hold a placeholder Contact here; writers override it. */
  payload?: InvoiceBody;
  problems?: SyncProblem[];
  /** Problems that fix themselves (items not read yet): retried with backoff. */
  retryable?: boolean;
};

export type PaymentSnapshot = {
  v: 1;
  invoiceId: string;
  invoiceNumber: string;
  want: 'pay' | 'none';
  /** mapPayment's payload without its Invoice (older ledgers: with a placeholder Invoice). */
  payload?: PaymentBody;
  problems?: SyncProblem[];
};

export type ContactSnapshot = {
  v: 1;
  srcHash: string;
  patient: ClinikoPatient;
  disambiguate: boolean;
  payload: XeroContactPayload;
};

export function sourceHash(invoice: ClinikoInvoice, items: readonly ClinikoInvoiceItem[]): string {
  const sorted = [...items].sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : 1));
  return contentHash({ invoice, items: sorted });
}

export function patientHash(p: ClinikoPatient, disambiguate: boolean): string {
  return contentHash({ p, disambiguate });
}

/** mapPayment's Reference: how a payment made by this app is recognised in Xero. */
export function paymentReference(invoiceNumber: string): string {
  return `Cliniko payment, invoice ${invoiceNumber}`;
}

export type PaymentWant = WantedRecord & { sourceSnapshot: PaymentSnapshot };

export type PlanInput = {
  invoice: ClinikoInvoice;
  items: readonly ClinikoInvoiceItem[];
  patient: ClinikoPatient | null;
  business: ClinikoBusiness | null;
  settings: Settings;
  catalog: InvoiceCatalog;
  /** Needed to map a sendable invoice; may be null when the caller knows no mapping is needed. */
  refs: XeroRefs | null;
  tenantId: string;
  existingInvoice: LedgerRecord | null;
  existingPayment: LedgerRecord | null;
  /** Zone for payment dates when the business has none. */
  fallbackTimeZone: string;
  /**
   * Not mapped this cycle (cycle-read.ts): a record of it we cannot read (needs attention), or a
   * reference list it needs that could not be read (retried).
   */
  hold?: { problems: SyncProblem[]; retryable: boolean };
  clinikoWeb?: { shard: string; subdomain?: string };
};

export type PlanResult =
  | { kind: 'skip'; reason: 'before-sync-from' | 'archived-never-sent' | 'needs-refs' }
  | {
      kind: 'records';
      invoice: WantedRecord & { sourceSnapshot: InvoiceSnapshot };
      payment: PaymentWant | null;
      patientId: string | null;
    };

const hasRealXeroId = (r: LedgerRecord | null): boolean => !!r?.xeroId && r.xeroId !== NONE;

/**
 * True when planInvoice would map this invoice (so it needs Xero's accounts and tax rates): the
 * planner reads them once, before planning, and only then.
 */
export function mapsToXero(input: Omit<PlanInput, 'refs'>): boolean {
  const { invoice } = input;
  if (invoice.issueDate < input.settings.syncFrom && !input.existingInvoice) return false;
  if (invoice.archivedAt !== null) return false;
  if (input.hold) return false;
  if (invoice.originalInvoiceId !== null || invoice.totalCents < 0) return false;
  return !!invoice.patientId && !!input.patient;
}

export function planInvoice(input: PlanInput): PlanResult {
  const { invoice, settings } = input;
  // Once in Xero, an invoice keeps its number: a new `invoicePrefix` is for invoices not yet sent.
  const sentNumber =
    hasRealXeroId(input.existingInvoice) && input.existingInvoice?.invoiceNumber
      ? input.existingInvoice.invoiceNumber
      : null;
  const number = sentNumber ?? xeroInvoiceNumber(settings, invoice);
  if (invoice.issueDate < settings.syncFrom && !input.existingInvoice) {
    return { kind: 'skip', reason: 'before-sync-from' };
  }
  const srcHash = sourceHash(invoice, input.items);
  const display = {
    sourceType: 'invoice' as const,
    sourceId: invoice.id,
    tenantId: input.tenantId,
    invoiceNumber: number,
    patientName: input.patient ? `${input.patient.firstName} ${input.patient.lastName}`.trim() : null,
    issueDate: invoice.issueDate,
    totalCents: invoice.totalCents,
    sourceUrl: invoice.selfUrl,
  };
  const base = { v: 1 as const, srcHash, invoice, items: [...input.items], patientId: invoice.patientId };
  const paymentDisplay = { ...display, sourceType: 'payment' as const };
  const nonePayment = (): PaymentWant | null =>
    input.existingPayment
      ? {
          ...paymentDisplay,
          wantHash: NONE_HASH,
          sourceSnapshot: { v: 1, invoiceId: invoice.id, invoiceNumber: number, want: 'none' },
        }
      : null;

  if (invoice.archivedAt !== null) {
    if (!input.existingInvoice) return { kind: 'skip', reason: 'archived-never-sent' };
    const snap: InvoiceSnapshot = { ...base, action: 'void' };
    return {
      kind: 'records',
      invoice: { ...display, wantHash: contentHash({ void: number }), sourceSnapshot: snap },
      payment: nonePayment(),
      patientId: invoice.patientId,
    };
  }

  const problem = (problems: SyncProblem[], retryable: boolean): PlanResult => ({
    kind: 'records',
    invoice: {
      ...display,
      wantHash: `problem:${contentHash({ srcHash, problems })}`,
      sourceSnapshot: { ...base, action: 'problem', problems, retryable },
    },
    payment: null,
    patientId: invoice.patientId,
  });

  if (input.hold) return problem(input.hold.problems, input.hold.retryable);
  if (invoice.originalInvoiceId !== null || invoice.totalCents < 0) {
    return problem(
      [
        {
          code: 'invoice-data',
          // Credit notes (with their original invoice) are planned by plan-credit-note.ts; this is a
          // negative invoice that names no invoice it credits, so there is nothing to allocate it to.
          message: `${linePrefix(number)}its total is negative but it names no original invoice, so it cannot be sent as a credit note. Make it a credit note of its invoice in Cliniko, or record it in Xero by hand.`,
        },
      ],
      false,
    );
  }
  if (!invoice.patientId || !input.patient) {
    return problem(
      [
        {
          code: 'invoice-data',
          message: `${linePrefix(number)}its patient has not been read from Cliniko yet. It will be retried.`,
        },
      ],
      true,
    );
  }
  if (!input.refs) return { kind: 'skip', reason: 'needs-refs' };
  const mapped = mapInvoice({
    invoice,
    items: input.items,
    settings,
    catalog: input.catalog,
    xero: { ...input.refs, contactId: '' },
    ...(input.clinikoWeb ? { clinikoWeb: input.clinikoWeb } : {}),
    ...(sentNumber ? { number: sentNumber } : {}),
  });
  if (!mapped.ok)
    return problem(
      mapped.problems,
      mapped.problems.every((p) => p.code === 'invoice-data'),
    );

  const { Contact: _noContactYet, ...body } = mapped.payload;
  const snap: InvoiceSnapshot = { ...base, action: 'send', payload: body };
  let payment: PaymentWant | null;
  const paid = invoice.status === INVOICE_STATUS.paid && invoice.closedAt !== null && invoice.totalCents > 0;
  if (paid) {
    const accountCode = settings.defaults.paymentAccountCode;
    const mappedPayment = mapPayment({
      invoice,
      xeroInvoiceId: '',
      // Our invoice's total in Xero equals Cliniko's, and our own payment is removed before any edit.
      amountDueCents: invoice.totalCents,
      accountCode,
      timeZone: input.business?.timeZone ?? input.fallbackTimeZone,
      invoiceNumber: number,
    });
    const problems = preflightPayment(number, accountCode, { source: 'default' }, input.refs);
    const paymentBody = mappedPayment.ok ? withoutInvoice(mappedPayment.payload) : null;
    const ps: PaymentSnapshot = {
      v: 1,
      invoiceId: invoice.id,
      invoiceNumber: number,
      want: 'pay',
      ...(paymentBody ? { payload: paymentBody } : {}),
      ...(problems.length ? { problems } : {}),
    };
    const hashed = paymentBody ? { ...paymentBody, Invoice: invoiceRef(invoice.id) } : null;
    payment = hashed
      ? {
          ...paymentDisplay,
          wantHash: problems.length
            ? `problem:${contentHash({ ...ps, payload: hashed })}`
            : contentHash(hashed),
          sourceSnapshot: ps,
        }
      : nonePayment();
  } else {
    payment = nonePayment();
  }
  return {
    kind: 'records',
    invoice: {
      ...display,
      wantHash: contentHash({ ...body, Contact: contactRef(invoice.patientId) }),
      sourceSnapshot: snap,
    },
    payment,
    patientId: invoice.patientId,
  };
}

function withoutInvoice(p: XeroPaymentPayload): PaymentBody {
  const { Invoice: _noInvoiceYet, ...body } = p;
  return body;
}

export function planContact(
  patient: ClinikoPatient,
  disambiguate: boolean,
  tenantId: string,
): WantedRecord & { sourceSnapshot: ContactSnapshot } {
  const payload = mapContact(patient, { disambiguate });
  return {
    sourceType: 'contact',
    sourceId: patient.id,
    tenantId,
    wantHash: contentHash(payload),
    patientName: payload.Name,
    invoiceNumber: null,
    sourceSnapshot: {
      v: 1,
      srcHash: patientHash(patient, disambiguate),
      patient,
      disambiguate,
      payload,
    },
  };
}

export { hasRealXeroId };
