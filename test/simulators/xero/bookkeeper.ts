// The bookkeeper working in Xero itself (not through this app): hand-entered contacts and invoices, payments,
// credit notes, voids, edits and bank reconciliation. Every change goes through the same Xero rules as the API and is
// recorded in the documents' History under the bookkeeper's name, never the app's (see history.ts).
// Tests use it to set up "pre-existing documents made by another user" and "edits made in Xero between syncs";
// `snapshot*` give a byte-exact view so a test can prove such a document was left unchanged.
import type {
  ElementResult,
  Json,
  SimContact,
  SimCreditNote,
  SimInvoice,
  SimOrg,
  SimPayment,
} from './org.js';

export const DEFAULT_BOOKKEEPER = 'Jo Bookkeeper';

export interface PayOptions {
  /** Dollars; default: the invoice's AmountDue. */
  amount?: number;
  /** YYYY-MM-DD; default: today in the organisation's zone. */
  date?: string;
  /** Default '090' (the seeded bank account). */
  accountCode?: string;
  reference?: string;
  /** Mark it reconciled against a bank line straight away. */
  reconciled?: boolean;
}

export interface CreditOptions {
  /** Dollars; default: the invoice's AmountDue. */
  amount?: number;
  date?: string;
  description?: string;
  creditNoteNumber?: string;
}

export interface Bookkeeper {
  readonly user: string;
  /** A hand-made contact, e.g. `{ Name: 'Alice Nguyen' }` (any Xero Contact fields). */
  createContact(input: Json): SimContact;
  /** A hand-entered invoice (Xero-shaped input, e.g. `{Type:'ACCREC', InvoiceNumber:'CL-1001', Contact:{Name}, …}`). */
  createInvoice(input: Json): SimInvoice;
  /** Edits an invoice as Xero's invoice screen does (any Invoice fields: LineItems, Reference, Date, Contact…). */
  editInvoice(idOrNumber: string, patch: Json): SimInvoice;
  /** Voids an AUTHORISED invoice without payments (Xero's rule). */
  voidInvoice(idOrNumber: string): SimInvoice;
  /** Records a payment on an invoice. */
  payInvoice(idOrNumber: string, o?: PayOptions): SimPayment;
  /** Raises an ACCRECCREDIT credit note for the invoice's contact and allocates it to the invoice. */
  creditInvoice(idOrNumber: string, o?: CreditOptions): SimCreditNote;
  /** Reconciles (or un-reconciles) a payment against a bank statement line. */
  reconcilePayment(paymentId: string, reconciled?: boolean): SimPayment;
  /** Reconciles (or un-reconciles) a whole batch payment. */
  reconcileBatchPayment(batchPaymentId: string, reconciled?: boolean): void;
}

function unwrap(r: ElementResult, what: string): Json {
  if (!r.ok) throw new Error(`bookkeeper could not ${what}: ${r.errors.join('; ')}`);
  return r.out;
}

function mustInvoice(org: SimOrg, key: string): SimInvoice {
  const inv = org.invoice(key);
  if (!inv) throw new Error(`no invoice ${key}`);
  return inv;
}

/** A bookkeeper named `user` (default DEFAULT_BOOKKEEPER) working in `org`. Methods throw with Xero's message. */
export function bookkeeper(org: SimOrg, user: string = DEFAULT_BOOKKEEPER): Bookkeeper {
  const as = <T>(fn: () => T): T => org.runAs(user, fn);
  const write = { method: 'PUT' as const, unitdp: 4 as const };
  return {
    user,
    createContact: (input) =>
      as(() => {
        const out = unwrap(org.upsertContact(input), 'create the contact');
        return org.contact(String(out['ContactID'])) as SimContact;
      }),
    createInvoice: (input) =>
      as(() => {
        const out = unwrap(org.upsertInvoice({ Type: 'ACCREC', ...input }, write), 'create the invoice');
        return mustInvoice(org, String(out['InvoiceID']));
      }),
    editInvoice: (key, patch) =>
      as(() => {
        const inv = mustInvoice(org, key);
        unwrap(
          org.upsertInvoice({ ...patch, InvoiceID: inv.InvoiceID }, { method: 'POST', unitdp: 4 }),
          'edit the invoice',
        );
        return mustInvoice(org, inv.InvoiceID);
      }),
    voidInvoice: (key) =>
      as(() => {
        const inv = mustInvoice(org, key);
        unwrap(
          org.upsertInvoice({ InvoiceID: inv.InvoiceID, Status: 'VOIDED' }, { method: 'POST', unitdp: 4 }),
          'void the invoice',
        );
        return mustInvoice(org, inv.InvoiceID);
      }),
    payInvoice: (key, o = {}) =>
      as(() => {
        const inv = mustInvoice(org, key);
        const out = unwrap(
          org.createPayment({
            Invoice: { InvoiceID: inv.InvoiceID },
            Account: { Code: o.accountCode ?? '090' },
            Amount: o.amount ?? inv.AmountDue,
            ...(o.date ? { Date: o.date } : {}),
            ...(o.reference !== undefined ? { Reference: o.reference } : {}),
            IsReconciled: o.reconciled === true,
          }),
          'pay the invoice',
        );
        return org.findPayment(String(out['PaymentID'])) as SimPayment;
      }),
    creditInvoice: (key, o = {}) =>
      as(() => {
        const inv = mustInvoice(org, key);
        const amount = o.amount ?? inv.AmountDue;
        const line = inv.LineItems[0];
        const cnOut = unwrap(
          org.upsertCreditNote(
            {
              Type: 'ACCRECCREDIT',
              Contact: { ContactID: inv.ContactID },
              Date: o.date ?? inv.Date,
              Status: 'AUTHORISED',
              LineAmountTypes: 'Inclusive',
              ...(o.creditNoteNumber ? { CreditNoteNumber: o.creditNoteNumber } : {}),
              LineItems: [
                {
                  Description: o.description ?? `Credit for ${inv.InvoiceNumber}`,
                  Quantity: 1,
                  UnitAmount: amount,
                  AccountCode: line?.AccountCode ?? '200',
                  TaxType: line?.TaxType ?? 'OUTPUT',
                },
              ],
            },
            write,
          ),
          'create the credit note',
        );
        const id = String(cnOut['CreditNoteID']);
        unwrap(
          org.allocateCreditNote(id, {
            Invoice: { InvoiceID: inv.InvoiceID },
            Amount: amount,
            ...(o.date ? { Date: o.date } : {}),
          }),
          'allocate the credit note',
        );
        return org.creditNotes().find((c) => c.CreditNoteID === id) as SimCreditNote;
      }),
    reconcilePayment: (id, reconciled = true) =>
      as(() => {
        org.setPaymentReconciled(id, reconciled);
        return org.findPayment(id) as SimPayment;
      }),
    reconcileBatchPayment: (id, reconciled = true) => as(() => org.setBatchPaymentReconciled(id, reconciled)),
  };
}

/** The invoice exactly as `GET /Invoices/{id}` returns it (with line items, payments, credit notes), as text. */
export function snapshotInvoice(org: SimOrg, idOrNumber: string): string {
  const inv = org.findInvoice(idOrNumber);
  if (!inv) throw new Error(`no invoice ${idOrNumber}`);
  return JSON.stringify(org.invoiceJson(inv, { lineItems: true, unitdp: 4 }));
}

/** The contact exactly as `GET /Contacts/{id}` returns it, as text. */
export function snapshotContact(org: SimOrg, idOrNumber: string): string {
  const c = org.findContact(idOrNumber);
  if (!c) throw new Error(`no contact ${idOrNumber}`);
  return JSON.stringify(org.contactJson(c));
}

/** Every document of the organisation as text (invoices, credit notes, payments, batches, contacts). */
export function snapshotOrg(org: SimOrg): string {
  return JSON.stringify({
    contacts: org.contacts().map((c) => org.contactJson(c)),
    invoices: org.invoices().map((i) => org.invoiceJson(i, { lineItems: true, unitdp: 4 })),
    creditNotes: org.creditNotes().map((c) => org.creditNoteJson(c, { unitdp: 4 })),
    payments: org.payments().map((p) => org.paymentJson(p)),
    batchPayments: org.batchPayments().map((b) => org.batchPaymentJson(b)),
  });
}
