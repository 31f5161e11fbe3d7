/**
 * In-memory Cliniko account behind the simulator, with a programmatic API for tests.
 *
 * - Every mutation stamps `updated_at` with the store clock: max(now(), previous stamp + 1 ms), so stamps
 *   are strictly increasing, ISO UTC with milliseconds and `Z`, and later than every timestamp in the data.
 * - Editing, adding or archiving an invoice item recomputes its invoice's totals and bumps BOTH the item's
 *   and the invoice's `updated_at`. cliniko-api.md says this is "not documented" for real Cliniko; bumping
 *   both is this simulator's choice (clients must still poll /invoice_items by its own updated_at).
 * - Marking an invoice paid sets status 20, `closed_at` and bumps `updated_at` (the reference example has
 *   `closed_at` equal to `updated_at`).
 * - The store mutates the `ClinicData` it is given (no copy: 100k invoices load instantly).
 */
import type {
  ClinicData,
  ClinikoBillableItem,
  ClinikoBusiness,
  ClinikoInvoice,
  ClinikoInvoiceItem,
  ClinikoPatient,
  ClinikoPractitioner,
  ClinikoProduct,
  ClinikoPublicSettings,
  ClinikoRecordBase,
  ClinikoTax,
  ClinikoUser,
} from '../seed/types.js';
import type { LineDiscount } from '../seed/money.js';
import { moneyToCents, centsToMoney, divRoundHalfUp, rateToBp } from '../seed/money.js';
import {
  IdSeq,
  STATUS_DESCRIPTION,
  applyInvoiceTotals,
  compareIds,
  discountOf,
  idFromLink,
  link,
  makeInvoiceItem,
  recomputeItem,
} from '../seed/records.js';
import { ID_SPACES } from '../seed/clinic.js';
import { buildCreditNote, linkReversal, type CreditNoteOptions } from './credit-notes.js';

export type ResourceName =
  | 'businesses'
  | 'practitioners'
  | 'patients'
  | 'taxes'
  | 'billable_items'
  | 'products'
  | 'invoices'
  | 'invoice_items';

export interface ResourceTypes {
  businesses: ClinikoBusiness;
  practitioners: ClinikoPractitioner;
  patients: ClinikoPatient;
  taxes: ClinikoTax;
  billable_items: ClinikoBillableItem;
  products: ClinikoProduct;
  invoices: ClinikoInvoice;
  invoice_items: ClinikoInvoiceItem;
}

function cmpCreated(a: ClinikoRecordBase, b: ClinikoRecordBase): number {
  return a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : compareIds(a.id, b.id);
}
function cmpUpdated(a: ClinikoRecordBase, b: ClinikoRecordBase): number {
  return a.updated_at < b.updated_at ? -1 : a.updated_at > b.updated_at ? 1 : compareIds(a.id, b.id);
}

function sortedCopy<T>(records: readonly T[], cmp: (a: T, b: T) => number): T[] {
  const copy = records.slice();
  for (let i = 1; i < copy.length; i++) {
    if (cmp(copy[i - 1] as T, copy[i] as T) > 0) return copy.sort(cmp);
  }
  return copy;
}

/** First index i with cmp(arr[i]) >= 0 (arr sorted ascending by cmp). */
export function lowerBound<T>(arr: readonly T[], cmp: (x: T) => number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(arr[mid] as T) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One resource: records by id, in created order and in updated order (both kept sorted). */
export class Table<T extends ClinikoRecordBase> {
  readonly byId = new Map<string, T>();
  readonly byCreated: T[];
  readonly byUpdated: T[];

  constructor(records: T[]) {
    this.byCreated = sortedCopy(records, cmpCreated);
    this.byUpdated = sortedCopy(records, cmpUpdated);
    for (const r of records) this.byId.set(r.id, r);
  }

  get size(): number {
    return this.byId.size;
  }

  insert(rec: T): void {
    if (this.byId.has(rec.id)) throw new Error(`duplicate id ${rec.id}`);
    this.byId.set(rec.id, rec);
    this.byCreated.splice(
      lowerBound(this.byCreated, (x) => cmpCreated(x, rec)),
      0,
      rec,
    );
    this.byUpdated.splice(
      lowerBound(this.byUpdated, (x) => cmpUpdated(x, rec)),
      0,
      rec,
    );
  }

  /** Changes `updated_at` and keeps byUpdated sorted. */
  setUpdated(rec: T, updatedAt: string): void {
    const i = lowerBound(this.byUpdated, (x) => cmpUpdated(x, rec));
    if (this.byUpdated[i] === rec) this.byUpdated.splice(i, 1);
    else {
      const j = this.byUpdated.indexOf(rec);
      if (j >= 0) this.byUpdated.splice(j, 1);
    }
    rec.updated_at = updatedAt;
    this.byUpdated.splice(
      lowerBound(this.byUpdated, (x) => cmpUpdated(x, rec)),
      0,
      rec,
    );
  }
}

export interface InvoiceItemInput {
  billableItemId?: string;
  productId?: string;
  quantity?: number;
  /** Ex-tax unit price ("85.00"); defaults to the billable item's price / product's price_ex_tax. */
  unitPrice?: string;
  discount?: LineDiscount;
  name?: string;
  code?: string;
  concessionTypeName?: string;
}

export interface InvoiceInput {
  patientId: string;
  businessId: string;
  practitionerId: string;
  /** Local date YYYY-MM-DD; defaults to the business-local date of now. */
  issueDate: string;
  items: InvoiceItemInput[];
  notes?: string;
  appointmentId?: string | null;
}

type Patch<T> = Partial<Omit<T, 'id' | 'created_at' | 'updated_at' | 'links'>>;

export class ClinikoStore {
  readonly data: ClinicData;
  readonly base: string;
  readonly tables: { [K in ResourceName]: Table<ResourceTypes[K]> };
  private readonly itemsByInvoice = new Map<string, ClinikoInvoiceItem[]>();
  private readonly clock: () => Date;
  private lastStampMs: number;
  /** Incremented by every mutation (lets the server cache query results between mutations). */
  version = 0;
  private readonly ids: Record<
    | 'businesses'
    | 'practitioners'
    | 'patients'
    | 'billable_items'
    | 'products'
    | 'invoices'
    | 'invoice_items',
    IdSeq
  >;
  private nextTaxId: bigint;
  private nextInvoiceNumber: number;

  constructor(data: ClinicData, now: () => Date = () => new Date()) {
    this.data = data;
    this.base = data.baseUrl;
    this.clock = now;
    this.tables = {
      businesses: new Table(data.businesses),
      practitioners: new Table(data.practitioners),
      patients: new Table(data.patients),
      taxes: new Table(data.taxes),
      billable_items: new Table(data.billableItems),
      products: new Table(data.products),
      invoices: new Table(data.invoices),
      invoice_items: new Table(data.invoiceItems),
    };
    for (const it of this.tables.invoice_items.byCreated) {
      const inv = idFromLink(it.invoice) ?? '';
      let list = this.itemsByInvoice.get(inv);
      if (!list) this.itemsByInvoice.set(inv, (list = []));
      list.push(it);
    }
    let maxMs = 0;
    for (const t of Object.values(this.tables) as Table<ClinikoRecordBase>[]) {
      const last = t.byUpdated[t.byUpdated.length - 1];
      if (last) maxMs = Math.max(maxMs, Date.parse(last.updated_at));
      for (const r of t.byUpdated.slice(-50)) {
        const c = (r as { closed_at?: string | null }).closed_at;
        if (c) maxMs = Math.max(maxMs, Date.parse(c));
      }
    }
    this.lastStampMs = maxMs;
    const seq = (name: keyof typeof ID_SPACES, t: Table<ClinikoRecordBase>): IdSeq => {
      const [prefix, start] = ID_SPACES[name];
      const s = new IdSeq(prefix, start);
      for (const id of t.byId.keys()) s.bumpPast(id);
      return s;
    };
    this.ids = {
      businesses: seq('businesses', this.tables.businesses),
      practitioners: seq('practitioners', this.tables.practitioners),
      patients: seq('patients', this.tables.patients),
      billable_items: seq('billableItems', this.tables.billable_items),
      products: seq('products', this.tables.products),
      invoices: seq('invoices', this.tables.invoices),
      invoice_items: seq('invoiceItems', this.tables.invoice_items),
    };
    let maxTax = 0n;
    for (const id of this.tables.taxes.byId.keys())
      if (/^\d{1,15}$/.test(id)) maxTax = BigInt(id) > maxTax ? BigInt(id) : maxTax;
    this.nextTaxId = maxTax + 1n;
    let maxNum = 0;
    for (const inv of data.invoices) maxNum = Math.max(maxNum, inv.number);
    this.nextInvoiceNumber = maxNum + 1;
  }

  // ------------------------------------------------------------ clock

  /** Next mutation timestamp: strictly increasing, ms precision, ISO UTC `Z`. */
  stamp(): string {
    this.version++;
    const ms = Math.max(this.clock().getTime(), this.lastStampMs + 1);
    this.lastStampMs = ms;
    return new Date(ms).toISOString();
  }

  now(): Date {
    return this.clock();
  }

  // ------------------------------------------------------------ accessors

  get<K extends ResourceName>(resource: K, id: string): ResourceTypes[K] | undefined {
    return this.tables[resource].byId.get(id) as ResourceTypes[K] | undefined;
  }
  /** All records of a resource (archived included) in created order. Do not mutate the array. */
  list<K extends ResourceName>(resource: K): readonly ResourceTypes[K][] {
    return this.tables[resource].byCreated as ResourceTypes[K][];
  }
  getUser(): ClinikoUser {
    return this.data.user;
  }
  getSettings(): ClinikoPublicSettings {
    return this.data.settings;
  }
  getBusiness(id: string): ClinikoBusiness | undefined {
    return this.get('businesses', id);
  }
  getPractitioner(id: string): ClinikoPractitioner | undefined {
    return this.get('practitioners', id);
  }
  getPatient(id: string): ClinikoPatient | undefined {
    return this.get('patients', id);
  }
  getTax(id: string): ClinikoTax | undefined {
    return this.get('taxes', id);
  }
  getBillableItem(id: string): ClinikoBillableItem | undefined {
    return this.get('billable_items', id);
  }
  getProduct(id: string): ClinikoProduct | undefined {
    return this.get('products', id);
  }
  getInvoice(id: string): ClinikoInvoice | undefined {
    return this.get('invoices', id);
  }
  getInvoiceItem(id: string): ClinikoInvoiceItem | undefined {
    return this.get('invoice_items', id);
  }
  /** Items of an invoice (archived included), in created order. */
  getInvoiceItems(invoiceId: string): readonly ClinikoInvoiceItem[] {
    return this.itemsByInvoice.get(invoiceId) ?? [];
  }

  private must<K extends ResourceName>(resource: K, id: string): ResourceTypes[K] {
    const r = this.get(resource, id);
    if (!r) throw new Error(`${resource}/${id} not found`);
    return r;
  }

  // ------------------------------------------------------------ generic helpers

  private add<K extends ResourceName>(
    resource: K,
    rec: ResourceTypes[K],
    arr: ResourceTypes[K][],
  ): ResourceTypes[K] {
    (this.tables[resource] as Table<ResourceTypes[K]>).insert(rec);
    arr.push(rec);
    return rec;
  }

  private edit<K extends ResourceName>(
    resource: K,
    id: string,
    patch: Patch<ResourceTypes[K]>,
  ): ResourceTypes[K] {
    const rec = this.must(resource, id);
    Object.assign(rec, patch);
    (this.tables[resource] as Table<ResourceTypes[K]>).setUpdated(rec, this.stamp());
    return rec;
  }

  private archive<K extends Exclude<ResourceName, 'practitioners'>>(
    resource: K,
    id: string,
  ): ResourceTypes[K] {
    const rec = this.must(resource, id);
    const at = this.stamp();
    rec.archived_at = at;
    (this.tables[resource] as Table<ResourceTypes[K]>).setUpdated(rec, at);
    return rec;
  }

  private fresh(
    resource: string,
    id: string,
  ): { id: string; created_at: string; updated_at: string; links: { self: string } } {
    const at = this.stamp();
    return { id, created_at: at, updated_at: at, links: { self: `${this.base}/${resource}/${id}` } };
  }

  // ------------------------------------------------------------ patients

  createPatient(p: Patch<ClinikoPatient> & { first_name: string; last_name: string }): ClinikoPatient {
    const rec: ClinikoPatient = {
      ...this.fresh('patients', this.ids.patients.next()),
      title: '',
      preferred_first_name: '',
      email: null,
      invoice_email: null,
      invoice_default_to: null,
      invoice_extra_information: '',
      address_1: '',
      address_2: '',
      address_3: '',
      city: '',
      state: '',
      post_code: '',
      country: 'Australia',
      date_of_birth: null,
      old_reference_id: '',
      patient_phone_numbers: [],
      time_zone: null,
      archived_at: null,
      deleted_at: null,
      merged_at: null,
      merged_with_patient: null,
      ...p,
    };
    return this.add('patients', rec, this.data.patients);
  }
  editPatient(id: string, patch: Patch<ClinikoPatient>): ClinikoPatient {
    return this.edit('patients', id, patch);
  }
  archivePatient(id: string): ClinikoPatient {
    return this.archive('patients', id);
  }

  // ------------------------------------------------------------ businesses

  createBusiness(
    b: Patch<ClinikoBusiness> & { business_name: string; time_zone_identifier: string },
  ): ClinikoBusiness {
    const rec: ClinikoBusiness = {
      ...this.fresh('businesses', this.ids.businesses.next()),
      display_name: null,
      label: b.business_name,
      address_1: '',
      address_2: '',
      city: '',
      state: '',
      post_code: '',
      country: 'Australia',
      country_code: 'AU',
      business_registration_name: 'ABN',
      business_registration_value: '',
      additional_invoice_information: '',
      email_reply_to: null,
      time_zone: b.time_zone_identifier.split('/').pop() ?? '',
      archived_at: null,
      deleted_at: null,
      ...b,
    };
    return this.add('businesses', rec, this.data.businesses);
  }
  editBusiness(id: string, patch: Patch<ClinikoBusiness>): ClinikoBusiness {
    return this.edit('businesses', id, patch);
  }
  archiveBusiness(id: string): ClinikoBusiness {
    return this.archive('businesses', id);
  }

  // ------------------------------------------------------------ practitioners

  createPractitioner(
    p: Patch<ClinikoPractitioner> & { first_name: string; last_name: string },
  ): ClinikoPractitioner {
    const rec: ClinikoPractitioner = {
      ...this.fresh('practitioners', this.ids.practitioners.next()),
      title: '',
      designation: '',
      display_name: `${p.first_name} ${p.last_name}`,
      label: `${p.first_name} ${p.last_name}`,
      active: true,
      user: null,
      ...p,
    };
    return this.add('practitioners', rec, this.data.practitioners);
  }
  editPractitioner(id: string, patch: Patch<ClinikoPractitioner>): ClinikoPractitioner {
    return this.edit('practitioners', id, patch);
  }
  /** Practitioners are not archived in Cliniko; they become inactive (listed under /practitioners/inactive). */
  archivePractitioner(id: string): ClinikoPractitioner {
    return this.edit('practitioners', id, { active: false });
  }

  // ------------------------------------------------------------ taxes

  createTax(t: { name: string; rate: string }): ClinikoTax {
    const id = (this.nextTaxId++).toString();
    const rec: ClinikoTax = {
      ...this.fresh('taxes', id),
      name: t.name,
      rate: t.rate,
      amount: t.rate,
      archived_at: null,
    };
    return this.add('taxes', rec, this.data.taxes);
  }
  editTax(id: string, patch: Patch<ClinikoTax>): ClinikoTax {
    const p = { ...patch };
    if (p.rate !== undefined) p.amount = p.rate;
    return this.edit('taxes', id, p);
  }
  archiveTax(id: string): ClinikoTax {
    return this.archive('taxes', id);
  }

  // ------------------------------------------------------------ billable items and products

  createBillableItem(b: {
    name: string;
    price: string;
    taxId?: string | null;
    item_code?: string;
    item_type?: ClinikoBillableItem['item_type'];
  }): ClinikoBillableItem {
    const rec: ClinikoBillableItem = {
      ...this.fresh('billable_items', this.ids.billable_items.next()),
      item_code: b.item_code ?? '',
      item_type: b.item_type ?? 'Service',
      name: b.name,
      price: b.price,
      tax: b.taxId ? link(this.base, `/taxes/${this.must('taxes', b.taxId).id}`) : null,
      archived_at: null,
    };
    return this.add('billable_items', rec, this.data.billableItems);
  }
  editBillableItem(id: string, patch: Patch<ClinikoBillableItem>): ClinikoBillableItem {
    return this.edit('billable_items', id, patch);
  }
  archiveBillableItem(id: string): ClinikoBillableItem {
    return this.archive('billable_items', id);
  }

  createProduct(p: {
    name: string;
    price_ex_tax: string;
    taxId?: string | null;
    item_code?: string;
    cost_price?: string;
    stock_level?: number;
  }): ClinikoProduct {
    const tax = p.taxId ? this.must('taxes', p.taxId) : null;
    const ex = moneyToCents(p.price_ex_tax);
    const incl = ex + (tax ? divRoundHalfUp(ex * rateToBp(tax.rate), 10_000) : 0);
    const rec: ClinikoProduct = {
      ...this.fresh('products', this.ids.products.next()),
      item_code: p.item_code ?? '',
      name: p.name,
      price_ex_tax: p.price_ex_tax,
      price_including_tax: centsToMoney(incl),
      cost_price: p.cost_price ?? '0.00',
      stock_level: p.stock_level ?? 0,
      product_supplier_name: '',
      serial_number: '',
      notes: '',
      tax: tax ? link(this.base, `/taxes/${tax.id}`) : null,
      archived_at: null,
    };
    return this.add('products', rec, this.data.products);
  }
  editProduct(id: string, patch: Patch<ClinikoProduct>): ClinikoProduct {
    return this.edit('products', id, patch);
  }
  archiveProduct(id: string): ClinikoProduct {
    return this.archive('products', id);
  }

  // ------------------------------------------------------------ invoices

  createInvoice(input: InvoiceInput): ClinikoInvoice {
    const patient = this.must('patients', input.patientId);
    const business = this.must('businesses', input.businessId);
    const practitioner = this.must('practitioners', input.practitionerId);
    const f = this.fresh('invoices', this.ids.invoices.next());
    const rec: ClinikoInvoice = {
      ...f,
      number: this.nextInvoiceNumber++,
      issue_date: input.issueDate,
      status: 10,
      status_description: STATUS_DESCRIPTION[10],
      total_amount: '0.00',
      net_amount: '0.00',
      tax_amount: '0.00',
      discounted_amount: '0.00',
      notes: input.notes ?? '',
      invoice_to: `${patient.title ? `${patient.title} ` : ''}${patient.first_name} ${patient.last_name}`,
      patient_extra_information: '',
      online_payment_url: null,
      closed_at: null,
      deleted_at: null,
      archived_at: null,
      appointment: input.appointmentId ? link(this.base, `/appointments/${input.appointmentId}`) : null,
      business: link(this.base, `/businesses/${business.id}`),
      practitioner: link(this.base, `/practitioners/${practitioner.id}`),
      patient: link(this.base, `/patients/${patient.id}`),
      invoice_items: link(this.base, `/invoices/${f.id}/invoice_items`),
    };
    this.add('invoices', rec, this.data.invoices);
    const items: ClinikoInvoiceItem[] = [];
    this.itemsByInvoice.set(rec.id, items);
    for (const it of input.items) {
      const item = this.buildItem(rec.id, it, f.created_at);
      items.push(item);
      this.add('invoice_items', item, this.data.invoiceItems);
    }
    applyInvoiceTotals(rec, items);
    return rec;
  }

  /** Edits invoice fields (not money: totals always follow the items). */
  editInvoice(
    id: string,
    patch: Pick<
      Patch<ClinikoInvoice>,
      'issue_date' | 'notes' | 'invoice_to' | 'patient_extra_information'
    > & {
      patientId?: string;
      businessId?: string;
      practitionerId?: string;
    },
  ): ClinikoInvoice {
    const { patientId, businessId, practitionerId, ...rest } = patch;
    const p: Patch<ClinikoInvoice> = { ...rest };
    if (patientId) p.patient = link(this.base, `/patients/${this.must('patients', patientId).id}`);
    if (businessId) p.business = link(this.base, `/businesses/${this.must('businesses', businessId).id}`);
    if (practitionerId)
      p.practitioner = link(this.base, `/practitioners/${this.must('practitioners', practitionerId).id}`);
    return this.edit('invoices', id, p);
  }

  archiveInvoice(id: string): ClinikoInvoice {
    return this.archive('invoices', id);
  }

  /** Status 20 Paid, `closed_at` = the given instant (normalised to ISO UTC), `updated_at` bumped. */
  markInvoicePaid(id: string, closedAtIso: string): ClinikoInvoice {
    const ms = Date.parse(closedAtIso);
    if (Number.isNaN(ms)) throw new Error(`invalid closedAt ${closedAtIso}`);
    return this.edit('invoices', id, {
      status: 20,
      status_description: STATUS_DESCRIPTION[20],
      closed_at: new Date(ms).toISOString(),
    });
  }

  /**
   * Reverses an invoice with a credit note (status 40, negated items, linked both ways). The rules live in
   * credit-notes.ts; this only allocates the ID, number and timestamps and indexes the records.
   */
  createCreditNote(originalId: string, opts: CreditNoteOptions = {}): ClinikoInvoice {
    const original = this.must('invoices', originalId);
    const f = this.fresh('invoices', this.ids.invoices.next());
    const { note, items } = buildCreditNote({
      original,
      originalItems: this.getInvoiceItems(originalId),
      fresh: f,
      number: this.nextInvoiceNumber++,
      base: this.base,
      itemIds: () => this.ids.invoice_items.next(),
      opts,
    });
    this.add('invoices', note, this.data.invoices);
    this.itemsByInvoice.set(note.id, items);
    for (const it of items) this.add('invoice_items', it, this.data.invoiceItems);
    linkReversal(original, this.base);
    return note;
  }

  /** Credit notes (status 40) whose `original_invoice` is `invoiceId`, in created order. */
  creditNotesOf(invoiceId: string): ClinikoInvoice[] {
    return this.list('invoices').filter((i) => idFromLink(i.original_invoice) === invoiceId);
  }

  /** Back to status 10 Open (e.g. a payment was deleted). */
  markInvoiceOpen(id: string): ClinikoInvoice {
    return this.edit('invoices', id, {
      status: 10,
      status_description: STATUS_DESCRIPTION[10],
      closed_at: null,
    });
  }

  // ------------------------------------------------------------ invoice items

  private buildItem(invoiceId: string, it: InvoiceItemInput, at: string): ClinikoInvoiceItem {
    let source: ClinikoBillableItem | ClinikoProduct;
    let kind: 'billable_item' | 'product';
    if (it.productId) {
      source = this.must('products', it.productId);
      kind = 'product';
    } else if (it.billableItemId) {
      source = this.must('billable_items', it.billableItemId);
      kind = 'billable_item';
    } else throw new Error('an invoice item needs billableItemId or productId');
    const taxId = idFromLink(source.tax);
    const tax = taxId ? (this.get('taxes', taxId) ?? null) : null;
    const price = 'price_ex_tax' in source ? source.price_ex_tax : source.price;
    return makeInvoiceItem({
      id: this.ids.invoice_items.next(),
      invoiceId,
      base: this.base,
      name: it.name ?? source.name,
      code: it.code ?? source.item_code,
      quantity: it.quantity ?? 1,
      unitPriceCents: moneyToCents(it.unitPrice ?? price),
      tax,
      discount: it.discount ?? { kind: 'none' },
      source: { kind, id: source.id },
      concessionTypeName: it.concessionTypeName ?? '',
      createdAt: at,
    });
  }

  /** Re-totals an invoice from its items and bumps its updated_at to `at`. */
  private retotal(invoiceId: string, at: string): void {
    const inv = this.must('invoices', invoiceId);
    applyInvoiceTotals(inv, this.getInvoiceItems(invoiceId));
    this.tables.invoices.setUpdated(inv, at);
  }

  createInvoiceItem(invoiceId: string, input: InvoiceItemInput): ClinikoInvoiceItem {
    this.must('invoices', invoiceId);
    const at = this.stamp();
    const item = this.buildItem(invoiceId, input, at);
    this.add('invoice_items', item, this.data.invoiceItems);
    let list = this.itemsByInvoice.get(invoiceId);
    if (!list) this.itemsByInvoice.set(invoiceId, (list = []));
    list.push(item);
    this.retotal(invoiceId, at);
    return item;
  }

  editInvoiceItem(
    id: string,
    patch: { quantity?: number; unitPrice?: string; discount?: LineDiscount; name?: string; code?: string },
  ): ClinikoInvoiceItem {
    const item = this.must('invoice_items', id);
    if (patch.quantity !== undefined) item.quantity = patch.quantity;
    if (patch.unitPrice !== undefined) item.unit_price = centsToMoney(moneyToCents(patch.unitPrice));
    if (patch.name !== undefined) item.name = patch.name;
    if (patch.code !== undefined) item.code = patch.code;
    recomputeItem(item, patch.discount ?? discountOf(item));
    const at = this.stamp();
    this.tables.invoice_items.setUpdated(item, at);
    this.retotal(idFromLink(item.invoice) ?? '', at);
    return item;
  }

  archiveInvoiceItem(id: string): ClinikoInvoiceItem {
    const item = this.must('invoice_items', id);
    const at = this.stamp();
    item.archived_at = at;
    this.tables.invoice_items.setUpdated(item, at);
    this.retotal(idFromLink(item.invoice) ?? '', at);
    return item;
  }

  // ------------------------------------------------------------ malformed data (tests)

  /**
   * Writes field values as given, bypassing every rule above, and bumps `updated_at`: how tests
   * feed the app records it must survive (a null `issue_date`, a quantity of 1e300, a unit price of
   * "NaN", an unknown status). Not a Cliniko operation; nothing recomputes totals.
   */
  writeRaw<K extends ResourceName>(
    resource: K,
    id: string,
    fields: Record<string, unknown>,
  ): ResourceTypes[K] {
    const rec = this.must(resource, id);
    Object.assign(rec, fields);
    (this.tables[resource] as Table<ResourceTypes[K]>).setUpdated(rec, this.stamp());
    return rec;
  }
}
