// 100,000 invoices: seeding cost, memory, and indexed lookups over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXeroSim, type XeroSim } from './index.js';
import { client, type Call } from './test-helpers.js';

const N = 100_000;
const CONTACTS = 5_000;
let sim: XeroSim;
let call: Call;
let seedMs = 0;
let heapMb = 0;
const contactIds: string[] = [];

beforeAll(async () => {
  sim = await startXeroSim({ limits: { perMinute: 1_000_000, perDay: 1_000_000 } });
  call = client(sim);
  const org = sim.org();
  const heap0 = process.memoryUsage().heapUsed;
  const t = performance.now();
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
  seedMs = performance.now() - t;
  heapMb = (process.memoryUsage().heapUsed - heap0) / 1024 / 1024;
}, 120_000);
afterAll(async () => {
  await sim.close();
});

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await f();
  return [r, performance.now() - t];
}

describe(`${N.toLocaleString()} invoices`, () => {
  it('seeds through the full validation path', () => {
    expect(sim.org().invoiceCount()).toBe(N);
    console.log(
      `seeded ${N} invoices + ${CONTACTS} contacts in ${seedMs.toFixed(0)} ms; heap +${heapMb.toFixed(0)} MB`,
    );
    expect(seedMs).toBeLessThan(60_000);
  });

  it('lookups by number, id and contact are indexed (each well under 50 ms over HTTP)', async () => {
    // warm-up (the first write also loads the OpenAPI schemas, ~250 ms, once per process)
    await call('GET', '/Invoices', { query: { InvoiceNumbers: 'INV-000001' } });
    await call('PUT', '/Invoices', { body: { Invoices: [{ Type: 'ACCREC' }] } }); // compiles the Invoices schema
    const [byNum, t1] = await timed(() =>
      call('GET', '/Invoices', { query: { InvoiceNumbers: 'INV-099999,INV-050000' } }),
    );
    expect(byNum.json.Invoices.map((i: { InvoiceNumber: string }) => i.InvoiceNumber)).toEqual([
      'INV-099999',
      'INV-050000',
    ]);
    const id = byNum.json.Invoices[0].InvoiceID as string;
    const [byId, t2] = await timed(() => call('GET', '/Invoices', { query: { IDs: id } }));
    expect(byId.json.Invoices[0].InvoiceNumber).toBe('INV-099999');
    const [one, t3] = await timed(() => call('GET', `/Invoices/${id}`));
    expect(one.json.Invoices[0].LineItems).toHaveLength(1);
    const [byContact, t4] = await timed(() =>
      call('GET', '/Invoices', { query: { ContactIDs: contactIds[7] ?? '' } }),
    );
    expect(byContact.json.Invoices).toHaveLength(N / CONTACTS);
    const [dup, t5] = await timed(() =>
      call('PUT', '/Invoices', {
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
      }),
    );
    expect(dup.json.Invoices[0].ValidationErrors[0].Message).toBe('Invoice # must be unique.');
    const [page, t6] = await timed(() =>
      call('GET', '/Invoices', { query: { page: '500', Statuses: 'AUTHORISED' } }),
    );
    expect(page.json.pagination).toMatchObject({
      page: 500,
      pageSize: 100,
      itemCount: 90_000,
      pageCount: 900,
    });
    const [contact, t7] = await timed(() => call('GET', '/Contacts/PT-4999'));
    expect(contact.json.Contacts[0].Name).toBe('Patient 4999');
    const times = {
      byNumber: t1,
      byId: t2,
      single: t3,
      byContact: t4,
      duplicatePut: t5,
      page500: t6,
      contactByNumber: t7,
    };
    console.log(
      'lookup ms:',
      Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Number(v.toFixed(1))])),
    );
    for (const [k, v] of Object.entries(times)) if (k !== 'page500') expect(v, k).toBeLessThan(50);
    expect(t6).toBeLessThan(200);
  });
});
