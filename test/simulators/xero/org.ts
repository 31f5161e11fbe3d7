// One simulated Xero organisation: its ledger data, Xero's business rules and Xero-shaped JSON views.
// Every write goes through validate-then-commit per element, so a failed element changes nothing.
import { randomUUID } from 'node:crypto';
import { computeLine, computeTotals, toUnits, type LineAmountTypes, type LineResult } from './calc.js';
import { dateString, msDate, msDateTime, parseRequestDate, todayIn, utcString } from './dates.js';
import { batchReferenceErrors } from './batch-payments.js';
import { API_USER, DocumentHistory, type HistoryChange } from './history.js';
import { MSG } from './messages.js';
import {
  makeAccount,
  ORG_TIME_ZONE,
  SEED_ACCOUNTS,
  seedOrganisation,
  seedTaxRates,
  seedTrackingCategories,
  trackingCategory,
  type NewAccount,
  type SimAccount,
  type SimTaxRate,
  type SimTrackingCategory,
  type SimTrackingOption,
} from './seed-org.js';

export type Json = Record<string, unknown>;

export type ElementResult = { ok: true; out: Json } | { ok: false; out: Json; errors: string[] };

// ---------------------------------------------------------------------------------------------------------------
// Records (PascalCase like Xero; amounts in dollars with 2 dp, computed from integer cents; dates 'YYYY-MM-DD').

export interface SimTracking {
  Name: string;
  Option: string;
  TrackingCategoryID: string;
  TrackingOptionID: string;
}

export interface SimLineItem {
  LineItemID: string;
  Description?: string;
  Quantity: number;
  UnitAmount: number;
  ItemCode?: string;
  AccountCode?: string;
  AccountID?: string;
  TaxType: string;
  TaxAmount: number;
  LineAmount: number;
  DiscountRate?: number;
  DiscountAmount?: number;
  Tracking: SimTracking[];
}

export interface SimPaymentRef {
  PaymentID: string;
  Date: string;
  Amount: number;
  Reference?: string;
  BatchPaymentID?: string;
}

export interface SimAllocation {
  AllocationID: string;
  Amount: number;
  Date: string;
  InvoiceID: string;
  CreditNoteID: string;
  IsDeleted: boolean;
}

export interface SimContact {
  ContactID: string;
  ContactStatus: 'ACTIVE' | 'ARCHIVED' | 'GDPRREQUEST';
  Name: string;
  ContactNumber?: string;
  AccountNumber?: string;
  FirstName?: string;
  LastName?: string;
  EmailAddress?: string;
  IsSupplier: boolean;
  IsCustomer: boolean;
  UpdatedDateUTC: number;
  /** Other Contact fields exactly as sent (Addresses, Phones, TaxNumber…). */
  extra: Json;
}

interface DocCommon {
  Type: string;
  ContactID: string;
  Date: string;
  DueDate?: string;
  LineAmountTypes: LineAmountTypes;
  Status: 'DRAFT' | 'SUBMITTED' | 'AUTHORISED' | 'PAID' | 'VOIDED' | 'DELETED';
  LineItems: SimLineItem[];
  SubTotal: number;
  TotalTax: number;
  Total: number;
  TotalDiscount: number;
  Reference?: string;
  CurrencyCode: string;
  CurrencyRate: number;
  UpdatedDateUTC: number;
  FullyPaidOnDate?: string;
  SentToContact?: boolean;
  Url?: string;
}

export interface SimInvoice extends DocCommon {
  InvoiceID: string;
  InvoiceNumber: string;
  AmountDue: number;
  AmountPaid: number;
  AmountCredited: number;
  Payments: SimPaymentRef[];
  /** Credit-note allocations applied to this invoice. */
  Allocations: SimAllocation[];
  ExpectedPaymentDate?: string;
}

export interface SimCreditNote extends DocCommon {
  CreditNoteID: string;
  CreditNoteNumber: string;
  RemainingCredit: number;
  AppliedAmount: number;
  Payments: SimPaymentRef[];
  Allocations: SimAllocation[];
}

export interface SimPayment {
  PaymentID: string;
  Date: string;
  Amount: number;
  Reference?: string;
  IsReconciled: boolean;
  Status: 'AUTHORISED' | 'DELETED';
  PaymentType: 'ACCRECPAYMENT' | 'ACCPAYPAYMENT' | 'ARCREDITPAYMENT' | 'APCREDITPAYMENT';
  AccountID: string;
  InvoiceID?: string;
  CreditNoteID?: string;
  BatchPaymentID?: string;
  UpdatedDateUTC: number;
}

export interface SimBatchPayment {
  BatchPaymentID: string;
  AccountID: string;
  Date: string;
  Reference?: string;
  Particulars?: string;
  Code?: string;
  Details?: string;
  Narrative?: string;
  Type: 'RECBATCH' | 'PAYBATCH';
  Status: 'AUTHORISED' | 'DELETED';
  TotalAmount: number;
  PaymentIDs: string[];
  IsReconciled: boolean;
  UpdatedDateUTC: number;
}

export interface SimItem {
  ItemID: string;
  Code: string;
  Name?: string;
  /** Xero fills a line's missing AccountCode / TaxType from these (so a sender must send its own). */
  SalesDetails?: { UnitPrice?: number; AccountCode?: string; TaxType?: string };
}

// ---------------------------------------------------------------------------------------------------------------

const c2d = (c: number): number => c / 100;
const d2c = (d: number): number => Number(toUnits(d, 2));
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const lc = (s: string): string => s.trim().toLowerCase();

const POSTED = new Set(['SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED']);
const CREATABLE = new Set(['DRAFT', 'SUBMITTED', 'AUTHORISED']);

export interface WriteOptions {
  /** PUT = create (Xero also updates when an ID is given); POST = create or update (by ID, or by number). */
  method: 'PUT' | 'POST';
  unitdp: 2 | 4;
}

export interface ListResult<T> {
  items: T[];
  total: number;
}

export class SimOrg {
  readonly tenantId: string;
  readonly name: string;
  private organisation: Json;
  private accountsByCode = new Map<string, SimAccount>();
  private accountsById = new Map<string, SimAccount>();
  private taxRatesByType = new Map<string, SimTaxRate>();
  private tracking: SimTrackingCategory[];
  private items = new Map<string, SimItem>();
  private contactsById = new Map<string, SimContact>();
  private contactIdByNumber = new Map<string, string>();
  private contactOrder: SimContact[] = [];
  /** lower-cased Name → contacts with that name (any status). */
  private contactsByName = new Map<string, Set<SimContact>>();
  private invoicesById = new Map<string, SimInvoice>();
  private invoiceIdByNumber = new Map<string, string>();
  private invoicesByContact = new Map<string, Set<string>>();
  private invoiceOrder: SimInvoice[] = [];
  private creditNotesById = new Map<string, SimCreditNote>();
  private creditNoteIdByNumber = new Map<string, string>();
  private paymentsById = new Map<string, SimPayment>();
  private batchPaymentsById = new Map<string, SimBatchPayment>();
  private lockDate: string | null = null;
  private endOfYearLockDate: string | null = null;
  /** Every document's History and Notes (who created and changed it). */
  readonly history = new DocumentHistory();
  /** The user the current change is recorded under: the app for API calls, a bookkeeper inside `runAs`. */
  private actor = API_USER;
  private nextInvoiceNo = 1;
  private nextCreditNoteNo = 1;
  private lastUpdated = 0;

  constructor(tenantId: string, name: string) {
    this.tenantId = tenantId;
    this.name = name;
    const now = Date.now();
    this.organisation = seedOrganisation(tenantId, name, now);
    for (const a of SEED_ACCOUNTS) this.addAccount(a);
    for (const t of seedTaxRates()) this.taxRatesByType.set(t.TaxType, t);
    this.tracking = seedTrackingCategories(tenantId);
  }

  /** Strictly increasing UpdatedDateUTC, so If-Modified-Since can separate writes made in the same ms. */
  private stamp(): number {
    const t = Math.max(Date.now(), this.lastUpdated + 1);
    this.lastUpdated = t;
    return t;
  }

  today(): string {
    return todayIn(ORG_TIME_ZONE);
  }

  // ---- settings & inspection (the SimOrg API used by tests) ------------------------------------------------------

  setLockDate(ymd: string | null): void {
    if (ymd !== null && parseRequestDate(ymd) !== ymd) throw new Error(`bad date ${ymd}`);
    this.lockDate = ymd;
    this.organisation['PeriodLockDate'] = ymd ?? undefined;
  }
  getLockDate(): string | null {
    return this.lockDate;
  }
  /** The end-of-year lock date (locks everyone, advisers too). `GET /Organisation` shows it as EndOfYearLockDate. */
  setEndOfYearLockDate(ymd: string | null): void {
    if (ymd !== null && parseRequestDate(ymd) !== ymd) throw new Error(`bad date ${ymd}`);
    this.endOfYearLockDate = ymd;
  }
  getEndOfYearLockDate(): string | null {
    return this.endOfYearLockDate;
  }
  /** The date up to and including which documents are locked: the later of the two lock dates. */
  effectiveLockDate(): string | null {
    const a = this.lockDate;
    const b = this.endOfYearLockDate;
    if (a === null) return b;
    if (b === null) return a;
    return a > b ? a : b;
  }
  /** Organisation country ('AU', 'NZ', 'GB'…): decides which batch-payment reference fields are accepted. */
  setCountryCode(code: string): void {
    this.organisation['CountryCode'] = code;
  }
  countryCode(): string {
    return String(this.organisation['CountryCode'] ?? 'AU');
  }
  /** Runs `fn` with every change recorded as made by `user` (a person working in Xero), then back to the app. */
  runAs<T>(user: string, fn: () => T): T {
    const prev = this.actor;
    this.actor = user;
    try {
      return fn();
    } finally {
      this.actor = prev;
    }
  }
  private audit(id: string, change: HistoryChange, details = ''): void {
    this.history.record(id, { at: this.lastUpdated || Date.now(), user: this.actor, change, details });
  }
  /** Marks a payment reconciled (or not), as the bookkeeper does by matching it to a bank statement line. */
  setPaymentReconciled(paymentId: string, reconciled = true): void {
    const p = this.findPayment(paymentId);
    if (!p) throw new Error(`no payment ${paymentId}`);
    if (p.BatchPaymentID) throw new Error('a payment in a batch is reconciled through its batch payment');
    p.IsReconciled = reconciled;
    p.UpdatedDateUTC = this.stamp();
    this.audit(p.PaymentID, reconciled ? 'Reconciled' : 'Unreconciled');
  }
  /** Marks a batch payment (and every payment in it) reconciled or not. */
  setBatchPaymentReconciled(batchPaymentId: string, reconciled = true): void {
    const bp = this.batchPaymentsById.get(batchPaymentId.toLowerCase());
    if (!bp) throw new Error(`no batch payment ${batchPaymentId}`);
    bp.IsReconciled = reconciled;
    bp.UpdatedDateUTC = this.stamp();
    for (const pid of bp.PaymentIDs) {
      const p = this.paymentsById.get(pid);
      if (p) p.IsReconciled = reconciled;
    }
    this.audit(bp.BatchPaymentID, reconciled ? 'Reconciled' : 'Unreconciled');
  }
  addAccount(a: NewAccount): SimAccount {
    if (this.accountsByCode.has(a.Code)) throw new Error(`account ${a.Code} exists`);
    const acc = makeAccount(this.tenantId, a, this.stamp());
    this.accountsByCode.set(acc.Code, acc);
    this.accountsById.set(acc.AccountID.toLowerCase(), acc);
    return acc;
  }
  archiveAccount(code: string): void {
    const a = this.accountsByCode.get(code);
    if (!a) throw new Error(`no account ${code}`);
    a.Status = 'ARCHIVED';
    a.UpdatedDateUTC = this.stamp();
  }
  setAccount(
    code: string,
    patch: Partial<Pick<SimAccount, 'Status' | 'EnablePaymentsToAccount' | 'TaxType' | 'Name'>>,
  ): void {
    const a = this.accountsByCode.get(code);
    if (!a) throw new Error(`no account ${code}`);
    Object.assign(a, patch, { UpdatedDateUTC: this.stamp() });
  }
  setTaxRateStatus(taxType: string, status: SimTaxRate['Status']): void {
    const t = this.taxRatesByType.get(taxType);
    if (!t) throw new Error(`no tax rate ${taxType}`);
    t.Status = status;
  }
  /** Xero allows 2 ACTIVE categories and 4 in all (xero-api.md §8). */
  addTrackingCategory(name: string, options: string[]): SimTrackingCategory {
    if (this.tracking.filter((c) => c.Status === 'ACTIVE').length >= 2 || this.tracking.length >= 4)
      throw new Error('Xero allows 2 active tracking categories and 4 in all');
    const cat = trackingCategory(this.tenantId, name, options);
    this.tracking.push(cat);
    return structuredClone(cat);
  }
  setTrackingCategoryStatus(name: string, status: SimTrackingCategory['Status']): void {
    const cat = this.tracking.find((c) => lc(c.Name) === lc(name));
    if (!cat) throw new Error(`no tracking category ${name}`);
    cat.Status = status;
  }
  setTrackingOptionStatus(category: string, option: string, status: SimTrackingOption['Status']): void {
    const cat = this.tracking.find((c) => lc(c.Name) === lc(category));
    const opt = cat?.Options.find((o) => lc(o.Name) === lc(option));
    if (!opt) throw new Error(`no tracking option ${category}/${option}`);
    opt.Status = status;
  }
  addItem(code: string, name?: string, sales?: SimItem['SalesDetails']): SimItem {
    const it: SimItem = {
      ItemID: randomUUID(),
      Code: code,
      ...(name ? { Name: name } : {}),
      ...(sales ? { SalesDetails: { ...sales } } : {}),
    };
    this.items.set(code.toLowerCase(), it);
    return it;
  }
  archiveContact(idOrNumber: string): void {
    const c = this.findContact(idOrNumber);
    if (!c) throw new Error(`no contact ${idOrNumber}`);
    c.ContactStatus = 'ARCHIVED';
    c.UpdatedDateUTC = this.stamp();
  }
  accounts(): SimAccount[] {
    return [...this.accountsByCode.values()].map((a) => ({ ...a }));
  }
  account(code: string): SimAccount | undefined {
    const a = this.accountsByCode.get(code);
    return a ? { ...a } : undefined;
  }
  taxRates(): SimTaxRate[] {
    return [...this.taxRatesByType.values()].map((t) => structuredClone(t));
  }
  trackingCategories(): SimTrackingCategory[] {
    return structuredClone(this.tracking);
  }
  contacts(): SimContact[] {
    return this.contactOrder.map((c) => structuredClone(c));
  }
  contact(idOrNumber: string): SimContact | undefined {
    const c = this.findContact(idOrNumber);
    return c ? structuredClone(c) : undefined;
  }
  invoices(): SimInvoice[] {
    return this.invoiceOrder.map((i) => structuredClone(i));
  }
  invoice(idOrNumber: string): SimInvoice | undefined {
    const i = this.findInvoice(idOrNumber);
    return i ? structuredClone(i) : undefined;
  }
  invoiceCount(): number {
    return this.invoiceOrder.length;
  }
  payments(): SimPayment[] {
    return [...this.paymentsById.values()].map((p) => ({ ...p }));
  }
  creditNotes(): SimCreditNote[] {
    return [...this.creditNotesById.values()].map((c) => structuredClone(c));
  }
  batchPayments(): SimBatchPayment[] {
    return [...this.batchPaymentsById.values()].map((b) => structuredClone(b));
  }

  // ---- lookups ---------------------------------------------------------------------------------------------------

  findContact(idOrNumber: string): SimContact | undefined {
    return (
      this.contactsById.get(idOrNumber.toLowerCase()) ??
      this.contactsById.get(this.contactIdByNumber.get(lc(idOrNumber)) ?? '')
    );
  }
  private activeContactByName(name: string, exceptId?: string): SimContact | undefined {
    for (const c of this.contactsByName.get(lc(name)) ?? []) {
      if (c.ContactStatus === 'ACTIVE' && c.ContactID !== exceptId) return c;
    }
    return undefined;
  }
  private anyContactByName(name: string): SimContact | undefined {
    for (const c of this.contactsByName.get(lc(name)) ?? []) return c;
    return undefined;
  }
  findInvoice(idOrNumber: string): SimInvoice | undefined {
    return (
      this.invoicesById.get(idOrNumber.toLowerCase()) ??
      this.invoicesById.get(this.invoiceIdByNumber.get(lc(idOrNumber)) ?? '')
    );
  }
  findCreditNote(idOrNumber: string): SimCreditNote | undefined {
    return (
      this.creditNotesById.get(idOrNumber.toLowerCase()) ??
      this.creditNotesById.get(this.creditNoteIdByNumber.get(lc(idOrNumber)) ?? '')
    );
  }
  findPayment(id: string): SimPayment | undefined {
    return this.paymentsById.get(id.toLowerCase());
  }
  private findAccountRef(ref: Json | undefined): { account?: SimAccount; key?: string } {
    if (!ref) return {};
    const id = str(ref['AccountID']);
    const code = str(ref['Code']);
    if (id) return { account: this.accountsById.get(id.toLowerCase()), key: code ?? id };
    if (code !== undefined) return { account: this.accountsByCode.get(code), key: code };
    return {};
  }
  private locked(ymd: string): boolean {
    const lock = this.effectiveLockDate();
    return lock !== null && ymd <= lock;
  }

  // ---- contacts ----------------------------------------------------------------------------------------------

  private static CONTACT_COMPUTED = new Set([
    'ContactID',
    'UpdatedDateUTC',
    'HasAttachments',
    'HasValidationErrors',
    'ValidationErrors',
    'Warnings',
    'StatusAttributeString',
    'Balances',
    'IsSupplier',
    'IsCustomer',
    'ContactStatus',
    'Name',
    'ContactNumber',
    'AccountNumber',
    'FirstName',
    'LastName',
    'EmailAddress',
  ]);

  upsertContact(input: Json): ElementResult {
    const errors: string[] = [];
    const id = str(input['ContactID']);
    const existing = id ? this.contactsById.get(id.toLowerCase()) : undefined;
    if (id && !existing) return { ok: false, out: input, errors: [MSG.contactNotFound(id)] };
    const status = str(input['ContactStatus']);
    if (existing && existing.ContactStatus === 'ARCHIVED' && status !== 'ACTIVE') {
      return { ok: false, out: input, errors: [MSG.contactArchivedEdit] };
    }
    const name = str(input['Name'])?.trim() ?? existing?.Name;
    if (!name) errors.push(MSG.contactNameRequired);
    const willBeActive = (status ?? existing?.ContactStatus ?? 'ACTIVE') === 'ACTIVE';
    if (name && willBeActive && this.activeContactByName(name, existing?.ContactID)) {
      errors.push(MSG.contactNameUnique(name));
    }
    const number = str(input['ContactNumber']);
    if (number !== undefined && number !== '') {
      const other = this.contactIdByNumber.get(lc(number));
      if (other && other !== existing?.ContactID) errors.push(MSG.contactNumberUnique(number));
    }
    if (errors.length) return { ok: false, out: input, errors };
    const c = this.commitContact(input, existing, name as string);
    return { ok: true, out: this.contactJson(c) };
  }

  private commitContact(input: Json, existing: SimContact | undefined, name: string): SimContact {
    const c: SimContact = existing ?? {
      ContactID: randomUUID(),
      ContactStatus: 'ACTIVE',
      Name: name,
      IsSupplier: false,
      IsCustomer: false,
      UpdatedDateUTC: 0,
      extra: {},
    };
    if (existing) this.contactsByName.get(lc(c.Name))?.delete(c);
    c.Name = name;
    let named = this.contactsByName.get(lc(name));
    if (!named) this.contactsByName.set(lc(name), (named = new Set()));
    named.add(c);
    const status = str(input['ContactStatus']);
    if (status === 'ACTIVE' || status === 'ARCHIVED') c.ContactStatus = status;
    for (const f of ['AccountNumber', 'FirstName', 'LastName', 'EmailAddress'] as const) {
      const v = str(input[f]);
      if (v !== undefined) c[f] = v;
    }
    const number = str(input['ContactNumber']);
    if (number !== undefined) {
      if (c.ContactNumber) this.contactIdByNumber.delete(lc(c.ContactNumber));
      if (number === '') delete c.ContactNumber;
      else {
        c.ContactNumber = number;
        this.contactIdByNumber.set(lc(number), c.ContactID);
      }
    }
    for (const [k, v] of Object.entries(input)) {
      if (!SimOrg.CONTACT_COMPUTED.has(k) && v !== undefined) c.extra[k] = structuredClone(v);
    }
    c.UpdatedDateUTC = this.stamp();
    if (!existing) {
      this.contactsById.set(c.ContactID, c);
      this.contactOrder.push(c);
    }
    this.audit(c.ContactID, existing ? 'Edited' : 'Created');
    return c;
  }

  contactJson(c: SimContact, summary = false): Json {
    return {
      ContactID: c.ContactID,
      ...(c.ContactNumber !== undefined ? { ContactNumber: c.ContactNumber } : {}),
      ...(c.AccountNumber !== undefined ? { AccountNumber: c.AccountNumber } : {}),
      ContactStatus: c.ContactStatus,
      Name: c.Name,
      ...(c.FirstName !== undefined ? { FirstName: c.FirstName } : {}),
      ...(c.LastName !== undefined ? { LastName: c.LastName } : {}),
      ...(c.EmailAddress !== undefined ? { EmailAddress: c.EmailAddress } : {}),
      ...(summary ? {} : { Addresses: [], Phones: [], ContactGroups: [], ContactPersons: [] }),
      ...(summary ? {} : c.extra),
      UpdatedDateUTC: msDateTime(c.UpdatedDateUTC),
      IsSupplier: c.IsSupplier,
      IsCustomer: c.IsCustomer,
      HasAttachments: false,
      HasValidationErrors: false,
    };
  }

  listContacts(q: {
    ids?: string[];
    includeArchived?: boolean;
    searchTerm?: string;
    modifiedSince?: number | null;
  }): SimContact[] {
    let list: SimContact[];
    if (q.ids) list = q.ids.map((id) => this.contactsById.get(id.toLowerCase())).filter((c) => !!c);
    else list = this.contactOrder;
    return list.filter((c) => {
      if (!q.includeArchived && !q.ids && c.ContactStatus !== 'ACTIVE') return false;
      if (q.modifiedSince != null && c.UpdatedDateUTC <= q.modifiedSince) return false;
      if (q.searchTerm) {
        const t = q.searchTerm.toLowerCase();
        const hay = [c.Name, c.FirstName, c.LastName, c.EmailAddress, c.ContactNumber, c.AccountNumber];
        if (!hay.some((h) => h?.toLowerCase().includes(t))) return false;
      }
      return true;
    });
  }

  /** Resolves an invoice's Contact as Xero does: ContactID, else ContactNumber, else Name (find, or create). */
  private resolveDocContact(ref: Json | undefined): { contact?: SimContact; create?: Json; error?: string } {
    if (!ref) return { error: MSG.contactRequired };
    const id = str(ref['ContactID']);
    if (id) {
      const c = this.contactsById.get(id.toLowerCase());
      if (!c) return { error: MSG.contactNotFound(id) };
      if (c.ContactStatus !== 'ACTIVE') return { error: MSG.contactArchived };
      return { contact: c };
    }
    const number = str(ref['ContactNumber']);
    if (number) {
      const c = this.findContact(number);
      if (c) return c.ContactStatus === 'ACTIVE' ? { contact: c } : { error: MSG.contactArchived };
    }
    const name = str(ref['Name'])?.trim();
    if (name) {
      const active = this.activeContactByName(name);
      if (active) return { contact: active };
      if (this.anyContactByName(name)) return { error: MSG.contactArchived };
      return { create: ref };
    }
    return { error: MSG.contactRequired };
  }

  // ---- lines -------------------------------------------------------------------------------------------------

  private buildLines(
    raw: unknown,
    docType: string,
    lat: LineAmountTypes,
    unitdp: 2 | 4,
    previous: SimLineItem[],
    errors: string[],
  ): { lines: SimLineItem[]; results: LineResult[]; withoutAccount: number } {
    let withoutAccount = 0;
    const lines: SimLineItem[] = [];
    const results: LineResult[] = [];
    const arr = Array.isArray(raw) ? raw : [];
    const sales = docType === 'ACCREC' || docType === 'ACCRECCREDIT';
    const prevById = new Map(previous.map((l) => [l.LineItemID.toLowerCase(), l]));
    for (const rawLine of arr) {
      const l = obj(rawLine) ?? {};
      const desc = str(l['Description']);
      const itemCode = str(l['ItemCode']);
      const item = itemCode !== undefined ? this.items.get(itemCode.toLowerCase()) : undefined;
      if (itemCode !== undefined && !item) errors.push(MSG.itemCodeInvalid(itemCode));
      if ((desc === undefined || desc.trim() === '') && itemCode === undefined)
        errors.push(MSG.descriptionMandatory);
      // Xero: an Item's sales account and tax rate stand in for the ones a line leaves out.
      const itemSales = sales ? item?.SalesDetails : undefined;
      const { account, key } = this.findAccountRef({
        AccountID: l['AccountID'],
        Code: l['AccountCode'] ?? (l['AccountID'] === undefined ? itemSales?.AccountCode : undefined),
      });
      let accountOk = true;
      if (key === undefined) withoutAccount++;
      else {
        if (!account) {
          errors.push(MSG.accountNotValid(key));
          accountOk = false;
        } else if (account.Status !== 'ACTIVE') {
          errors.push(MSG.accountArchived(account.Code));
          accountOk = false;
        } else if (
          account.Type === 'BANK' ||
          account.SystemAccount !== undefined ||
          (sales ? account.Class !== 'REVENUE' : account.Class === 'REVENUE')
        ) {
          errors.push(MSG.accountNotValid(account.Code));
          accountOk = false;
        }
      }
      const givenTax = str(l['TaxType']) ?? itemSales?.TaxType;
      const taxType = givenTax ?? account?.TaxType ?? 'BASEXCLUDED';
      const rate = this.taxRatesByType.get(taxType);
      if (lat !== 'NoTax' || givenTax !== undefined) {
        if (!rate) errors.push(MSG.taxTypeInvalid(taxType));
        else if (accountOk) {
          const cls = account?.Class ?? (sales ? 'REVENUE' : 'EXPENSE');
          const applies =
            cls === 'REVENUE'
              ? rate.CanApplyToRevenue
              : cls === 'EXPENSE'
                ? rate.CanApplyToExpenses
                : cls === 'ASSET'
                  ? rate.CanApplyToAssets
                  : cls === 'LIABILITY'
                    ? rate.CanApplyToLiabilities
                    : rate.CanApplyToEquity;
          if (rate.Status !== 'ACTIVE' || !applies) {
            errors.push(
              account ? MSG.taxTypeNotForAccount(taxType, account.Code) : MSG.taxTypeInvalid(taxType),
            );
          }
        }
      }
      const tracking: SimTracking[] = [];
      const rawTracking = Array.isArray(l['Tracking']) ? (l['Tracking'] as unknown[]) : [];
      if (rawTracking.length > 2) errors.push(MSG.trackingMax);
      for (const t of rawTracking) {
        const tr = obj(t) ?? {};
        const catName = str(tr['Name']) ?? '';
        const cat = this.tracking.find(
          (c) =>
            c.Status === 'ACTIVE' &&
            (lc(c.Name) === lc(catName) ||
              c.TrackingCategoryID === str(tr['TrackingCategoryID'])?.toLowerCase()),
        );
        if (!cat) {
          errors.push(MSG.trackingCategory(catName));
          continue;
        }
        const optName = str(tr['Option']) ?? '';
        const opt = cat.Options.find(
          (o) =>
            o.Status === 'ACTIVE' &&
            (lc(o.Name) === lc(optName) || o.TrackingOptionID === str(tr['TrackingOptionID'])?.toLowerCase()),
        );
        if (!opt) {
          errors.push(MSG.trackingOption(optName, cat.Name));
          continue;
        }
        tracking.push({
          Name: cat.Name,
          Option: opt.Name,
          TrackingCategoryID: cat.TrackingCategoryID,
          TrackingOptionID: opt.TrackingOptionID,
        });
      }
      const discountRate = sales ? num(l['DiscountRate']) : undefined;
      const discountAmount = sales ? num(l['DiscountAmount']) : undefined;
      const r = computeLine(
        {
          Quantity: num(l['Quantity']),
          UnitAmount: num(l['UnitAmount']),
          LineAmount: num(l['LineAmount']),
          DiscountRate: discountRate,
          DiscountAmount: discountAmount,
          TaxAmount: num(l['TaxAmount']),
        },
        rate?.EffectiveRate ?? 0,
        lat,
        unitdp,
      );
      const prevId = str(l['LineItemID'])?.toLowerCase();
      const line: SimLineItem = {
        LineItemID: prevId && prevById.has(prevId) ? prevId : randomUUID(),
        ...(desc !== undefined ? { Description: desc } : {}),
        Quantity: r.quantity,
        UnitAmount: r.unitAmount,
        ...(itemCode !== undefined ? { ItemCode: itemCode } : {}),
        ...(account ? { AccountCode: account.Code, AccountID: account.AccountID } : {}),
        TaxType: taxType,
        TaxAmount: c2d(r.taxCents),
        LineAmount: c2d(r.lineAmountCents),
        ...(discountRate !== undefined ? { DiscountRate: discountRate } : {}),
        ...(discountAmount !== undefined ? { DiscountAmount: discountAmount } : {}),
        Tracking: tracking,
      };
      lines.push(line);
      results.push(r);
    }
    return { lines, results, withoutAccount };
  }

  // ---- invoices & credit notes -------------------------------------------------------------------------------

  upsertInvoice(input: Json, opts: WriteOptions): ElementResult {
    const id = str(input['InvoiceID']);
    const number = str(input['InvoiceNumber'])?.trim();
    let existing: SimInvoice | undefined;
    if (id) {
      existing = this.invoicesById.get(id.toLowerCase());
      if (!existing) return { ok: false, out: input, errors: [MSG.invoiceNotFound(id)] };
    } else if (opts.method === 'POST' && number) {
      const found = this.findInvoice(number);
      if (found && found.Type === 'ACCREC' && (str(input['Type']) ?? 'ACCREC') === 'ACCREC') existing = found;
    }
    return existing
      ? this.updateDoc('invoice', existing, input, opts)
      : this.createDoc('invoice', input, opts);
  }

  upsertCreditNote(input: Json, opts: WriteOptions): ElementResult {
    const id = str(input['CreditNoteID']);
    const number = str(input['CreditNoteNumber'])?.trim();
    let existing: SimCreditNote | undefined;
    if (id) {
      existing = this.creditNotesById.get(id.toLowerCase());
      if (!existing) return { ok: false, out: input, errors: [MSG.creditNoteNotFound(id)] };
    } else if (opts.method === 'POST' && number) {
      existing = this.findCreditNote(number);
    }
    return existing
      ? this.updateDoc('creditnote', existing, input, opts)
      : this.createDoc('creditnote', input, opts);
  }

  private createDoc(kind: 'invoice' | 'creditnote', input: Json, opts: WriteOptions): ElementResult {
    const errors: string[] = [];
    const type = str(input['Type']);
    const allowed = kind === 'invoice' ? ['ACCREC', 'ACCPAY'] : ['ACCRECCREDIT', 'ACCPAYCREDIT'];
    if (!type) errors.push(MSG.invoiceTypeRequired);
    else if (!allowed.includes(type)) errors.push(MSG.invoiceTypeInvalid(type));
    const docType = type ?? allowed[0] ?? 'ACCREC';
    const status = str(input['Status']) ?? 'DRAFT';
    if (!CREATABLE.has(status)) errors.push(MSG.creationStatus);
    const contactRef = this.resolveDocContact(obj(input['Contact']));
    if (contactRef.error) errors.push(contactRef.error);
    const date = parseRequestDate(input['Date']) ?? this.today();
    const dueDate = parseRequestDate(input['DueDate']) ?? undefined;
    if (status !== 'DRAFT' && this.locked(date)) errors.push(MSG.periodLock);
    const currency = str(input['CurrencyCode']) ?? 'AUD';
    if (currency !== 'AUD') errors.push(MSG.currencyNotSubscribed(currency));
    const lat = (str(input['LineAmountTypes']) ?? 'Exclusive') as LineAmountTypes;
    const { lines, results, withoutAccount } = this.buildLines(
      input['LineItems'],
      docType,
      lat,
      opts.unitdp,
      [],
      errors,
    );
    if (status !== 'DRAFT' && withoutAccount > 0) errors.push(MSG.accountCodeRequired);
    const numField = kind === 'invoice' ? 'InvoiceNumber' : 'CreditNoteNumber';
    let docNumber = str(input[numField])?.trim();
    const sales = docType === 'ACCREC' || docType === 'ACCRECCREDIT';
    if (docNumber && sales) {
      const taken =
        kind === 'invoice' ? this.invoiceNumberTaken(docNumber) : this.creditNoteNumberTaken(docNumber);
      if (taken) errors.push(kind === 'invoice' ? MSG.invoiceNumberUnique : MSG.creditNoteNumberUnique);
    }
    const totals = computeTotals(results, lat);
    if (errors.length) {
      return { ok: false, out: this.echo(input, lines, totals, lat), errors: dedupe(errors) };
    }
    // commit
    let contact = contactRef.contact;
    if (!contact && contactRef.create) {
      contact = this.commitContact(
        contactRef.create,
        undefined,
        str(contactRef.create['Name'])?.trim() ?? '',
      );
    }
    if (!contact) throw new Error('unreachable: contact');
    if (sales) contact.IsCustomer = true;
    else contact.IsSupplier = true;
    if (!docNumber && sales)
      docNumber = kind === 'invoice' ? this.autoInvoiceNumber() : this.autoCreditNoteNumber();
    const now = this.stamp();
    const common: DocCommon = {
      Type: docType,
      ContactID: contact.ContactID,
      Date: date,
      ...(dueDate ? { DueDate: dueDate } : kind === 'invoice' ? { DueDate: date } : {}),
      LineAmountTypes: lat,
      Status: status as DocCommon['Status'],
      LineItems: lines,
      SubTotal: c2d(totals.subTotalCents),
      TotalTax: c2d(totals.totalTaxCents),
      Total: c2d(totals.totalCents),
      TotalDiscount: c2d(totals.totalDiscountCents),
      ...(str(input['Reference']) !== undefined ? { Reference: str(input['Reference']) } : {}),
      ...(str(input['Url']) !== undefined ? { Url: str(input['Url']) } : {}),
      CurrencyCode: currency,
      CurrencyRate: 1,
      UpdatedDateUTC: now,
      SentToContact: input['SentToContact'] === true,
    };
    if (kind === 'invoice') {
      const inv: SimInvoice = {
        ...common,
        InvoiceID: randomUUID(),
        InvoiceNumber: docNumber ?? '',
        AmountDue: common.Total,
        AmountPaid: 0,
        AmountCredited: 0,
        Payments: [],
        Allocations: [],
      };
      this.invoicesById.set(inv.InvoiceID, inv);
      this.invoiceOrder.push(inv);
      if (inv.InvoiceNumber && inv.Type === 'ACCREC')
        this.invoiceIdByNumber.set(lc(inv.InvoiceNumber), inv.InvoiceID);
      this.indexByContact(inv.InvoiceID, inv.ContactID);
      this.audit(
        inv.InvoiceID,
        'Created',
        `${inv.Status} ${inv.InvoiceNumber} total ${inv.Total.toFixed(2)}`,
      );
      return { ok: true, out: this.invoiceJson(inv, { lineItems: true, unitdp: opts.unitdp }) };
    }
    const cn: SimCreditNote = {
      ...common,
      CreditNoteID: randomUUID(),
      CreditNoteNumber: docNumber ?? '',
      RemainingCredit: common.Total,
      AppliedAmount: 0,
      Payments: [],
      Allocations: [],
    };
    this.creditNotesById.set(cn.CreditNoteID, cn);
    if (cn.CreditNoteNumber) this.creditNoteIdByNumber.set(lc(cn.CreditNoteNumber), cn.CreditNoteID);
    this.audit(
      cn.CreditNoteID,
      'Created',
      `${cn.Status} ${cn.CreditNoteNumber} total ${cn.Total.toFixed(2)}`,
    );
    return { ok: true, out: this.creditNoteJson(cn, { unitdp: opts.unitdp }) };
  }

  private updateDoc(
    kind: 'invoice' | 'creditnote',
    doc: SimInvoice | SimCreditNote,
    input: Json,
    opts: WriteOptions,
  ): ElementResult {
    const errors: string[] = [];
    const allocatedOrPaid =
      doc.Payments.length > 0 ||
      doc.Allocations.some((a) => !a.IsDeleted) ||
      ('AmountCredited' in doc && doc.AmountCredited > 0);
    const target = (str(input['Status']) ?? doc.Status) as DocCommon['Status'];
    if (allocatedOrPaid) {
      return { ok: false, out: input, errors: [MSG.editBlockedByPayment] };
    }
    if (doc.Status === 'VOIDED' || doc.Status === 'DELETED' || doc.Status === 'PAID') {
      return { ok: false, out: input, errors: [MSG.invalidStatusForModification] };
    }
    const okTransition =
      target === doc.Status ||
      (doc.Status === 'DRAFT' && ['SUBMITTED', 'AUTHORISED', 'DELETED'].includes(target)) ||
      (doc.Status === 'SUBMITTED' && ['DRAFT', 'AUTHORISED', 'DELETED'].includes(target)) ||
      (doc.Status === 'AUTHORISED' && target === 'VOIDED');
    if (!okTransition) return { ok: false, out: input, errors: [MSG.invalidStatusForModification] };
    if (POSTED.has(doc.Status) && this.locked(doc.Date))
      return { ok: false, out: input, errors: [MSG.periodLock] };

    if (target === 'VOIDED' || target === 'DELETED') {
      doc.Status = target;
      if (kind === 'invoice') (doc as SimInvoice).AmountDue = 0;
      else (doc as SimCreditNote).RemainingCredit = 0;
      doc.UpdatedDateUTC = this.stamp();
      this.audit(docId(doc), target === 'VOIDED' ? 'Voided' : 'Deleted');
      return { ok: true, out: this.docJson(kind, doc, opts.unitdp) };
    }

    const sales = doc.Type === 'ACCREC' || doc.Type === 'ACCRECCREDIT';
    let contactRef: ReturnType<SimOrg['resolveDocContact']> = {
      contact: this.contactsById.get(doc.ContactID),
    };
    if (input['Contact'] !== undefined) {
      contactRef = this.resolveDocContact(obj(input['Contact']));
      if (contactRef.error) errors.push(contactRef.error);
    }
    const date = input['Date'] !== undefined ? (parseRequestDate(input['Date']) ?? doc.Date) : doc.Date;
    const dueDate =
      input['DueDate'] !== undefined ? (parseRequestDate(input['DueDate']) ?? doc.DueDate) : doc.DueDate;
    if (target !== 'DRAFT' && this.locked(date)) errors.push(MSG.periodLock);
    const lat = (str(input['LineAmountTypes']) ?? doc.LineAmountTypes) as LineAmountTypes;
    const rawLines =
      input['LineItems'] !== undefined
        ? input['LineItems']
        : doc.LineItems.map((l) => ({
            ...l,
            TaxAmount: undefined,
            LineAmount: undefined,
            Tracking: l.Tracking.map((t) => ({ Name: t.Name, Option: t.Option })),
          }));
    const { lines, results, withoutAccount } = this.buildLines(
      rawLines,
      doc.Type,
      lat,
      opts.unitdp,
      doc.LineItems,
      errors,
    );
    if (target !== 'DRAFT' && withoutAccount > 0) errors.push(MSG.accountCodeRequired);
    const numField = kind === 'invoice' ? 'InvoiceNumber' : 'CreditNoteNumber';
    const newNumber = str(input[numField])?.trim();
    const oldNumber =
      kind === 'invoice' ? (doc as SimInvoice).InvoiceNumber : (doc as SimCreditNote).CreditNoteNumber;
    if (newNumber && sales && lc(newNumber) !== lc(oldNumber)) {
      const taken =
        kind === 'invoice' ? this.invoiceNumberTaken(newNumber) : this.creditNoteNumberTaken(newNumber);
      if (taken) errors.push(kind === 'invoice' ? MSG.invoiceNumberUnique : MSG.creditNoteNumberUnique);
    }
    const totals = computeTotals(results, lat);
    if (errors.length)
      return { ok: false, out: this.echo(input, lines, totals, lat), errors: dedupe(errors) };

    let contact = contactRef.contact;
    if (!contact && contactRef.create) {
      contact = this.commitContact(
        contactRef.create,
        undefined,
        str(contactRef.create['Name'])?.trim() ?? '',
      );
    }
    if (contact && contact.ContactID !== doc.ContactID) {
      if (kind === 'invoice') {
        this.invoicesByContact.get(doc.ContactID)?.delete((doc as SimInvoice).InvoiceID);
        this.indexByContact((doc as SimInvoice).InvoiceID, contact.ContactID);
      }
      doc.ContactID = contact.ContactID;
      if (sales) contact.IsCustomer = true;
    }
    if (newNumber && lc(newNumber) !== lc(oldNumber)) {
      if (kind === 'invoice') {
        const inv = doc as SimInvoice;
        this.invoiceIdByNumber.delete(lc(oldNumber));
        inv.InvoiceNumber = newNumber;
        if (inv.Type === 'ACCREC') this.invoiceIdByNumber.set(lc(newNumber), inv.InvoiceID);
      } else {
        const cn = doc as SimCreditNote;
        this.creditNoteIdByNumber.delete(lc(oldNumber));
        cn.CreditNoteNumber = newNumber;
        this.creditNoteIdByNumber.set(lc(newNumber), cn.CreditNoteID);
      }
    }
    doc.Date = date;
    if (dueDate) doc.DueDate = dueDate;
    doc.LineAmountTypes = lat;
    doc.LineItems = lines;
    doc.SubTotal = c2d(totals.subTotalCents);
    doc.TotalTax = c2d(totals.totalTaxCents);
    doc.Total = c2d(totals.totalCents);
    doc.TotalDiscount = c2d(totals.totalDiscountCents);
    doc.Status = target;
    for (const f of ['Reference', 'Url'] as const) {
      const v = str(input[f]);
      if (v !== undefined) doc[f] = v;
    }
    if (typeof input['SentToContact'] === 'boolean') doc.SentToContact = input['SentToContact'];
    if (kind === 'invoice') (doc as SimInvoice).AmountDue = doc.Total;
    else (doc as SimCreditNote).RemainingCredit = doc.Total;
    doc.UpdatedDateUTC = this.stamp();
    this.audit(docId(doc), 'Edited', `${doc.Status} total ${doc.Total.toFixed(2)}`);
    return { ok: true, out: this.docJson(kind, doc, opts.unitdp) };
  }

  private docJson(kind: 'invoice' | 'creditnote', doc: SimInvoice | SimCreditNote, unitdp: 2 | 4): Json {
    return kind === 'invoice'
      ? this.invoiceJson(doc as SimInvoice, { lineItems: true, unitdp })
      : this.creditNoteJson(doc as SimCreditNote, { unitdp });
  }

  private echo(
    input: Json,
    lines: SimLineItem[],
    totals: ReturnType<typeof computeTotals>,
    lat: LineAmountTypes,
  ): Json {
    const out: Json = { ...input, LineAmountTypes: lat };
    if (Array.isArray(input['LineItems'])) out['LineItems'] = lines.map((l) => this.lineJson(l, 2));
    out['SubTotal'] = c2d(totals.subTotalCents);
    out['TotalTax'] = c2d(totals.totalTaxCents);
    out['Total'] = c2d(totals.totalCents);
    for (const f of ['Date', 'DueDate']) {
      const d = parseRequestDate(input[f]);
      if (d) {
        out[f] = msDate(d);
        out[f + 'String'] = dateString(d);
      }
    }
    return out;
  }

  private invoiceNumberTaken(n: string): boolean {
    const id = this.invoiceIdByNumber.get(lc(n));
    const inv = id ? this.invoicesById.get(id) : undefined;
    return !!inv && inv.Status !== 'DELETED';
  }
  private creditNoteNumberTaken(n: string): boolean {
    const id = this.creditNoteIdByNumber.get(lc(n));
    const cn = id ? this.creditNotesById.get(id) : undefined;
    return !!cn && cn.Status !== 'DELETED';
  }
  private autoInvoiceNumber(): string {
    for (;;) {
      const n = `INV-${String(this.nextInvoiceNo++).padStart(4, '0')}`;
      if (!this.invoiceIdByNumber.has(lc(n))) return n;
    }
  }
  private autoCreditNoteNumber(): string {
    for (;;) {
      const n = `CN-${String(this.nextCreditNoteNo++).padStart(4, '0')}`;
      if (!this.creditNoteIdByNumber.has(lc(n))) return n;
    }
  }
  private indexByContact(invoiceId: string, contactId: string): void {
    let s = this.invoicesByContact.get(contactId);
    if (!s) this.invoicesByContact.set(contactId, (s = new Set()));
    s.add(invoiceId);
  }

  lineJson(l: SimLineItem, unitdp: 2 | 4): Json {
    return {
      LineItemID: l.LineItemID,
      ...(l.Description !== undefined ? { Description: l.Description } : {}),
      Quantity: l.Quantity,
      UnitAmount: unitdp === 4 ? l.UnitAmount : c2d(d2c(l.UnitAmount)),
      ...(l.ItemCode !== undefined ? { ItemCode: l.ItemCode } : {}),
      ...(l.AccountCode !== undefined ? { AccountCode: l.AccountCode, AccountID: l.AccountID } : {}),
      TaxType: l.TaxType,
      TaxAmount: l.TaxAmount,
      LineAmount: l.LineAmount,
      ...(l.DiscountRate !== undefined ? { DiscountRate: l.DiscountRate } : {}),
      ...(l.DiscountAmount !== undefined ? { DiscountAmount: l.DiscountAmount } : {}),
      Tracking: l.Tracking.map((t) => ({ ...t })),
    };
  }

  private contactRefJson(contactId: string): Json {
    const c = this.contactsById.get(contactId);
    if (!c) return { ContactID: contactId };
    return {
      ContactID: c.ContactID,
      ...(c.ContactNumber !== undefined ? { ContactNumber: c.ContactNumber } : {}),
      Name: c.Name,
      ContactStatus: c.ContactStatus,
      HasValidationErrors: false,
    };
  }

  invoiceJson(inv: SimInvoice, o: { lineItems: boolean; unitdp?: 2 | 4; summary?: boolean }): Json {
    const unitdp = o.unitdp ?? 2;
    const out: Json = {
      Type: inv.Type,
      InvoiceID: inv.InvoiceID,
      InvoiceNumber: inv.InvoiceNumber,
      ...(inv.Reference !== undefined ? { Reference: inv.Reference } : {}),
      Payments: o.summary
        ? undefined
        : inv.Payments.map((p) => ({
            PaymentID: p.PaymentID,
            Date: msDate(p.Date),
            Amount: p.Amount,
            ...(p.Reference !== undefined ? { Reference: p.Reference } : {}),
            CurrencyRate: 1,
            HasAccount: false,
            HasValidationErrors: false,
            ...(p.BatchPaymentID ? { BatchPaymentID: p.BatchPaymentID } : {}),
          })),
      CreditNotes: o.summary
        ? undefined
        : inv.Allocations.filter((a) => !a.IsDeleted).map((a) => {
            const cn = this.creditNotesById.get(a.CreditNoteID);
            return {
              CreditNoteID: a.CreditNoteID,
              CreditNoteNumber: cn?.CreditNoteNumber,
              AppliedAmount: a.Amount,
              Date: msDate(a.Date),
              Total: cn?.Total,
            };
          }),
      Prepayments: o.summary ? undefined : [],
      Overpayments: o.summary ? undefined : [],
      AmountDue: inv.AmountDue,
      AmountPaid: inv.AmountPaid,
      AmountCredited: inv.AmountCredited,
      CurrencyRate: inv.CurrencyRate,
      IsDiscounted: inv.TotalDiscount > 0,
      HasAttachments: false,
      HasErrors: false,
      Contact: this.contactRefJson(inv.ContactID),
      DateString: dateString(inv.Date),
      Date: msDate(inv.Date),
      ...(inv.DueDate ? { DueDateString: dateString(inv.DueDate), DueDate: msDate(inv.DueDate) } : {}),
      ...(inv.FullyPaidOnDate ? { FullyPaidOnDate: msDate(inv.FullyPaidOnDate) } : {}),
      Status: inv.Status,
      LineAmountTypes: inv.LineAmountTypes,
      ...(o.lineItems ? { LineItems: inv.LineItems.map((l) => this.lineJson(l, unitdp)) } : {}),
      SubTotal: inv.SubTotal,
      TotalTax: inv.TotalTax,
      Total: inv.Total,
      ...(inv.TotalDiscount > 0 ? { TotalDiscount: inv.TotalDiscount } : {}),
      UpdatedDateUTC: msDateTime(inv.UpdatedDateUTC),
      CurrencyCode: inv.CurrencyCode,
      ...(inv.Url !== undefined ? { Url: inv.Url } : {}),
      SentToContact: inv.SentToContact ?? false,
    };
    for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
    return out;
  }

  creditNoteJson(cn: SimCreditNote, o: { unitdp?: 2 | 4 } = {}): Json {
    return {
      CreditNoteID: cn.CreditNoteID,
      CreditNoteNumber: cn.CreditNoteNumber,
      Type: cn.Type,
      ...(cn.Reference !== undefined ? { Reference: cn.Reference } : {}),
      Payments: cn.Payments.map((p) => ({ PaymentID: p.PaymentID, Date: msDate(p.Date), Amount: p.Amount })),
      Allocations: cn.Allocations.filter((a) => !a.IsDeleted).map((a) => this.allocationJson(a)),
      RemainingCredit: cn.RemainingCredit,
      AppliedAmount: cn.AppliedAmount,
      HasAttachments: false,
      HasErrors: false,
      Contact: this.contactRefJson(cn.ContactID),
      DateString: dateString(cn.Date),
      Date: msDate(cn.Date),
      ...(cn.FullyPaidOnDate ? { FullyPaidOnDate: msDate(cn.FullyPaidOnDate) } : {}),
      Status: cn.Status,
      LineAmountTypes: cn.LineAmountTypes,
      LineItems: cn.LineItems.map((l) => this.lineJson(l, o.unitdp ?? 2)),
      SubTotal: cn.SubTotal,
      TotalTax: cn.TotalTax,
      Total: cn.Total,
      UpdatedDateUTC: msDateTime(cn.UpdatedDateUTC),
      CurrencyCode: cn.CurrencyCode,
      CurrencyRate: cn.CurrencyRate,
    };
  }

  private allocationJson(a: SimAllocation): Json {
    const inv = this.invoicesById.get(a.InvoiceID);
    return {
      AllocationID: a.AllocationID,
      Amount: a.Amount,
      Date: msDate(a.Date),
      Invoice: inv
        ? {
            InvoiceID: inv.InvoiceID,
            InvoiceNumber: inv.InvoiceNumber,
            Payments: [],
            CreditNotes: [],
            HasErrors: false,
          }
        : { InvoiceID: a.InvoiceID },
      CreditNote: { CreditNoteID: a.CreditNoteID },
      IsDeleted: a.IsDeleted,
    };
  }

  /** Invoice list with Xero's filters. Uses the id / number / contact indexes when those filters are given. */
  listInvoices(q: {
    ids?: string[];
    numbers?: string[];
    contactIds?: string[];
    statuses?: string[];
    modifiedSince?: number | null;
    searchTerm?: string;
  }): SimInvoice[] {
    let candidates: Iterable<SimInvoice>;
    if (q.ids) {
      candidates = q.ids.map((id) => this.invoicesById.get(id.toLowerCase())).filter((x) => !!x);
    } else if (q.numbers) {
      candidates = q.numbers
        .map((n) => this.invoicesById.get(this.invoiceIdByNumber.get(lc(n)) ?? ''))
        .filter((x) => !!x);
    } else if (q.contactIds) {
      const found: SimInvoice[] = [];
      for (const c of q.contactIds) {
        for (const id of this.invoicesByContact.get(c.toLowerCase()) ?? []) {
          const inv = this.invoicesById.get(id);
          if (inv) found.push(inv);
        }
      }
      candidates = found;
    } else candidates = this.invoiceOrder;
    const statuses = q.statuses ? new Set(q.statuses.map((s) => s.toUpperCase())) : null;
    const numbers = q.numbers ? new Set(q.numbers.map(lc)) : null;
    const contacts = q.contactIds ? new Set(q.contactIds.map((c) => c.toLowerCase())) : null;
    const seen = new Set<string>();
    const out: SimInvoice[] = [];
    for (const inv of candidates) {
      if (seen.has(inv.InvoiceID)) continue;
      seen.add(inv.InvoiceID);
      if (statuses && !statuses.has(inv.Status)) continue;
      if (numbers && !numbers.has(lc(inv.InvoiceNumber))) continue;
      if (contacts && !contacts.has(inv.ContactID)) continue;
      if (q.modifiedSince != null && inv.UpdatedDateUTC <= q.modifiedSince) continue;
      if (q.searchTerm) {
        const t = q.searchTerm.toLowerCase();
        if (!inv.InvoiceNumber.toLowerCase().includes(t) && !(inv.Reference ?? '').toLowerCase().includes(t))
          continue;
      }
      out.push(inv);
    }
    return out;
  }

  // ---- payments ----------------------------------------------------------------------------------------------

  createPayment(
    input: Json,
    batch?: { batchPaymentId: string; account: SimAccount; date: string },
  ): ElementResult {
    const errors: string[] = [];
    const invRef = obj(input['Invoice']);
    const cnRef = obj(input['CreditNote']);
    let inv: SimInvoice | undefined;
    let cn: SimCreditNote | undefined;
    const invKey =
      str(invRef?.['InvoiceID']) ??
      str(invRef?.['InvoiceNumber']) ??
      str(input['InvoiceNumber']) ??
      undefined;
    const cnKey =
      str(cnRef?.['CreditNoteID']) ??
      str(cnRef?.['CreditNoteNumber']) ??
      str(input['CreditNoteNumber']) ??
      undefined;
    if (invKey) {
      inv = this.findInvoice(invKey);
      if (!inv) errors.push(MSG.invoiceNotFound(invKey));
    } else if (cnKey) {
      cn = this.findCreditNote(cnKey);
      if (!cn) errors.push(MSG.creditNoteNotFound(cnKey));
    } else errors.push(MSG.paymentDocumentRequired);

    let account = batch?.account;
    if (!batch) {
      const ref = this.findAccountRef(obj(input['Account']));
      if (ref.key === undefined) errors.push(MSG.paymentAccountRequired);
      else if (!ref.account) errors.push(MSG.accountNotValid(ref.key));
      else if (ref.account.Status !== 'ACTIVE') errors.push(MSG.accountArchived(ref.account.Code));
      else if (ref.account.Type !== 'BANK' && !ref.account.EnablePaymentsToAccount)
        errors.push(MSG.paymentAccountType);
      account = ref.account;
    }
    const amountRaw = num(input['Amount']);
    const amount = amountRaw === undefined ? 0 : d2c(amountRaw);
    if (amount <= 0) errors.push(MSG.paymentAmountPositive);
    const date = batch?.date ?? parseRequestDate(input['Date']) ?? this.today();
    if (this.locked(date)) errors.push(MSG.periodLock);
    const doc = inv ?? cn;
    if (doc) {
      const outstanding = inv ? d2c(inv.AmountDue) : d2c(cn?.RemainingCredit ?? 0);
      if (doc.Status === 'PAID') errors.push(MSG.paymentExceeds);
      else if (doc.Status !== 'AUTHORISED') errors.push(MSG.paymentsOnlyAuthorised);
      else if (amount > outstanding) errors.push(MSG.paymentExceeds);
    }
    if (errors.length || !doc || !account) return { ok: false, out: input, errors: dedupe(errors) };

    const p: SimPayment = {
      PaymentID: randomUUID(),
      Date: date,
      Amount: c2d(amount),
      ...(str(input['Reference']) !== undefined ? { Reference: str(input['Reference']) } : {}),
      IsReconciled: input['IsReconciled'] === true,
      Status: 'AUTHORISED',
      PaymentType: inv
        ? inv.Type === 'ACCREC'
          ? 'ACCRECPAYMENT'
          : 'ACCPAYPAYMENT'
        : cn?.Type === 'ACCRECCREDIT'
          ? 'ARCREDITPAYMENT'
          : 'APCREDITPAYMENT',
      AccountID: account.AccountID,
      ...(inv ? { InvoiceID: inv.InvoiceID } : {}),
      ...(cn ? { CreditNoteID: cn.CreditNoteID } : {}),
      ...(batch ? { BatchPaymentID: batch.batchPaymentId } : {}),
      UpdatedDateUTC: this.stamp(),
    };
    this.paymentsById.set(p.PaymentID, p);
    const ref: SimPaymentRef = {
      PaymentID: p.PaymentID,
      Date: p.Date,
      Amount: p.Amount,
      ...(p.Reference !== undefined ? { Reference: p.Reference } : {}),
      ...(p.BatchPaymentID ? { BatchPaymentID: p.BatchPaymentID } : {}),
    };
    doc.Payments.push(ref);
    this.audit(p.PaymentID, 'Created', `${p.Amount.toFixed(2)} on ${p.Date}`);
    this.audit(docId(doc), inv ? 'Payment Received' : 'Cash Refunded', `${p.Amount.toFixed(2)} on ${p.Date}`);
    if (inv) {
      inv.AmountPaid = c2d(d2c(inv.AmountPaid) + amount);
      inv.AmountDue = c2d(d2c(inv.AmountDue) - amount);
      this.settleIfPaid(inv, date);
    } else if (cn) {
      cn.RemainingCredit = c2d(d2c(cn.RemainingCredit) - amount);
      if (d2c(cn.RemainingCredit) === 0) {
        cn.Status = 'PAID';
        cn.FullyPaidOnDate = date;
      }
      cn.UpdatedDateUTC = this.stamp();
    }
    return { ok: true, out: this.paymentJson(p) };
  }

  private settleIfPaid(inv: SimInvoice, date: string): void {
    if (d2c(inv.AmountDue) === 0 && inv.Status === 'AUTHORISED') {
      inv.Status = 'PAID';
      inv.FullyPaidOnDate = date;
    }
    inv.UpdatedDateUTC = this.stamp();
  }

  /** POST /Payments/{id} — the only change Xero allows is {Status:"DELETED"}. */
  deletePayment(id: string, input: Json): ElementResult {
    const p = this.findPayment(id);
    if (!p) return { ok: false, out: input, errors: [`Payment '${id}' could not be found.`] };
    const extra = Object.keys(input).filter((k) => k !== 'Status' && k !== 'PaymentID');
    if (input['Status'] !== 'DELETED' || extra.length > 0) {
      return { ok: false, out: input, errors: [MSG.paymentCannotBeEdited] };
    }
    if (p.BatchPaymentID) return { ok: false, out: this.paymentJson(p), errors: [MSG.paymentInBatch] };
    if (p.Status === 'DELETED')
      return { ok: false, out: this.paymentJson(p), errors: [MSG.paymentAlreadyDeleted] };
    if (p.IsReconciled) return { ok: false, out: this.paymentJson(p), errors: [MSG.paymentReconciled] };
    if (this.locked(p.Date)) return { ok: false, out: this.paymentJson(p), errors: [MSG.periodLock] };
    this.reversePayment(p);
    return { ok: true, out: this.paymentJson(p) };
  }

  private reversePayment(p: SimPayment): void {
    p.Status = 'DELETED';
    p.UpdatedDateUTC = this.stamp();
    this.audit(p.PaymentID, 'Deleted');
    const docKey = p.InvoiceID ?? p.CreditNoteID;
    if (docKey) this.audit(docKey, 'Payment Deleted', `${p.Amount.toFixed(2)} on ${p.Date}`);
    const amount = d2c(p.Amount);
    if (p.InvoiceID) {
      const inv = this.invoicesById.get(p.InvoiceID);
      if (inv) {
        inv.Payments = inv.Payments.filter((r) => r.PaymentID !== p.PaymentID);
        inv.AmountPaid = c2d(d2c(inv.AmountPaid) - amount);
        inv.AmountDue = c2d(d2c(inv.AmountDue) + amount);
        if (inv.Status === 'PAID') {
          inv.Status = 'AUTHORISED';
          delete inv.FullyPaidOnDate;
        }
        inv.UpdatedDateUTC = this.stamp();
      }
    }
    if (p.CreditNoteID) {
      const cn = this.creditNotesById.get(p.CreditNoteID);
      if (cn) {
        cn.Payments = cn.Payments.filter((r) => r.PaymentID !== p.PaymentID);
        cn.RemainingCredit = c2d(d2c(cn.RemainingCredit) + amount);
        if (cn.Status === 'PAID') {
          cn.Status = 'AUTHORISED';
          delete cn.FullyPaidOnDate;
        }
        cn.UpdatedDateUTC = this.stamp();
      }
    }
  }

  paymentJson(p: SimPayment): Json {
    const acc = this.accountsById.get(p.AccountID.toLowerCase());
    const inv = p.InvoiceID ? this.invoicesById.get(p.InvoiceID) : undefined;
    const cn = p.CreditNoteID ? this.creditNotesById.get(p.CreditNoteID) : undefined;
    return {
      PaymentID: p.PaymentID,
      Date: msDate(p.Date),
      BankAmount: p.Amount,
      Amount: p.Amount,
      ...(p.Reference !== undefined ? { Reference: p.Reference } : {}),
      CurrencyRate: 1,
      PaymentType: p.PaymentType,
      Status: p.Status,
      UpdatedDateUTC: msDateTime(p.UpdatedDateUTC),
      HasAccount: true,
      IsReconciled: p.IsReconciled,
      ...(p.BatchPaymentID ? { BatchPaymentID: p.BatchPaymentID } : {}),
      Account: acc ? { AccountID: acc.AccountID, Code: acc.Code } : { AccountID: p.AccountID },
      ...(inv
        ? {
            Invoice: {
              Type: inv.Type,
              InvoiceID: inv.InvoiceID,
              InvoiceNumber: inv.InvoiceNumber,
              Contact: this.contactRefJson(inv.ContactID),
              Payments: [],
              CreditNotes: [],
              HasErrors: false,
              IsDiscounted: false,
              CurrencyCode: inv.CurrencyCode,
            },
          }
        : {}),
      ...(cn
        ? {
            CreditNote: {
              CreditNoteID: cn.CreditNoteID,
              CreditNoteNumber: cn.CreditNoteNumber,
              Type: cn.Type,
              Contact: this.contactRefJson(cn.ContactID),
            },
          }
        : {}),
      HasValidationErrors: false,
    };
  }

  listPayments(modifiedSince: number | null): SimPayment[] {
    return [...this.paymentsById.values()].filter(
      (p) => modifiedSince == null || p.UpdatedDateUTC > modifiedSince,
    );
  }

  // ---- credit-note allocations -------------------------------------------------------------------------------

  allocateCreditNote(creditNoteId: string, input: Json): ElementResult {
    const cn = this.findCreditNote(creditNoteId);
    if (!cn) return { ok: false, out: input, errors: [MSG.creditNoteNotFound(creditNoteId)] };
    const errors: string[] = [];
    const invRef = obj(input['Invoice']);
    const invKey = str(invRef?.['InvoiceID']) ?? str(invRef?.['InvoiceNumber']);
    const inv = invKey ? this.findInvoice(invKey) : undefined;
    if (!inv) errors.push(MSG.invoiceNotFound(invKey ?? ''));
    const amountRaw = num(input['Amount']);
    const amount = amountRaw === undefined ? 0 : d2c(amountRaw);
    if (amount <= 0) errors.push(MSG.paymentAmountPositive);
    const date = parseRequestDate(input['Date']) ?? this.today();
    if (this.locked(date)) errors.push(MSG.periodLock);
    if (cn.Status !== 'AUTHORISED') errors.push(MSG.creditNoteNotAuthorised);
    else if (amount > d2c(cn.RemainingCredit)) errors.push(MSG.allocationExceedsCredit);
    if (inv) {
      if (inv.ContactID !== cn.ContactID) errors.push(MSG.allocationContactMismatch);
      if (inv.Status === 'PAID') errors.push(MSG.paymentExceeds);
      else if (inv.Status !== 'AUTHORISED') errors.push(MSG.paymentsOnlyAuthorised);
      else if (amount > d2c(inv.AmountDue)) errors.push(MSG.paymentExceeds);
    }
    if (errors.length || !inv) return { ok: false, out: input, errors: dedupe(errors) };
    const a: SimAllocation = {
      AllocationID: randomUUID(),
      Amount: c2d(amount),
      Date: date,
      InvoiceID: inv.InvoiceID,
      CreditNoteID: cn.CreditNoteID,
      IsDeleted: false,
    };
    cn.Allocations.push(a);
    inv.Allocations.push(a);
    this.audit(cn.CreditNoteID, 'Credit Applied', `${a.Amount.toFixed(2)} to ${inv.InvoiceNumber}`);
    this.audit(inv.InvoiceID, 'Credit Applied', `${a.Amount.toFixed(2)} from ${cn.CreditNoteNumber}`);
    cn.RemainingCredit = c2d(d2c(cn.RemainingCredit) - amount);
    cn.AppliedAmount = c2d(d2c(cn.AppliedAmount) + amount);
    if (d2c(cn.RemainingCredit) === 0) {
      cn.Status = 'PAID';
      cn.FullyPaidOnDate = date;
    }
    cn.UpdatedDateUTC = this.stamp();
    inv.AmountCredited = c2d(d2c(inv.AmountCredited) + amount);
    inv.AmountDue = c2d(d2c(inv.AmountDue) - amount);
    this.settleIfPaid(inv, date);
    return { ok: true, out: this.allocationJson(a) };
  }

  /** DELETE /CreditNotes/{id}/Allocations/{allocationId}: gives the credit back to the note and the debt back to the invoice. */
  deleteAllocation(creditNoteId: string, allocationId: string): ElementResult | null {
    const cn = this.findCreditNote(creditNoteId);
    const a = cn?.Allocations.find((x) => x.AllocationID === allocationId.toLowerCase());
    if (!cn || !a) return null;
    if (a.IsDeleted)
      return { ok: false, out: this.allocationJson(a), errors: [MSG.allocationAlreadyDeleted] };
    if (this.locked(a.Date)) return { ok: false, out: this.allocationJson(a), errors: [MSG.periodLock] };
    const amount = d2c(a.Amount);
    a.IsDeleted = true;
    cn.RemainingCredit = c2d(d2c(cn.RemainingCredit) + amount);
    cn.AppliedAmount = c2d(d2c(cn.AppliedAmount) - amount);
    if (cn.Status === 'PAID') {
      cn.Status = 'AUTHORISED';
      delete cn.FullyPaidOnDate;
    }
    cn.UpdatedDateUTC = this.stamp();
    this.audit(cn.CreditNoteID, 'Credit Unapplied', a.Amount.toFixed(2));
    const inv = this.invoicesById.get(a.InvoiceID);
    if (inv) {
      inv.AmountCredited = c2d(d2c(inv.AmountCredited) - amount);
      inv.AmountDue = c2d(d2c(inv.AmountDue) + amount);
      if (inv.Status === 'PAID') {
        inv.Status = 'AUTHORISED';
        delete inv.FullyPaidOnDate;
      }
      inv.UpdatedDateUTC = this.stamp();
      this.audit(inv.InvoiceID, 'Credit Unapplied', `${a.Amount.toFixed(2)} from ${cn.CreditNoteNumber}`);
    }
    return { ok: true, out: this.allocationJson(a) };
  }

  listCreditNotes(q: { ids?: string[]; modifiedSince?: number | null }): SimCreditNote[] {
    let list = [...this.creditNotesById.values()];
    if (q.ids) {
      const ids = new Set(q.ids.map((s) => s.toLowerCase()));
      list = list.filter((c) => ids.has(c.CreditNoteID));
    }
    if (q.modifiedSince != null) list = list.filter((c) => c.UpdatedDateUTC > (q.modifiedSince as number));
    return list;
  }

  // ---- batch payments ----------------------------------------------------------------------------------------

  createBatchPayment(input: Json): ElementResult {
    const errors: string[] = [];
    const ref = this.findAccountRef(obj(input['Account']));
    if (ref.key === undefined) errors.push(MSG.paymentAccountRequired);
    else if (!ref.account) errors.push(MSG.accountNotValid(ref.key));
    else if (ref.account.Status !== 'ACTIVE') errors.push(MSG.accountArchived(ref.account.Code));
    else if (ref.account.Type !== 'BANK' && !ref.account.EnablePaymentsToAccount)
      errors.push(MSG.paymentAccountType);
    const date = parseRequestDate(input['Date']) ?? this.today();
    if (this.locked(date)) errors.push(MSG.periodLock);
    const payments = Array.isArray(input['Payments'])
      ? (input['Payments'] as unknown[]).map((p) => obj(p) ?? {})
      : [];
    if (payments.length === 0) errors.push(MSG.paymentDocumentRequired);
    // Dry-run every payment against a running per-invoice outstanding amount.
    const due = new Map<string, number>();
    const types = new Set<string>();
    let total = 0;
    for (const p of payments) {
      const invRef = obj(p['Invoice']);
      const key = str(invRef?.['InvoiceID']) ?? str(invRef?.['InvoiceNumber']);
      const inv = key ? this.findInvoice(key) : undefined;
      if (!inv) {
        errors.push(MSG.invoiceNotFound(key ?? ''));
        continue;
      }
      types.add(inv.Type);
      const amount = d2c(num(p['Amount']) ?? 0);
      total += amount;
      const left = due.get(inv.InvoiceID) ?? d2c(inv.AmountDue);
      if (amount <= 0) errors.push(MSG.paymentAmountPositive);
      else if (inv.Status === 'PAID') errors.push(MSG.paymentExceeds);
      else if (inv.Status !== 'AUTHORISED') errors.push(MSG.paymentsOnlyAuthorised);
      else if (amount > left) errors.push(MSG.paymentExceeds);
      due.set(inv.InvoiceID, left - amount);
    }
    if (types.size > 1) errors.push(MSG.batchMixedTypes);
    errors.push(...batchReferenceErrors(input, this.countryCode()));
    if (errors.length || !ref.account) return { ok: false, out: input, errors: dedupe(errors) };
    const bp: SimBatchPayment = {
      BatchPaymentID: randomUUID(),
      AccountID: ref.account.AccountID,
      Date: date,
      Type: types.has('ACCPAY') ? 'PAYBATCH' : 'RECBATCH',
      Status: 'AUTHORISED',
      TotalAmount: c2d(total),
      PaymentIDs: [],
      IsReconciled: false,
      UpdatedDateUTC: this.stamp(),
    };
    for (const f of ['Reference', 'Particulars', 'Code', 'Details', 'Narrative'] as const) {
      const v = str(input[f]);
      if (v !== undefined) bp[f] = v;
    }
    for (const p of payments) {
      const r = this.createPayment(
        { ...p, Reference: str(p['Reference']) ?? bp.Reference },
        { batchPaymentId: bp.BatchPaymentID, account: ref.account, date },
      );
      if (!r.ok) throw new Error(`batch payment dry run disagreed: ${r.errors.join('; ')}`);
      bp.PaymentIDs.push(String(r.out['PaymentID']));
    }
    this.batchPaymentsById.set(bp.BatchPaymentID, bp);
    this.audit(bp.BatchPaymentID, 'Created', `${bp.TotalAmount.toFixed(2)} on ${bp.Date}`);
    return { ok: true, out: this.batchPaymentJson(bp) };
  }

  deleteBatchPayment(id: string | undefined, input: Json): ElementResult {
    if (input['Status'] !== 'DELETED') return { ok: false, out: input, errors: [MSG.batchDeleteStatus] };
    const bp = id ? this.batchPaymentsById.get(id.toLowerCase()) : undefined;
    if (!bp) return { ok: false, out: input, errors: [MSG.batchNotFound(id ?? '')] };
    if (bp.Status === 'DELETED') return { ok: false, out: input, errors: [MSG.batchAlreadyDeleted] };
    if (bp.IsReconciled) return { ok: false, out: input, errors: [MSG.batchReconciled] };
    if (this.locked(bp.Date)) return { ok: false, out: input, errors: [MSG.periodLock] };
    for (const pid of bp.PaymentIDs) {
      const p = this.paymentsById.get(pid);
      if (p && p.Status !== 'DELETED') this.reversePayment(p);
    }
    bp.Status = 'DELETED';
    bp.UpdatedDateUTC = this.stamp();
    this.audit(bp.BatchPaymentID, 'Deleted');
    return { ok: true, out: this.batchPaymentJson(bp) };
  }

  batchPaymentJson(bp: SimBatchPayment): Json {
    const acc = this.accountsById.get(bp.AccountID.toLowerCase());
    return {
      Account: acc ? { AccountID: acc.AccountID, Code: acc.Code } : { AccountID: bp.AccountID },
      BatchPaymentID: bp.BatchPaymentID,
      DateString: dateString(bp.Date),
      Date: msDate(bp.Date),
      ...(bp.Reference !== undefined ? { Reference: bp.Reference } : {}),
      ...(bp.Particulars !== undefined ? { Particulars: bp.Particulars } : {}),
      ...(bp.Code !== undefined ? { Code: bp.Code } : {}),
      ...(bp.Details !== undefined ? { Details: bp.Details } : {}),
      ...(bp.Narrative !== undefined ? { Narrative: bp.Narrative } : {}),
      Type: bp.Type,
      Status: bp.Status,
      TotalAmount: bp.TotalAmount,
      UpdatedDateUTC: msDateTime(bp.UpdatedDateUTC),
      IsReconciled: bp.IsReconciled,
      Payments: bp.PaymentIDs.map((pid) => {
        const p = this.paymentsById.get(pid);
        const inv = p?.InvoiceID ? this.invoicesById.get(p.InvoiceID) : undefined;
        return {
          PaymentID: pid,
          Amount: p?.Amount,
          ...(p?.Reference !== undefined ? { Reference: p.Reference } : {}),
          Invoice: inv ? { InvoiceID: inv.InvoiceID, InvoiceNumber: inv.InvoiceNumber } : undefined,
        };
      }),
    };
  }

  // ---- settings views ----------------------------------------------------------------------------------------

  organisationJson(): Json {
    const o: Json = { ...this.organisation };
    o['CreatedDateUTC'] = msDateTime(Number(this.organisation['CreatedDateUTC']));
    if (this.lockDate) o['PeriodLockDate'] = msDate(this.lockDate);
    else delete o['PeriodLockDate'];
    if (this.endOfYearLockDate) o['EndOfYearLockDate'] = msDate(this.endOfYearLockDate);
    else delete o['EndOfYearLockDate'];
    return o;
  }
  accountJson(a: SimAccount): Json {
    return { ...a, UpdatedDateUTC: msDateTime(a.UpdatedDateUTC) };
  }
  itemsJson(): Json[] {
    return [...this.items.values()].map((i) => ({ ...i, UpdatedDateUTC: msDateTime(Date.now()) }));
  }
}

function docId(doc: SimInvoice | SimCreditNote): string {
  return 'InvoiceID' in doc ? doc.InvoiceID : doc.CreditNoteID;
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}

export { utcString };
