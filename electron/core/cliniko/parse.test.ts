import { describe, expect, it } from 'vitest';
import {
  ClinikoParseError,
  idFromLink,
  parseBillableItem,
  parseBusiness,
  parseInvoice,
  parseInvoiceItem,
  parsePatient,
  parsePractitioner,
  parseProduct,
  parseTax,
  parseUser,
} from './parse.js';

const base = 'https://api.au1.cliniko.com/v1';
const link = (path: string) => ({ links: { self: `${base}/${path}` } });
const ts = { created_at: '2015-04-02T13:17:50Z', updated_at: '2015-04-02T13:17:50Z' };

// cliniko-api.md §7, with an unknown field added to prove tolerance.
const invoiceJson = {
  id: '108',
  number: 104,
  issue_date: '2015-04-02',
  status: 10,
  status_description: 'Open',
  total_amount: '50.0',
  net_amount: '50.0',
  tax_amount: '0.0',
  discounted_amount: '0.0',
  notes: '',
  invoice_to: 'Mrs. Bernice Mayer\r\n4069 Willms Plains',
  patient_extra_information: '',
  online_payment_url: null,
  closed_at: null,
  deleted_at: null,
  archived_at: null,
  appointment: link('appointments/70644'),
  business: link('businesses/26'),
  practitioner: link('practitioners/26'),
  patient: link('patients/1593'),
  links: { self: `${base}/invoices/108` },
  some_future_field: { anything: true },
  ...ts,
};

const itemJson = {
  id: '1',
  name: 'Initial consultation and treatment',
  code: '2020',
  quantity: 1,
  unit_price: '100.0',
  discount_percentage: '18.1818',
  discounted_amount: '20.0',
  is_monetary_discount: true,
  net_price: '81.818',
  tax_name: 'GST',
  tax_rate: '10.0',
  tax_amount: '10.0',
  total_including_tax: '90.0',
  concession_type_name: '',
  deleted_at: null,
  billable_item: link('billable_items/1'),
  invoice: link('invoices/1'),
  links: { self: `${base}/invoice_items/1` },
  ...ts,
};

describe('idFromLink', () => {
  it('takes the last path segment', () => {
    expect(idFromLink(`${base}/patients/514810976554457178`)).toBe('514810976554457178');
    expect(idFromLink(`${base}/patients/1593/`)).toBe('1593');
    expect(idFromLink(`${base}/patients/1593?x=1`)).toBe('1593');
    expect(idFromLink(`${base}/patients`)).toBeNull();
  });
});

describe('parseInvoice', () => {
  it('normalises the reference example', () => {
    expect(parseInvoice(invoiceJson)).toEqual({
      id: '108',
      number: '104',
      issueDate: '2015-04-02',
      status: 10,
      statusDescription: 'Open',
      totalCents: 5000,
      netCents: 5000,
      taxCents: 0,
      discountedCents: 0,
      notes: '',
      patientId: '1593',
      businessId: '26',
      practitionerId: '26',
      appointmentId: '70644',
      originalInvoiceId: null,
      createdAt: '2015-04-02T13:17:50Z',
      updatedAt: '2015-04-02T13:17:50Z',
      closedAt: null,
      archivedAt: null,
      selfUrl: `${base}/invoices/108`,
    });
  });

  it('keeps int64 IDs exact and treats deleted_at as archived', () => {
    const inv = parseInvoice({
      ...invoiceJson,
      id: '514810976554457178',
      patient: link('patients/9007199254740993'),
      deleted_at: '2020-01-01T00:00:00Z',
    });
    expect(inv.id).toBe('514810976554457178');
    expect(inv.patientId).toBe('9007199254740993');
    expect(inv.archivedAt).toBe('2020-01-01T00:00:00Z');
  });

  it('accepts money as JSON numbers', () => {
    expect(parseInvoice({ ...invoiceJson, total_amount: 110.5, tax_amount: 10.05 }).totalCents).toBe(11050);
  });

  it('names the bad fields', () => {
    const bad = { ...invoiceJson, total_amount: '50.005', issue_date: '2015-02-30', id: 12.5 };
    try {
      parseInvoice(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ClinikoParseError);
      const msg = (e as Error).message;
      expect(msg).toContain('total_amount: more than two decimal places');
      expect(msg).toContain('issue_date: must be a date YYYY-MM-DD');
      expect(msg).toContain('id:');
    }
  });

  it('refuses an unsafe numeric ID rather than losing digits', () => {
    expect(() => parseInvoice({ ...invoiceJson, id: 2 ** 53 + 2 })).toThrow(/too large/);
  });

  it('refuses timestamps without a zone', () => {
    expect(() => parseInvoice({ ...invoiceJson, closed_at: '2015-04-02 13:17:50' })).toThrow(/closed_at/);
  });
});

describe('parseInvoiceItem', () => {
  it('normalises the reference example (3-place net_price kept exact)', () => {
    expect(parseInvoiceItem(itemJson)).toEqual({
      id: '1',
      invoiceId: '1',
      billableItemId: '1',
      productId: null,
      name: 'Initial consultation and treatment',
      code: '2020',
      quantity: '1',
      unitPrice: '100',
      discountPercentage: '18.1818',
      discountedCents: 2000,
      isMonetaryDiscount: true,
      netPrice: '81.818',
      taxName: 'GST',
      taxRate: '10',
      totalIncludingTaxCents: 9000,
      createdAt: ts.created_at,
      updatedAt: ts.updated_at,
      archivedAt: null,
    });
  });

  it('reads a product line and a fractional quantity', () => {
    const { billable_item: _drop, ...rest } = itemJson;
    const item = parseInvoiceItem({
      ...rest,
      product: link('products/77'),
      quantity: '1.50',
      tax_rate: null,
    });
    expect(item.productId).toBe('77');
    expect(item.billableItemId).toBeNull();
    expect(item.quantity).toBe('1.5');
    expect(item.taxRate).toBe('0');
  });
});

describe('reference data', () => {
  it('patient', () => {
    const p = parsePatient({
      id: '1593',
      first_name: 'Bernice',
      last_name: 'Mayer',
      email: '',
      patient_phone_numbers: [
        { number: '0400 000 000', phone_type: 'Mobile' },
        { number: ' ', phone_type: 'Home' },
      ],
      address_1: '4069 Willms Plains',
      city: 'Sydney',
      date_of_birth: '1980-05-01',
      merged_with_patient: null,
      ...ts,
    });
    expect(p.email).toBeNull();
    expect(p.phones).toEqual([{ number: '0400 000 000', type: 'Mobile' }]);
    expect(p.address.line1).toBe('4069 Willms Plains');
    expect(p.dateOfBirth).toBe('1980-05-01');
    expect(p.archivedAt).toBeNull();
  });

  it('business with its IANA zone', () => {
    const b = parseBusiness({
      id: '514810976554457178',
      business_name: 'Healthy Times',
      display_name: null,
      country_code: 'AU',
      time_zone: 'Melbourne',
      time_zone_identifier: 'Australia/Melbourne',
      archived_at: null,
      ...ts,
    });
    expect(b).toMatchObject({
      id: '514810976554457178',
      name: 'Healthy Times',
      timeZone: 'Australia/Melbourne',
    });
  });

  it('practitioner, tax, billable item, product, user', () => {
    expect(
      parsePractitioner({ id: '26', first_name: 'Ann', last_name: 'Lee', user: link('users/3'), ...ts }),
    ).toMatchObject({ displayName: 'Ann Lee', userId: '3', active: true });
    expect(parseTax({ id: '1', name: 'GST', rate: '10.0', amount: '10.0', ...ts })).toMatchObject({
      rate: '10',
    });
    expect(
      parseBillableItem({
        id: '1',
        item_code: '0001',
        item_type: 'Service',
        name: 'Initial',
        price: '10.0',
        tax: link('taxes/1'),
        ...ts,
      }),
    ).toMatchObject({ taxId: '1', price: '10', archivedAt: null });
    expect(parseProduct({ id: '1', name: 'Product', price_ex_tax: '10.0', tax: null, ...ts })).toMatchObject({
      taxId: null,
    });
    expect(
      parseUser({ id: '3', first_name: 'Ann', last_name: 'Lee', email: 'a@x.test', ...ts }),
    ).toMatchObject({ email: 'a@x.test' });
  });
});
