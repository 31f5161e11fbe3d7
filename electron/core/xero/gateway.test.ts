import { ObjectSerializer, type AccountingApi } from 'xero-node';
import { describe, expect, it } from 'vitest';
import { XeroGateway, toModel } from './gateway.js';
import type { CallScheduler } from './limiter.js';
import { mapContact } from '../sync/map-contact.js';
import type { ClinikoPatient } from '../cliniko/types.js';

const PATIENT: ClinikoPatient = {
  id: '7654321000001',
  title: 'Ms',
  firstName: 'Aroha',
  lastName: 'Ngata',
  preferredFirstName: '',
  email: 'aroha@example.com',
  invoiceEmail: null,
  phones: [{ number: '0412 000 001', type: 'Mobile' }],
  address: {
    line1: '1 George St',
    line2: '',
    line3: '',
    city: 'Sydney',
    state: 'NSW',
    postCode: '2000',
    country: 'Australia',
  },
  dateOfBirth: null,
  createdAt: '2024-01-01T00:00:00Z',
  updatedAt: '2024-01-01T00:00:00Z',
  archivedAt: null,
  mergedAt: null,
  mergedWithPatientId: null,
};

describe('toModel', () => {
  it("round-trips our PascalCase payloads through xero-node's own serializer without losing a field", () => {
    const invoice = {
      Type: 'ACCREC',
      Contact: { ContactID: 'c-1' },
      InvoiceNumber: 'CL-1',
      Date: '2025-03-05',
      DueDate: '2025-03-05',
      Status: 'AUTHORISED',
      LineAmountTypes: 'Exclusive',
      LineItems: [
        {
          Description: 'Massage',
          Quantity: 1,
          UnitAmount: 109.0909,
          DiscountRate: 10,
          AccountCode: '200',
          TaxType: 'OUTPUT',
          TaxAmount: 9.82,
        },
      ],
      Reference: 'Cliniko #1',
      Url: 'https://au1.cliniko.com/invoices/1',
      InvoiceID: 'i-1',
    };
    expect(ObjectSerializer.serialize(toModel(invoice), 'Invoice')).toEqual(invoice);
    const contact = { ...mapContact(PATIENT, { disambiguate: true }), ContactID: 'c-1' };
    expect(ObjectSerializer.serialize(toModel(contact), 'Contact')).toEqual(contact);
    const payment = {
      Invoice: { InvoiceID: 'i-1' },
      Account: { Code: '091' },
      Date: '2025-03-06',
      Amount: 120,
      Reference: 'Cliniko payment, invoice CL-1',
    };
    expect(ObjectSerializer.serialize(toModel(payment), 'Payment')).toEqual(payment);
  });
});

describe('XeroGateway', () => {
  it('sends every call through the limiter, for the tenant, and counts calls and writes', async () => {
    const scheduled: string[] = [];
    const limiter: CallScheduler = {
      schedule: (tenantId, call) => {
        scheduled.push(tenantId);
        return call();
      },
    };
    const api = {
      getAccounts: () => Promise.resolve({ response: {}, body: { accounts: [{ code: '200' }] } }),
      createInvoices: () => Promise.resolve({ response: {}, body: { invoices: [] } }),
    } as unknown as AccountingApi;
    const g = new XeroGateway({ withAccounting: (fn) => fn(api, 'tenant-a'), limiter });
    expect((await g.getAccounts('tenant-a')).accounts?.[0]?.code).toBe('200');
    await g.putInvoices('tenant-a', [{ InvoiceNumber: 'CL-1' }], { idempotencyKey: 'k' });
    expect(scheduled).toEqual(['tenant-a', 'tenant-a']);
    expect([g.calls, g.writes]).toEqual([2, 1]);
    await expect(g.getAccounts('tenant-b')).rejects.toThrow(/organisation changed/);
  });
});
