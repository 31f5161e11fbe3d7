/**
 * Cliniko records in Cliniko's own JSON shapes (shared/reference/cliniko-api.md §4 and §7).
 *
 * - IDs are int64 decimal strings (many above 2^53: never `Number()` them).
 * - Money is a decimal string with two places ("110.00"); rates are strings like "10.0".
 * - Timestamps are UTC ISO-8601 with `Z` and millisecond precision ("2025-03-05T21:30:00.000Z").
 * - Relations are `{ links: { self } }` only. Links in a `ClinicData` use the canonical base
 *   `CLINIKO_CANONICAL_BASE`; the simulator rewrites it to its own URL when it serialises a response.
 */

export const CLINIKO_CANONICAL_BASE = 'https://api.au1.cliniko.com/v1';

export interface ClinikoLink {
  links: { self: string };
}

export interface ClinikoRecordBase {
  id: string;
  created_at: string;
  updated_at: string;
  links: { self: string };
}

export interface ClinikoUser extends ClinikoRecordBase {
  title: string | null;
  first_name: string;
  last_name: string;
  email: string;
  role: string;
  time_zone: string;
  active: boolean;
}

export interface ClinikoPublicSettings {
  account: {
    id: number;
    name: string;
    country: string;
    time_zone: string;
    currency_symbol: string;
    subdomain: string;
  };
  links: { self: string };
}

export interface ClinikoBusiness extends ClinikoRecordBase {
  business_name: string;
  display_name: string | null;
  label: string;
  address_1: string;
  address_2: string;
  city: string;
  state: string;
  post_code: string;
  country: string;
  country_code: string;
  business_registration_name: string;
  business_registration_value: string;
  additional_invoice_information: string;
  email_reply_to: string | null;
  time_zone: string;
  time_zone_identifier: string;
  archived_at: string | null;
  deleted_at: string | null;
}

export interface ClinikoPractitioner extends ClinikoRecordBase {
  title: string;
  first_name: string;
  last_name: string;
  designation: string;
  display_name: string;
  label: string;
  active: boolean;
  user: ClinikoLink | null;
}

export interface ClinikoPatient extends ClinikoRecordBase {
  title: string;
  first_name: string;
  last_name: string;
  preferred_first_name: string;
  email: string | null;
  invoice_email: string | null;
  invoice_default_to: string | null;
  invoice_extra_information: string;
  address_1: string;
  address_2: string;
  address_3: string;
  city: string;
  state: string;
  post_code: string;
  country: string;
  date_of_birth: string | null;
  old_reference_id: string;
  patient_phone_numbers: { number: string; phone_type: string }[];
  time_zone: string | null;
  archived_at: string | null;
  deleted_at: string | null;
  merged_at: string | null;
  merged_with_patient: ClinikoLink | null;
}

export interface ClinikoTax extends ClinikoRecordBase {
  name: string;
  /** "10.0" */
  rate: string;
  /** Deprecated: equals the rate. */
  amount: string;
  archived_at: string | null;
}

export interface ClinikoBillableItem extends ClinikoRecordBase {
  item_code: string;
  item_type: 'Service' | 'Product' | 'Other';
  name: string;
  /** Ex-tax price, "120.00". */
  price: string;
  tax: ClinikoLink | null;
  archived_at: string | null;
}

export interface ClinikoProduct extends ClinikoRecordBase {
  item_code: string;
  name: string;
  price_ex_tax: string;
  price_including_tax: string;
  cost_price: string;
  stock_level: number;
  product_supplier_name: string;
  serial_number: string;
  notes: string;
  tax: ClinikoLink | null;
  archived_at: string | null;
}

export type InvoiceStatus = 10 | 20 | 30 | 40;

export interface ClinikoInvoice extends ClinikoRecordBase {
  number: number;
  /** Local calendar date of the business, YYYY-MM-DD. */
  issue_date: string;
  status: InvoiceStatus;
  status_description: string;
  total_amount: string;
  net_amount: string;
  tax_amount: string;
  discounted_amount: string;
  notes: string;
  invoice_to: string;
  patient_extra_information: string;
  online_payment_url: string | null;
  closed_at: string | null;
  deleted_at: string | null;
  archived_at: string | null;
  appointment: ClinikoLink | null;
  business: ClinikoLink;
  practitioner: ClinikoLink;
  patient: ClinikoLink;
  invoice_items: ClinikoLink;
  /** Credit notes only (status 40): the invoice this one reverses. */
  original_invoice?: ClinikoLink | null;
  /** Invoices that have been reversed: the list of their credit notes (see cliniko/credit-notes.ts). */
  reversed_invoices?: ClinikoLink;
}

export interface ClinikoInvoiceItem extends ClinikoRecordBase {
  name: string;
  code: string;
  quantity: number;
  /** Ex-tax unit price. */
  unit_price: string;
  /** "18.1818" (4 places) for a monetary discount, the given percentage otherwise. */
  discount_percentage: string;
  /** Discount in money, tax-inclusive. */
  discounted_amount: string;
  is_monetary_discount: boolean;
  /** Ex-tax line total after discount (two places in this simulator). */
  net_price: string;
  tax_name: string;
  tax_rate: string;
  /** Deprecated in Cliniko and equal to the *rate* ("10.0"), not money: line tax = total_including_tax − net_price. */
  tax_amount: string;
  total_including_tax: string;
  concession_type_name: string;
  deleted_at: string | null;
  archived_at: string | null;
  invoice: ClinikoLink;
  billable_item?: ClinikoLink;
  product?: ClinikoLink;
}

export interface ClinicData {
  /** Base URL used inside every `links.self` of this data set. */
  baseUrl: string;
  user: ClinikoUser;
  settings: ClinikoPublicSettings;
  businesses: ClinikoBusiness[];
  practitioners: ClinikoPractitioner[];
  patients: ClinikoPatient[];
  taxes: ClinikoTax[];
  billableItems: ClinikoBillableItem[];
  products: ClinikoProduct[];
  /** Sorted by created_at, then id. */
  invoices: ClinikoInvoice[];
  /** Sorted by created_at, then id. */
  invoiceItems: ClinikoInvoiceItem[];
}
