/**
 * THE one door to Xero's Accounting API for the sync engine: every HTTP call goes through
 * `XeroGateway.call()`, which (1) hands it to the pluggable per-organisation `limiter`, (2) runs it
 * with an authorised xero-node AccountingApi (token refresh and 401 handling: ../xero/api-client.ts),
 * and (3) counts it. Each public method is exactly one HTTP call.
 *
 * The exactly-once issue plugs a real limiter here (5 concurrent, 60/min, daily budget, 429 pause,
 * retries); the default is a passthrough. Payloads come in Xero's PascalCase JSON (../sync/xero-types.ts)
 * and are converted to xero-node's camelCase models by `toModel` (round-trip tested against
 * xero-node's own ObjectSerializer).
 */
import { xeroDay } from './xero-dates.js';
import type {
  AccountingApi,
  Accounts,
  Contact,
  Contacts,
  CreditNote,
  CreditNotes,
  Allocation,
  Allocations,
  Invoice,
  Invoices,
  Items,
  Payment,
  Payments,
  TaxRates,
  TrackingCategories,
} from 'xero-node';
import { passthroughLimiter, type CallScheduler } from './limiter.js';

/** xero-node's answer: the axios-like response and the deserialised body. */
export type XeroResult<T> = { response: unknown; body: T };

/** Runs `fn` with an authorised AccountingApi for the chosen organisation (ConnectionManager.withAccounting). */
export type WithAccounting = <T>(fn: (api: AccountingApi, tenantId: string) => Promise<T>) => Promise<T>;

export type GatewayDeps = {
  withAccounting: WithAccounting;
  limiter?: CallScheduler;
  /** Told each call's outcome (error undefined: Xero answered), so outages can be shown. */
  observe?: (error?: unknown) => void;
};

/** PascalCase Xero JSON → xero-node's camelCase model (ContactID → contactID, LineItems → lineItems). */
export function toModel<T>(value: unknown): T {
  const conv = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(conv);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x === undefined) continue;
      out[k.charAt(0).toLowerCase() + k.slice(1)] = conv(x);
    }
    return out;
  };
  return conv(value) as T;
}

/** A gateway method's options for writes. */
export type WriteOptions = { idempotencyKey?: string };

export class XeroGateway {
  readonly #deps: GatewayDeps;
  readonly #limiter: CallScheduler;
  /** HTTP calls sent (including a retry after a token refresh). */
  calls = 0;
  /** Of which writes (PUT/POST). */
  writes = 0;

  constructor(deps: GatewayDeps) {
    this.#deps = deps;
    this.#limiter = deps.limiter ?? passthroughLimiter;
  }

  /** The single choke point: limiter → authorised API → one HTTP call. */
  protected call<T>(
    tenantId: string,
    fn: (api: AccountingApi, tenantId: string) => Promise<XeroResult<T>>,
    kind: 'read' | 'write' = 'read',
  ): Promise<T> {
    // The limiter gets xero-node's whole `{ response, body }`: it reads X-*Limit-Remaining from it.
    return this.#limiter
      .schedule(tenantId, () =>
        this.#deps.withAccounting(async (api, chosen) => {
          if (chosen.toLowerCase() !== tenantId.toLowerCase()) {
            throw new Error('The Xero organisation changed during the sync; the next sync uses the new one.');
          }
          this.calls++;
          if (kind === 'write') this.writes++;
          return fn(api, chosen).then(
            (r) => {
              this.#deps.observe?.();
              return r;
            },
            (err: unknown) => {
              this.#deps.observe?.(err);
              throw err;
            },
          );
        }),
      )
      .then((r) => r.body);
  }

  // ---------------------------------------------------------------- reference data

  async getAccounts(tenantId: string): Promise<Accounts> {
    return this.call(tenantId, (api, t) => api.getAccounts(t));
  }

  async getTaxRates(tenantId: string): Promise<TaxRates> {
    return this.call(tenantId, (api, t) => api.getTaxRates(t));
  }

  /** With archived categories, so pre-flight can say "archived" rather than "gone". */
  async getTrackingCategories(tenantId: string): Promise<TrackingCategories> {
    return this.call(tenantId, (api, t) => api.getTrackingCategories(t, undefined, undefined, true));
  }

  async getItems(tenantId: string): Promise<Items> {
    return this.call(tenantId, (api, t) => api.getItems(t));
  }

  /**
   * The organisation's lock date: the later of the period and end-of-year lock dates (YYYY-MM-DD),
   * or null when nothing is locked.
   */
  async lockDate(tenantId: string): Promise<string | null> {
    const org = (await this.call(tenantId, (api, t) => api.getOrganisations(t))).organisations?.[0];
    const days = [org?.periodLockDate, org?.endOfYearLockDate]
      .filter((d) => d !== undefined && d !== null && String(d) !== '')
      .map((d) => xeroDay(d))
      .sort();
    return days[days.length - 1] ?? null;
  }

  // ---------------------------------------------------------------- contacts

  /** GET /Contacts/{ContactNumber}; null when Xero has none (404). */
  async getContactByNumber(tenantId: string, contactNumber: string): Promise<Contact | null> {
    try {
      const body = await this.call(tenantId, (api, t) => api.getContactByContactNumber(t, contactNumber));
      return body.contacts?.[0] ?? null;
    } catch (err) {
      if ((err as { status?: unknown }).status === 404) return null;
      throw err;
    }
  }

  /** PUT /Contacts (create), summarizeErrors=false. */
  async putContacts(tenantId: string, contacts: unknown[], o: WriteOptions = {}): Promise<Contacts> {
    const body: Contacts = { contacts: toModel<Contact[]>(contacts) };
    return this.call(tenantId, (api, t) => api.createContacts(t, body, false, o.idempotencyKey), 'write');
  }

  /** POST /Contacts (update by ContactID, or create), summarizeErrors=false. */
  async postContacts(tenantId: string, contacts: unknown[], o: WriteOptions = {}): Promise<Contacts> {
    const body: Contacts = { contacts: toModel<Contact[]>(contacts) };
    return this.call(
      tenantId,
      (api, t) => api.updateOrCreateContacts(t, body, false, o.idempotencyKey),
      'write',
    );
  }

  // ---------------------------------------------------------------- invoices

  /** GET /Invoices?InvoiceNumbers=… (at most ~50 numbers per call keeps the URL short). */
  async getInvoicesByNumbers(tenantId: string, numbers: string[]): Promise<Invoices> {
    return this.call(tenantId, (api, t) =>
      api.getInvoices(t, undefined, undefined, undefined, undefined, numbers),
    );
  }

  /** GET /Invoices?IDs=… (with their Payments). */
  async getInvoicesByIds(tenantId: string, ids: string[]): Promise<Invoices> {
    return this.call(tenantId, (api, t) => api.getInvoices(t, undefined, undefined, undefined, ids));
  }

  /** PUT /Invoices (create), summarizeErrors=false, unitdp=4. */
  async putInvoices(tenantId: string, invoices: unknown[], o: WriteOptions = {}): Promise<Invoices> {
    const body: Invoices = { invoices: toModel<Invoice[]>(invoices) };
    return this.call(tenantId, (api, t) => api.createInvoices(t, body, false, 4, o.idempotencyKey), 'write');
  }

  /** POST /Invoices (update by InvoiceID, void, delete), summarizeErrors=false, unitdp=4. */
  async postInvoices(tenantId: string, invoices: unknown[], o: WriteOptions = {}): Promise<Invoices> {
    const body: Invoices = { invoices: toModel<Invoice[]>(invoices) };
    return this.call(
      tenantId,
      (api, t) => api.updateOrCreateInvoices(t, body, false, 4, o.idempotencyKey),
      'write',
    );
  }

  // ---------------------------------------------------------------- payments

  /** PUT /Payments, summarizeErrors=false. */
  async putPayments(tenantId: string, payments: unknown[], o: WriteOptions = {}): Promise<Payments> {
    const body: Payments = { payments: toModel<Payment[]>(payments) };
    return this.call(tenantId, (api, t) => api.createPayments(t, body, false, o.idempotencyKey), 'write');
  }

  /** POST /Payments/{id} {Status: DELETED}. */
  async deletePayment(tenantId: string, paymentId: string, o: WriteOptions = {}): Promise<Payments> {
    return this.call(
      tenantId,
      (api, t) => api.deletePayment(t, paymentId, { status: 'DELETED' }, o.idempotencyKey),
      'write',
    );
  }

  /** GET /Payments/{id}. */
  async getPayment(tenantId: string, paymentId: string): Promise<Payments> {
    return this.call(tenantId, (api, t) => api.getPayment(t, paymentId));
  }

  // ---------------------------------------------------------------- credit notes

  /** PUT /CreditNotes (create), summarizeErrors=false, unitdp=4. */
  async putCreditNotes(tenantId: string, notes: unknown[], o: WriteOptions = {}): Promise<CreditNotes> {
    const body: CreditNotes = { creditNotes: toModel<CreditNote[]>(notes) };
    return this.call(
      tenantId,
      (api, t) => api.createCreditNotes(t, body, false, 4, o.idempotencyKey),
      'write',
    );
  }

  /** GET /CreditNotes?where=CreditNoteNumber=="…" (one number per call: `where` has no IN). */
  async getCreditNotesByNumber(tenantId: string, creditNoteNumber: string): Promise<CreditNotes> {
    const where = `CreditNoteNumber=="${creditNoteNumber.replace(/"/g, '')}"`;
    return this.call(tenantId, (api, t) => api.getCreditNotes(t, undefined, where));
  }

  /** GET /CreditNotes/{id} (with its Allocations and RemainingCredit). */
  async getCreditNote(tenantId: string, creditNoteId: string): Promise<CreditNotes> {
    return this.call(tenantId, (api, t) => api.getCreditNote(t, creditNoteId));
  }

  /** PUT /CreditNotes/{id}/Allocations: allocates the credit to an invoice. */
  async putCreditNoteAllocation(
    tenantId: string,
    creditNoteId: string,
    allocation: unknown,
    o: WriteOptions = {},
  ): Promise<Allocations> {
    const body: Allocations = { allocations: toModel<Allocation[]>([allocation]) };
    return this.call(
      tenantId,
      (api, t) => api.createCreditNoteAllocation(t, creditNoteId, body, false, o.idempotencyKey),
      'write',
    );
  }
}
