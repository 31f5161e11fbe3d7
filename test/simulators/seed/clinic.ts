/**
 * Deterministic Cliniko clinic generator (same options + seed → byte-identical data) and a small
 * hand-written fixture for unit tests. Amount rules: see ./money.ts (integer cents; per-item tax rounded
 * half-up to the cent on the item; invoice sums are sums of the rounded items).
 */
import { CLINIKO_CANONICAL_BASE } from './types.js';
import type {
  ClinicData,
  ClinikoBillableItem,
  ClinikoBusiness,
  ClinikoInvoice,
  ClinikoInvoiceItem,
  ClinikoPatient,
  ClinikoPractitioner,
  ClinikoProduct,
  ClinikoTax,
  ClinikoUser,
  InvoiceStatus,
} from './types.js';
import type { LineDiscount } from './money.js';
import { centsToMoney, divRoundHalfUp, moneyToCents, rateToBp } from './money.js';
import {
  IdSeq,
  STATUS_DESCRIPTION,
  applyInvoiceTotals,
  idFromLink,
  iso,
  link,
  makeInvoiceItem,
} from './records.js';
import { addDays, daysBetween, localToUtcMs } from './tz.js';

export * from './types.js';
export * from './money.js';
export {
  compareIds,
  idFromLink,
  invoiceItemsOf,
  invoiceSumsOf,
  itemCents,
  applyInvoiceTotals,
  makeInvoiceItem,
  discountOf,
  recomputeItem,
  STATUS_DESCRIPTION,
  IdSeq,
} from './records.js';
export { localDateOf, localToUtcMs, tzOffsetMs, addDays } from './tz.js';

/** mulberry32: tiny fast seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenerateClinicOptions {
  invoices: number;
  seed?: number;
  /** First issue date, YYYY-MM-DD (default 2024-07-01). */
  from?: string;
  /** Last issue date, YYYY-MM-DD (default 2025-06-30). */
  to?: string;
}

/** Fixed ID spaces. All but taxes are above 2^53; invoices start at exactly "1234567890123456789". */
export const ID_SPACES = {
  user: ['111111111', 1] as const,
  businesses: ['51481097', 6554457178] as const,
  practitioners: ['87654321', 1000] as const,
  patients: ['76543210', 1000] as const,
  billableItems: ['33333333', 1000] as const,
  products: ['44444444', 1000] as const,
  invoices: ['123456789', 123456789] as const,
  invoiceItems: ['234567890', 123456789] as const,
  appointments: ['55555555', 1000] as const,
};

const B = CLINIKO_CANONICAL_BASE;

// ---------------------------------------------------------------- reference data

interface BusinessSpec {
  name: string;
  tzLabel: string;
  tz: string;
  city: string;
  state: string;
  post: string;
  country: string;
  cc: string;
  weight: number;
}
const BUSINESSES: BusinessSpec[] = [
  {
    name: 'Harbour Physio Sydney',
    tzLabel: 'Sydney',
    tz: 'Australia/Sydney',
    city: 'Sydney',
    state: 'NSW',
    post: '2000',
    country: 'Australia',
    cc: 'AU',
    weight: 0.45,
  },
  {
    name: 'Swan River Physio Perth',
    tzLabel: 'Perth',
    tz: 'Australia/Perth',
    city: 'Perth',
    state: 'WA',
    post: '6000',
    country: 'Australia',
    cc: 'AU',
    weight: 0.2,
  },
  {
    name: 'Riverside Physio Brisbane',
    tzLabel: 'Brisbane',
    tz: 'Australia/Brisbane',
    city: 'Brisbane',
    state: 'QLD',
    post: '4000',
    country: 'Australia',
    cc: 'AU',
    weight: 0.25,
  },
  {
    name: 'Waitemata Physio Auckland',
    tzLabel: 'Auckland',
    tz: 'Pacific/Auckland',
    city: 'Auckland',
    state: 'Auckland',
    post: '1010',
    country: 'New Zealand',
    cc: 'NZ',
    weight: 0.1,
  },
];

const PRACTITIONERS: { title: string; first: string; last: string; designation: string; active: boolean }[] =
  [
    { title: 'Dr', first: 'Amelia', last: 'Nguyen', designation: 'Physiotherapist', active: true },
    { title: 'Mr', first: 'Oliver', last: 'Smith', designation: 'Physiotherapist', active: true },
    {
      title: 'Ms',
      first: 'Charlotte',
      last: 'Brown',
      designation: 'Remedial Massage Therapist',
      active: true,
    },
    { title: 'Mr', first: 'Jack', last: 'Wilson', designation: 'Exercise Physiologist', active: true },
    { title: 'Dr', first: 'Isla', last: 'Taylor', designation: 'Physiotherapist', active: true },
    { title: 'Ms', first: 'Mia', last: 'Tane', designation: 'Pilates Instructor', active: true },
    { title: 'Mr', first: 'Noah', last: 'Kelly', designation: 'Physiotherapist', active: false },
    { title: 'Ms', first: 'Grace', last: 'Lee', designation: 'Osteopath', active: false },
  ];

// [code, type, name, price ex tax, tax: 'gst' | 'free', archived]
const BILLABLE: [string, 'Service' | 'Product' | 'Other', string, string, 'gst' | 'free', boolean][] = [
  ['500', 'Service', 'Initial Consultation', '100.00', 'free', false],
  ['505', 'Service', 'Standard Consultation', '85.00', 'free', false],
  ['510', 'Service', 'Extended Consultation', '130.00', 'free', false],
  ['520', 'Service', 'Telehealth Consultation', '80.00', 'free', false],
  ['600', 'Service', 'Remedial Massage 60 min', '109.09', 'gst', false],
  ['605', 'Service', 'Remedial Massage 30 min', '63.64', 'gst', false],
  ['700', 'Service', 'Pilates Class', '36.36', 'gst', false],
  ['710', 'Service', 'Dry Needling Add-on', '22.73', 'gst', false],
  ['900', 'Other', 'Report Writing', '150.00', 'gst', false],
  ['910', 'Other', 'Late Cancellation Fee', '45.45', 'gst', false],
  ['550', 'Service', 'Initial Consultation (2019 price)', '90.00', 'free', true],
];

// [code, name, price ex tax, cost, tax, archived]
const PRODUCTS: [string, string, string, string, 'gst' | 'free', boolean][] = [
  ['P100', 'Theraband - Medium', '18.18', '6.50', 'gst', false],
  ['P110', 'Foam Roller', '36.36', '14.00', 'gst', false],
  ['P120', 'Heat Pack', '22.73', '8.00', 'gst', false],
  ['P130', 'Kinesiology Tape', '13.64', '4.20', 'gst', false],
  ['P140', 'Orthotic Insoles', '72.73', '30.00', 'gst', false],
  ['P150', 'Compression Sleeve', '40.91', '15.00', 'gst', false],
  ['P160', 'Vitamin D 1000IU', '18.00', '7.00', 'free', false],
  ['P170', 'Ice Pack (discontinued)', '9.09', '3.00', 'gst', true],
];

const FIRST = [
  'James', 'Olivia', 'William', 'Ava', 'Lucas', 'Sophie', 'Henry', 'Chloe', 'Ethan', 'Zoe', 'Leo', 'Ruby',
  'Thomas', 'Emily', 'Daniel', 'Hannah', 'Samuel', 'Lily', 'Aroha', 'Wiremu', 'Priya', 'Arjun', 'Mei', 'Wei',
  'Fatima', 'Omar', 'Sofia', 'Mateo', 'Isabella', 'Liam', 'Matilda', 'Harrison', 'Georgia', 'Archie', 'Evie',
  'Hugo', 'Frankie', 'Sienna', 'Kai', 'Maya',
]; // prettier-ignore
const LAST = [
  'Smith', 'Jones', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Johnson', 'White', 'Martin', 'Anderson',
  'Thompson', 'Nguyen', 'Thomas', 'Walker', 'Harris', 'Lee', 'Ryan', 'Robinson', 'Kelly', 'King', 'Ngata',
  "O'Brien", 'Patel', 'Chen', 'Singh', 'Wang', 'Campbell', 'Davies', 'Mitchell', 'Young', 'Clarke', 'Scott',
  'Hall', 'Murphy', 'Baker', 'Roberts', 'Evans', 'Turner', 'Cooper', 'Zhang',
]; // prettier-ignore
const STREETS = [
  'George St',
  'King St',
  'Queen St',
  'High St',
  'Beach Rd',
  'Park Ave',
  'Church St',
  'Station St',
];

// ---------------------------------------------------------------- builder

/** Assembles a ClinicData; shared by generateClinic() and smallClinic(). */
class ClinicBuilder {
  readonly businesses: ClinikoBusiness[] = [];
  readonly practitioners: ClinikoPractitioner[] = [];
  readonly patients: ClinikoPatient[] = [];
  readonly taxes: ClinikoTax[] = [];
  readonly billableItems: ClinikoBillableItem[] = [];
  readonly products: ClinikoProduct[] = [];
  readonly invoices: ClinikoInvoice[] = [];
  readonly invoiceItems: ClinikoInvoiceItem[] = [];
  readonly ids = {
    businesses: new IdSeq(...ID_SPACES.businesses),
    practitioners: new IdSeq(...ID_SPACES.practitioners),
    patients: new IdSeq(...ID_SPACES.patients),
    billableItems: new IdSeq(...ID_SPACES.billableItems),
    products: new IdSeq(...ID_SPACES.products),
    invoices: new IdSeq(...ID_SPACES.invoices),
    invoiceItems: new IdSeq(...ID_SPACES.invoiceItems),
    appointments: new IdSeq(...ID_SPACES.appointments),
  };
  readonly user: ClinikoUser;
  private readonly setupAt: string;

  constructor(setupAt: string) {
    this.setupAt = setupAt;
    const userId = new IdSeq(...ID_SPACES.user).next();
    this.user = {
      id: userId,
      title: null,
      first_name: 'Pat',
      last_name: 'Manager',
      email: 'practice.manager@harbourphysio.example',
      role: 'Administrator',
      time_zone: 'Australia/Sydney',
      active: true,
      created_at: setupAt,
      updated_at: setupAt,
      links: { self: `${B}/users/${userId}` },
    };
    this.taxes.push(
      { id: '1', name: 'GST', rate: '10.0', amount: '10.0', archived_at: null, created_at: setupAt, updated_at: setupAt, links: { self: `${B}/taxes/1` } },
      { id: '2', name: 'GST Free', rate: '0.0', amount: '0.0', archived_at: null, created_at: setupAt, updated_at: setupAt, links: { self: `${B}/taxes/2` } },
    ); // prettier-ignore
  }

  tax(kind: 'gst' | 'free'): ClinikoTax {
    return this.taxes[kind === 'gst' ? 0 : 1] as ClinikoTax;
  }

  addBusiness(s: BusinessSpec, i: number): ClinikoBusiness {
    const id = this.ids.businesses.next(7 + i);
    const b: ClinikoBusiness = {
      id,
      business_name: s.name,
      display_name: null,
      label: s.name,
      address_1: `${10 + i * 7} ${STREETS[i % STREETS.length]}`,
      address_2: '',
      city: s.city,
      state: s.state,
      post_code: s.post,
      country: s.country,
      country_code: s.cc,
      business_registration_name: s.cc === 'NZ' ? 'GST number' : 'ABN',
      business_registration_value: s.cc === 'NZ' ? '123-456-789' : `51 824 753 55${i}`,
      additional_invoice_information: '',
      email_reply_to: null,
      time_zone: s.tzLabel,
      time_zone_identifier: s.tz,
      archived_at: null,
      deleted_at: null,
      created_at: this.setupAt,
      updated_at: this.setupAt,
      links: { self: `${B}/businesses/${id}` },
    };
    this.businesses.push(b);
    return b;
  }

  addPractitioner(p: (typeof PRACTITIONERS)[number]): ClinikoPractitioner {
    const id = this.ids.practitioners.next(3);
    const pr: ClinikoPractitioner = {
      id,
      title: p.title,
      first_name: p.first,
      last_name: p.last,
      designation: p.designation,
      display_name: `${p.first} ${p.last}`,
      label: `${p.title} ${p.first} ${p.last}`,
      active: p.active,
      user: null,
      created_at: this.setupAt,
      updated_at: this.setupAt,
      links: { self: `${B}/practitioners/${id}` },
    };
    this.practitioners.push(pr);
    return pr;
  }

  addBillable(row: (typeof BILLABLE)[number]): ClinikoBillableItem {
    const id = this.ids.billableItems.next(2);
    const [code, type, name, price, tax, archived] = row;
    const bi: ClinikoBillableItem = {
      id,
      item_code: code,
      item_type: type,
      name,
      price,
      tax: link(B, `/taxes/${this.tax(tax).id}`),
      archived_at: archived ? this.setupAt : null,
      created_at: this.setupAt,
      updated_at: this.setupAt,
      links: { self: `${B}/billable_items/${id}` },
    };
    this.billableItems.push(bi);
    return bi;
  }

  addProduct(row: (typeof PRODUCTS)[number], i: number): ClinikoProduct {
    const id = this.ids.products.next(2);
    const [code, name, priceEx, cost, tax, archived] = row;
    const ex = moneyToCents(priceEx);
    const incl = ex + divRoundHalfUp(ex * rateToBp(this.tax(tax).rate), 10_000);
    const p: ClinikoProduct = {
      id,
      item_code: code,
      name,
      price_ex_tax: priceEx,
      price_including_tax: centsToMoney(incl),
      cost_price: cost,
      stock_level: 5 + ((i * 7) % 40),
      product_supplier_name: i % 2 === 0 ? 'Allied Health Supplies' : 'PhysioDirect',
      serial_number: '',
      notes: '',
      tax: link(B, `/taxes/${this.tax(tax).id}`),
      archived_at: archived ? this.setupAt : null,
      created_at: this.setupAt,
      updated_at: this.setupAt,
      links: { self: `${B}/products/${id}` },
    };
    this.products.push(p);
    return p;
  }

  addPatient(p: {
    title: string;
    first: string;
    last: string;
    email: string | null;
    dob: string | null;
    street: string;
    city: string;
    state: string;
    post: string;
    phone: string;
    createdAt: string;
    updatedAt?: string;
    archivedAt?: string | null;
  }): ClinikoPatient {
    const id = this.ids.patients.next(1 + (this.patients.length % 3));
    const pt: ClinikoPatient = {
      id,
      title: p.title,
      first_name: p.first,
      last_name: p.last,
      preferred_first_name: '',
      email: p.email,
      invoice_email: null,
      invoice_default_to: null,
      invoice_extra_information: '',
      address_1: p.street,
      address_2: '',
      address_3: '',
      city: p.city,
      state: p.state,
      post_code: p.post,
      country: 'Australia',
      date_of_birth: p.dob,
      old_reference_id: '',
      patient_phone_numbers: [{ number: p.phone, phone_type: 'Mobile' }],
      time_zone: null,
      archived_at: p.archivedAt ?? null,
      deleted_at: null,
      merged_at: null,
      merged_with_patient: null,
      created_at: p.createdAt,
      updated_at: p.updatedAt ?? p.createdAt,
      links: { self: `${B}/patients/${id}` },
    };
    this.patients.push(pt);
    return pt;
  }

  /** Adds an invoice with its items; amounts are computed here (see ./money.ts). */
  addInvoice(inv: {
    number: number;
    issueDate: string;
    business: ClinikoBusiness;
    practitioner: ClinikoPractitioner;
    patient: ClinikoPatient;
    appointment: boolean;
    createdAt: string;
    updatedAt?: string;
    closedAt?: string | null;
    archivedAt?: string | null;
    notes?: string;
    idGap?: number;
    lines: {
      source: ClinikoBillableItem | ClinikoProduct;
      quantity: number;
      unitPriceCents?: number;
      discount?: LineDiscount;
      concession?: string;
      updatedAt?: string;
    }[];
  }): ClinikoInvoice {
    const id = this.ids.invoices.next(inv.idGap ?? 1);
    const status: InvoiceStatus = inv.closedAt ? 20 : 10;
    const p = inv.patient;
    const invoice: ClinikoInvoice = {
      id,
      number: inv.number,
      issue_date: inv.issueDate,
      status,
      status_description: STATUS_DESCRIPTION[status],
      total_amount: '0.00',
      net_amount: '0.00',
      tax_amount: '0.00',
      discounted_amount: '0.00',
      notes: inv.notes ?? '',
      invoice_to: `${p.title ? `${p.title} ` : ''}${p.first_name} ${p.last_name}\r\n${p.address_1}\r\n${p.city} ${p.state} ${p.post_code}`,
      patient_extra_information: '',
      online_payment_url: null,
      created_at: inv.createdAt,
      updated_at: inv.updatedAt ?? inv.createdAt,
      closed_at: inv.closedAt ?? null,
      deleted_at: null,
      archived_at: inv.archivedAt ?? null,
      appointment: inv.appointment ? link(B, `/appointments/${this.ids.appointments.next(2)}`) : null,
      business: link(B, `/businesses/${inv.business.id}`),
      practitioner: link(B, `/practitioners/${inv.practitioner.id}`),
      patient: link(B, `/patients/${p.id}`),
      invoice_items: link(B, `/invoices/${id}/invoice_items`),
      links: { self: `${B}/invoices/${id}` },
    };
    const items: ClinikoInvoiceItem[] = [];
    for (const line of inv.lines) {
      const src = line.source;
      const isProduct = 'price_ex_tax' in src;
      const taxId = idFromLink(src.tax);
      const tax = this.taxes.find((t) => t.id === taxId) ?? null;
      const item = makeInvoiceItem({
        id: this.ids.invoiceItems.next(1),
        invoiceId: id,
        base: B,
        name: src.name,
        code: src.item_code,
        quantity: line.quantity,
        unitPriceCents: line.unitPriceCents ?? moneyToCents(isProduct ? src.price_ex_tax : src.price),
        tax,
        discount: line.discount ?? { kind: 'none' },
        source: { kind: isProduct ? 'product' : 'billable_item', id: src.id },
        concessionTypeName: line.concession ?? '',
        createdAt: inv.createdAt,
        updatedAt: line.updatedAt ?? inv.createdAt,
      });
      items.push(item);
      this.invoiceItems.push(item);
    }
    applyInvoiceTotals(invoice, items);
    this.invoices.push(invoice);
    return invoice;
  }

  build(): ClinicData {
    return {
      baseUrl: B,
      user: this.user,
      settings: {
        account: {
          id: 12345,
          name: 'Harbour Physio Group',
          country: 'Australia',
          time_zone: 'Sydney',
          currency_symbol: '$',
          subdomain: 'harbourphysio',
        },
        links: { self: `${B}/settings/public` },
      },
      businesses: this.businesses,
      practitioners: this.practitioners,
      patients: this.patients,
      taxes: this.taxes,
      billableItems: this.billableItems,
      products: this.products,
      invoices: this.invoices,
      invoiceItems: this.invoiceItems,
    };
  }
}

// ---------------------------------------------------------------- generator

const PCT_DISCOUNTS = [500, 1000, 1250, 1500, 2000, 5000];
const MONEY_DISCOUNTS = [500, 750, 1000, 2000, 1234];

/**
 * Generates a clinic with `opts.invoices` invoices whose issue dates spread evenly over [from, to].
 * Deterministic: the same options give identical data. About 1 s for 100,000 invoices.
 */
export function generateClinic(opts: GenerateClinicOptions): ClinicData {
  const n = Math.max(0, Math.floor(opts.invoices));
  const from = opts.from ?? '2024-07-01';
  const to = opts.to ?? '2025-06-30';
  const days = daysBetween(from, to) + 1;
  if (!(days >= 1)) throw new Error(`invalid range ${from}..${to}`);
  const rnd = mulberry32(opts.seed ?? 42);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(arr: readonly T[]): T => arr[Math.floor(rnd() * arr.length)] as T;

  const setupMs = Date.parse(`${addDays(from, -730)}T00:00:00Z`);
  const b = new ClinicBuilder(iso(setupMs));
  BUSINESSES.forEach((s, i) => b.addBusiness(s, i));
  const practitioners = PRACTITIONERS.map((p) => b.addPractitioner(p));
  const active = practitioners.filter((p) => p.active);
  const inactive = practitioners.filter((p) => !p.active);
  const billables = BILLABLE.map((row) => b.addBillable(row));
  const products = PRODUCTS.map((row, i) => b.addProduct(row, i));
  const liveBillables = billables.filter((x) => x.archived_at === null);
  const liveProducts = products.filter((x) => x.archived_at === null);
  const oldBillable = billables.find((x) => x.archived_at !== null) as ClinikoBillableItem;

  // Patients: created over the year before `from`; every 20th reuses an earlier patient's name.
  const nPatients = Math.min(20_000, Math.max(12, Math.round(n / 5)));
  const patientStart = Date.parse(`${addDays(from, -365)}T00:00:00Z`);
  const patientSpan = 365 * 86_400_000;
  for (let i = 0; i < nPatients; i++) {
    let first = pick(FIRST);
    let last = pick(LAST);
    if (i > 0 && i % 20 === 0) {
      const twin = b.patients[int(0, b.patients.length - 1)] as ClinikoPatient;
      first = twin.first_name;
      last = twin.last_name;
    }
    const biz = pick(BUSINESSES);
    const created = patientStart + Math.floor((i / nPatients) * patientSpan) + int(0, 3_600_000);
    const edited = rnd() < 0.1;
    const archived = rnd() < 0.01;
    const y = int(1940, 2015);
    b.addPatient({
      title: pick(['Mr', 'Ms', 'Mrs', 'Miss', 'Dr', '']),
      first,
      last,
      email: rnd() < 0.85 ? `${first}.${last}.${i}@mail.example`.toLowerCase().replace(/'/g, '') : null,
      dob:
        rnd() < 0.95
          ? `${y}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`
          : null,
      street: `${int(1, 200)} ${pick(STREETS)}`,
      city: biz.city,
      state: biz.state,
      post: biz.post,
      phone: `04${String(int(10_000_000, 99_999_999))}`,
      createdAt: iso(created),
      updatedAt: edited || archived ? iso(created + int(86_400_000, 200 * 86_400_000)) : undefined,
      archivedAt: archived ? iso(created + 201 * 86_400_000) : null,
    });
  }

  // Invoice shells, then sorted by creation instant so ids and numbers increase with created_at.
  interface Shell {
    day: number;
    biz: number;
    createdMs: number;
  }
  const shells: Shell[] = new Array<Shell>(n);
  const weights = BUSINESSES.map((s) => s.weight);
  for (let i = 0; i < n; i++) {
    const day = Math.min(days - 1, Math.floor(((i + rnd()) * days) / Math.max(n, 1)));
    let r = rnd();
    let biz = 0;
    while (biz < weights.length - 1 && r >= (weights[biz] as number)) r -= weights[biz++] as number;
    const tz = (BUSINESSES[biz] as BusinessSpec).tz;
    const createdMs = localToUtcMs(tz, addDays(from, day), int(7 * 60, 19 * 60 - 1), int(0, 59));
    shells[i] = { day, biz, createdMs };
  }
  shells.sort((x, y) => x.createdMs - y.createdMs);

  const halfway = Math.floor(days / 2);
  for (let i = 0; i < n; i++) {
    const s = shells[i] as Shell;
    const business = b.businesses[s.biz] as ClinikoBusiness;
    const tz = business.time_zone_identifier;
    const issueDate = addDays(from, s.day);
    const practitioner = s.day < halfway && rnd() < 0.15 ? pick(inactive) : pick(active);
    const patient = b.patients[int(0, b.patients.length - 1)] as ClinikoPatient;

    const r = rnd();
    const nLines = r < 0.45 ? 1 : r < 0.7 ? 2 : r < 0.85 ? 3 : r < 0.93 ? 4 : r < 0.97 ? 5 : 6;
    const lines: Parameters<ClinicBuilder['addInvoice']>[0]['lines'] = [];
    for (let k = 0; k < nLines; k++) {
      const isProduct = k > 0 && rnd() < 0.3;
      const source = isProduct
        ? pick(liveProducts)
        : s.day < 30 && rnd() < 0.05
          ? oldBillable
          : pick(liveBillables);
      const quantity = isProduct ? int(1, 4) : rnd() < 0.1 ? int(2, 4) : 1;
      const base = moneyToCents(
        isProduct ? (source as ClinikoProduct).price_ex_tax : (source as ClinikoBillableItem).price,
      );
      const unitPriceCents = rnd() < 0.05 ? base + int(-500, 500) : base;
      const d = rnd();
      let discount: LineDiscount = { kind: 'none' };
      let concession = '';
      if (d < 0.12) {
        discount = { kind: 'percent', bp: pick(PCT_DISCOUNTS) };
        if (rnd() < 0.4) concession = pick(['Pensioner', 'Student', 'Staff']);
      } else if (d < 0.2) {
        const grossIncl = unitPriceCents * quantity * 1.1;
        discount = { kind: 'money', cents: Math.min(pick(MONEY_DISCOUNTS), Math.floor(grossIncl)) };
      }
      lines.push({ source, quantity, unitPriceCents, discount, concession });
    }

    const createdMs = s.createdMs;
    let updatedMs = createdMs;
    const edited = rnd() < 0.08;
    if (edited) {
      updatedMs = createdMs + int(3_600_000, 10 * 86_400_000);
      const first = lines[0];
      if (first) first.updatedAt = iso(updatedMs);
    }
    let closedMs: number | null = null;
    const paidRoll = rnd();
    if (paidRoll < 0.72) {
      // Paid: any minute of the local day (40%) or business hours (60%), 0–30 days after issue.
      let k = rnd() < 0.5 ? 0 : int(1, 30);
      const minute = rnd() < 0.4 ? int(0, 1439) : int(8 * 60, 18 * 60);
      let ms = localToUtcMs(tz, addDays(issueDate, k), minute, int(0, 59));
      while (ms <= createdMs) ms = localToUtcMs(tz, addDays(issueDate, ++k), minute, int(0, 59));
      closedMs = ms;
      updatedMs = Math.max(updatedMs, closedMs);
    }
    let archivedMs: number | null = null;
    if (rnd() < 0.03) {
      archivedMs = Math.max(updatedMs, createdMs) + int(600_000, 20 * 86_400_000);
      updatedMs = archivedMs;
    }
    b.addInvoice({
      number: i + 1,
      issueDate,
      business,
      practitioner,
      patient,
      appointment: rnd() < 0.85,
      createdAt: iso(createdMs),
      updatedAt: iso(updatedMs),
      closedAt: closedMs === null ? null : iso(closedMs),
      archivedAt: archivedMs === null ? null : iso(archivedMs),
      notes: rnd() < 0.05 ? 'Claimed via HICAPS' : '',
      idGap: int(1, 4),
      lines,
    });
  }
  return b.build();
}

// ---------------------------------------------------------------- small fixture

/**
 * A tiny hand-written clinic for unit tests (IDs and amounts are stable; see the test beside this file):
 *
 * | # | id                    | business | case                                                                       |
 * |---|-----------------------|----------|----------------------------------------------------------------------------|
 * | 1 | 1234567890123456789   | Sydney   | paid 08:30 AEDT 6 Mar 2025 = 2025-03-05T21:30:00Z (previous UTC day)       |
 * | 2 | 1234567890123456790   | Perth    | paid 2025-03-06 07:15 AWST = 2025-03-05T23:15:00Z; product ×3 (59.99 incl)  |
 * | 3 | 1234567890123456791   | Sydney   | patient "James Smith" #1, 10% discount line + $20 monetary discount line   |
 * | 4 | 1234567890123456792   | Brisbane | patient "James Smith" #2 (same name, other patient), open                  |
 * | 5 | 1234567890123456793   | Sydney   | archived (archived_at set), was open                                       |
 * | 6 | 1234567890123456794   | Auckland | paid 00:05 NZDT 7 Mar 2025 = 2025-03-06T11:05:00Z                         |
 */
export function smallClinic(): ClinicData {
  const b = new ClinicBuilder('2023-01-02T00:00:00.000Z');
  BUSINESSES.forEach((s, i) => b.addBusiness(s, i));
  const [sydney, perth, brisbane, auckland] = b.businesses as [
    ClinikoBusiness,
    ClinikoBusiness,
    ClinikoBusiness,
    ClinikoBusiness,
  ];
  const prs = PRACTITIONERS.map((p) => b.addPractitioner(p));
  const amelia = prs[0] as ClinikoPractitioner;
  const noah = prs[6] as ClinikoPractitioner; // inactive
  const bills = BILLABLE.map((row) => b.addBillable(row));
  const prods = PRODUCTS.map((row, i) => b.addProduct(row, i));
  const initial = bills[0] as ClinikoBillableItem; // 100.00 GST-free
  const massage = bills[4] as ClinikoBillableItem; // 109.09 + GST = 120.00
  const theraband = prods[0] as ClinikoProduct; // 18.18 + GST = 20.00
  const mk = (first: string, last: string, i: number): ClinikoPatient =>
    b.addPatient({
      title: 'Mr',
      first,
      last,
      email: `${first}.${last}.${i}@mail.example`.toLowerCase(),
      dob: `198${i}-0${(i % 9) + 1}-1${i}`,
      street: `${i + 1} George St`,
      city: 'Sydney',
      state: 'NSW',
      post: '2000',
      phone: `041200000${i}`,
      createdAt: `2024-06-0${i + 1}T01:00:00.000Z`,
    });
  const alice = mk('Alice', 'Ngata', 1);
  const james1 = mk('James', 'Smith', 2);
  const james2 = mk('James', 'Smith', 3);
  const wei = mk('Wei', 'Chen', 4);

  b.addInvoice({
    number: 1,
    issueDate: '2025-03-05',
    business: sydney,
    practitioner: amelia,
    patient: alice,
    appointment: true,
    createdAt: '2025-03-05T03:00:00.000Z',
    closedAt: '2025-03-05T21:30:00.000Z',
    updatedAt: '2025-03-05T21:30:00.000Z',
    lines: [{ source: massage, quantity: 1 }],
  });
  b.addInvoice({
    number: 2,
    issueDate: '2025-03-05',
    business: perth,
    practitioner: noah,
    patient: wei,
    appointment: true,
    createdAt: '2025-03-05T06:00:00.000Z',
    closedAt: '2025-03-05T23:15:00.000Z',
    updatedAt: '2025-03-05T23:15:00.000Z',
    lines: [
      { source: initial, quantity: 1 },
      { source: theraband, quantity: 3 },
    ],
  });
  b.addInvoice({
    number: 3,
    issueDate: '2025-03-06',
    business: sydney,
    practitioner: amelia,
    patient: james1,
    appointment: true,
    createdAt: '2025-03-06T01:00:00.000Z',
    lines: [
      { source: initial, quantity: 1, discount: { kind: 'percent', bp: 1000 }, concession: 'Pensioner' },
      { source: massage, quantity: 1, discount: { kind: 'money', cents: 2000 } },
    ],
  });
  b.addInvoice({
    number: 4,
    issueDate: '2025-03-06',
    business: brisbane,
    practitioner: amelia,
    patient: james2,
    appointment: false,
    createdAt: '2025-03-06T02:00:00.000Z',
    lines: [{ source: massage, quantity: 2 }],
  });
  b.addInvoice({
    number: 5,
    issueDate: '2025-03-06',
    business: sydney,
    practitioner: amelia,
    patient: alice,
    appointment: true,
    createdAt: '2025-03-06T03:00:00.000Z',
    updatedAt: '2025-03-07T00:00:00.000Z',
    archivedAt: '2025-03-07T00:00:00.000Z',
    lines: [{ source: initial, quantity: 1 }],
  });
  b.addInvoice({
    number: 6,
    issueDate: '2025-03-06',
    business: auckland,
    practitioner: amelia,
    patient: wei,
    appointment: true,
    createdAt: '2025-03-06T04:00:00.000Z',
    closedAt: '2025-03-06T11:05:00.000Z',
    updatedAt: '2025-03-06T11:05:00.000Z',
    lines: [
      { source: massage, quantity: 1 },
      { source: theraband, quantity: 1, discount: { kind: 'percent', bp: 1250 } },
    ],
  });
  return b.build();
}
