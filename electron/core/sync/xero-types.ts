/**
 * Xero shapes as the sync engine reads and writes them: PascalCase JSON exactly as Xero's Accounting API
 * takes it (xero-api.md §4–7, OpenAPI `xero_accounting.yaml`). Only the fields we use are listed.
 */

export interface XeroAccount {
  Code?: string;
  Name: string;
  Type: string;
  Status: 'ACTIVE' | 'ARCHIVED' | 'DELETED' | string;
  EnablePaymentsToAccount?: boolean;
  Class?: string;
}

export interface XeroTaxRate {
  TaxType: string;
  Name: string;
  Status: 'ACTIVE' | 'DELETED' | 'ARCHIVED' | 'PENDING' | string;
  /** Percent, e.g. 10 or 12.5. */
  EffectiveRate: number | string;
  CanApplyToRevenue: boolean;
}

export type LineAmountTypes = 'Exclusive' | 'Inclusive' | 'NoTax';

export interface XeroLineItemPayload {
  Description: string;
  Quantity: number;
  /** Up to 4 decimal places: requests must be sent with `unitdp=4`. */
  UnitAmount: number;
  DiscountRate?: number;
  DiscountAmount?: number;
  AccountCode: string;
  TaxType: string;
  /** Present only when Xero's own per-line rounding would not give Cliniko's tax for the line. */
  TaxAmount?: number;
  /** Only a Code Xero has (sync/item-codes.ts). */
  ItemCode?: string;
  /** Up to two `{Name, Option}` (sync/map-tracking.ts). */
  Tracking?: { Name: string; Option: string }[];
}

export interface XeroInvoicePayload {
  Type: 'ACCREC';
  Contact: { ContactID: string };
  InvoiceNumber: string;
  /** YYYY-MM-DD: Cliniko's issue_date, untouched. */
  Date: string;
  DueDate: string;
  Status: 'AUTHORISED' | 'DRAFT';
  LineAmountTypes: LineAmountTypes;
  LineItems: XeroLineItemPayload[];
  Reference?: string;
  Url?: string;
  CurrencyCode?: string;
}

export interface XeroPhone {
  PhoneType: 'DEFAULT' | 'MOBILE';
  PhoneNumber: string;
}

export interface XeroAddress {
  AddressType: 'POBOX' | 'STREET';
  AddressLine1: string;
  AddressLine2: string;
  AddressLine3: string;
  City: string;
  Region: string;
  PostalCode: string;
  Country: string;
}

export interface XeroContactPayload {
  ContactNumber: string;
  Name: string;
  FirstName: string;
  LastName: string;
  /** "" clears a removed address on update. */
  EmailAddress: string;
  Phones: XeroPhone[];
  Addresses: XeroAddress[];
}

export interface XeroPaymentPayload {
  Invoice: { InvoiceID: string };
  Account: { Code: string };
  Date: string;
  Amount: number;
  Reference: string;
}
