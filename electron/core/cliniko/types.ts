/**
 * Normalised Cliniko records, as the rest of the app sees them (produced by ./parse.ts).
 *
 * - IDs are decimal strings (int64; never `Number()` them). Relations are IDs taken from `links` URLs.
 * - Whole-cent money is `…Cents: number`. Values that Cliniko sends with more places or that are not
 *   money (quantity, unit price, rates, `net_price` "81.818") are kept as canonical decimal *strings*
 *   ("1.5", "81.818", "10") so the records stay plain JSON; read them with money.ts `parseDecimal`.
 * - `issueDate` is the clinic-local calendar date exactly as Cliniko sent it; timestamps are ISO strings.
 * - `archivedAt` is `archived_at ?? deleted_at` (cliniko-api.md §3: both mean "voided / removed").
 */

export type InvoiceStatus = 10 | 20 | 30 | 40;

export const INVOICE_STATUS = { open: 10, paid: 20, closed: 30, openCredit: 40 } as const;

export interface ClinikoInvoice {
  id: string;
  /** Cliniko's invoice number, as text ("104"). */
  number: string;
  /** YYYY-MM-DD, clinic-local. */
  issueDate: string;
  status: InvoiceStatus;
  statusDescription: string;
  totalCents: number;
  netCents: number;
  taxCents: number;
  discountedCents: number;
  notes: string;
  patientId: string | null;
  businessId: string | null;
  practitionerId: string | null;
  appointmentId: string | null;
  /** Set on a credit note / reversal: the invoice it reverses. */
  originalInvoiceId: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  archivedAt: string | null;
  /** The API URL of the record (`links.self`), used to build the link back to Cliniko. */
  selfUrl: string | null;
}

export interface ClinikoInvoiceItem {
  id: string;
  invoiceId: string | null;
  billableItemId: string | null;
  productId: string | null;
  name: string;
  code: string;
  /** Decimal string; may be fractional or negative (reversals). */
  quantity: string;
  /** Ex-tax unit price, decimal string. */
  unitPrice: string;
  /** Decimal string, percent ("18.1818"). */
  discountPercentage: string;
  /** Tax-inclusive discount in cents (rounded half-up if Cliniko sent more places). */
  discountedCents: number;
  isMonetaryDiscount: boolean;
  /** Ex-tax line total after discount, decimal string (Cliniko may send 3 places: "81.818"). */
  netPrice: string | null;
  taxName: string;
  /** Percent, decimal string ("10"); "0" when the item has no tax. */
  taxRate: string;
  totalIncludingTaxCents: number;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

export interface ClinikoPhone {
  number: string;
  type: string;
}

export interface ClinikoAddress {
  line1: string;
  line2: string;
  line3: string;
  city: string;
  state: string;
  postCode: string;
  country: string;
}

export interface ClinikoPatient {
  id: string;
  title: string;
  firstName: string;
  lastName: string;
  preferredFirstName: string;
  email: string | null;
  invoiceEmail: string | null;
  phones: ClinikoPhone[];
  address: ClinikoAddress;
  /** YYYY-MM-DD or null. */
  dateOfBirth: string | null;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
  mergedAt: string | null;
  mergedWithPatientId: string | null;
}

export interface ClinikoBusiness {
  id: string;
  name: string;
  displayName: string | null;
  /** IANA zone (`time_zone_identifier`), null when Cliniko did not send one. */
  timeZone: string | null;
  countryCode: string | null;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

export interface ClinikoPractitioner {
  id: string;
  title: string;
  firstName: string;
  lastName: string;
  displayName: string;
  active: boolean;
  userId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ClinikoTax {
  id: string;
  name: string;
  /** Percent, decimal string ("10"). */
  rate: string;
  createdAt: string;
  updatedAt: string;
}

export interface ClinikoBillableItem {
  id: string;
  name: string;
  itemCode: string;
  itemType: string;
  /** Ex-tax price, decimal string. */
  price: string;
  taxId: string | null;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

export interface ClinikoProduct {
  id: string;
  name: string;
  itemCode: string;
  /** Ex-tax price, decimal string. */
  priceExTax: string;
  taxId: string | null;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

export interface ClinikoUser {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}
