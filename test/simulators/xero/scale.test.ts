// 100,000 invoices through the full validation path, and lookups over HTTP that find the right ones.
// How fast seeding and the lookups are is `npm run bench:sims`'s to judge, not a test's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXeroSim, type XeroSim } from './index.js';
import { client, type Call } from './test-helpers.js';

const N = 100_000;
const CONTACTS = 5_000;
let sim: XeroSim;
let call: Call;
const contactIds: string[] = [];

beforeAll(async () => {
  sim = await startXeroSim({ limits: { perMinute: 1_000_000, perDay: 1_000_000 } });
  call = client(sim);
  const org = sim.org();
  for (let i = 0; i < CONTACTS; i++) {
    const r = org.upsertContact({ Name: `Patient ${i}`, ContactNumber: `PT-${i}` });
    if (!r.ok) throw new Error(r.errors.join());
    contactIds.push(String(r.out['ContactID']));
  }
  for (let i = 0; i < N; i++) {
    const r = org.upsertInvoice(
      {
        Type: 'ACCREC',
        InvoiceNumber: `INV-${String(i).padStart(6, '0')}`,
        Contact: { ContactID: contactIds[i % CONTACTS] },
        Date: '2026-11-20',
        Status: i % 10 === 0 ? 'DRAFT' : 'AUTHORISED',
        LineItems: [
          { Description: 'Consultation', Quantity: 1, UnitAmount: 85 + (i % 7), AccountCode: '201' },
        ],
      },
      { method: 'PUT', unitdp: 2 },
    );
    if (!r.ok) throw new Error(r.errors.join());
  }
}, 300_000);
afterAll(async () => {
  await sim.close();
});

describe(`${N.toLocaleString()} invoices`, () => {
  it('seeds through the full validation path', () => {
    expect(sim.org().invoiceCount()).toBe(N);
  });

  it('lookups by number, id, contact and page find the right invoices', async () => {
    const byNum = await call('GET', '/Invoices', { query: { InvoiceNumbers: 'INV-099999,INV-050000' } });
    expect(byNum.json.Invoices.map((i: { InvoiceNumber: string }) => i.InvoiceNumber)).toEqual([
      'INV-099999',
      'INV-050000',
    ]);
    const id = byNum.json.Invoices[0].InvoiceID as string;
    const byId = await call('GET', '/Invoices', { query: { IDs: id } });
    expect(byId.json.Invoices[0].InvoiceNumber).toBe('INV-099999');
    const one = await call('GET', `/Invoices/${id}`);
    expect(one.json.Invoices[0].LineItems).toHaveLength(1);
    const byContact = await call('GET', '/Invoices', { query: { ContactIDs: contactIds[7] ?? '' } });
    expect(byContact.json.Invoices).toHaveLength(N / CONTACTS);
    const dup = await call('PUT', '/Invoices', {
      body: {
        Invoices: [
          {
            Type: 'ACCREC',
            InvoiceNumber: 'INV-000123',
            Contact: { ContactID: contactIds[0] },
            LineItems: [{ Description: 'x', Quantity: 1, UnitAmount: 1, AccountCode: '200' }],
          },
        ],
      },
      query: { summarizeErrors: 'false' },
    });
    expect(dup.json.Invoices[0].ValidationErrors[0].Message).toBe('Invoice # must be unique.');
    const page = await call('GET', '/Invoices', { query: { page: '500', Statuses: 'AUTHORISED' } });
    expect(page.json.pagination).toMatchObject({
      page: 500,
      pageSize: 100,
      itemCount: 90_000,
      pageCount: 900,
    });
    const contact = await call('GET', '/Contacts/PT-4999');
    expect(contact.json.Contacts[0].Name).toBe('Patient 4999');
  });
});
