// Worked examples, computed by hand, of Xero's per-line rounding (tax per line to 2 dp, then summed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeLine, computeTotals, toUnits } from './calc.js';
import { startXeroSim, type XeroSim } from './index.js';
import { client, type Call } from './test-helpers.js';

describe('toUnits (exact decimal, half away from zero)', () => {
  it('rounds the decimal the client wrote, not its binary approximation', () => {
    expect(toUnits(1.005, 2)).toBe(101n); // 1.005 * 100 in floating point is 100.49999…
    expect(toUnits(0.125, 2)).toBe(13n);
    expect(toUnits(-0.005, 2)).toBe(-1n);
    expect(toUnits(10.3333, 4)).toBe(103333n);
    expect(toUnits(1e-7, 4)).toBe(0n);
  });
});

describe('computeLine / computeTotals', () => {
  it('Exclusive: tax per line is rounded before summing (10.01, not 10.00)', () => {
    // 3 × 33.33 = 99.99 → GST 9.999 → 10.00;  1 × 0.05 → GST 0.005 → 0.01
    const a = computeLine({ Quantity: 3, UnitAmount: 33.33 }, 10, 'Exclusive', 2);
    const b = computeLine({ Quantity: 1, UnitAmount: 0.05 }, 10, 'Exclusive', 2);
    expect([a.lineAmountCents, a.taxCents, b.lineAmountCents, b.taxCents]).toEqual([9999, 1000, 5, 1]);
    expect(computeTotals([a, b], 'Exclusive')).toEqual({
      subTotalCents: 10004,
      totalTaxCents: 1001,
      totalCents: 11005,
      totalDiscountCents: 0,
    });
  });

  it('negative lines round away from zero', () => {
    expect(computeLine({ Quantity: 1, UnitAmount: -0.05 }, 10, 'Exclusive', 2).taxCents).toBe(-1);
  });
});

let sim: XeroSim;
let call: Call;
beforeAll(async () => {
  sim = await startXeroSim();
  call = client(sim);
});
afterAll(async () => {
  await sim.close();
});

async function create(inv: Record<string, unknown>, unitdp?: 4) {
  const r = await call('PUT', '/Invoices', {
    body: {
      Invoices: [
        { Type: 'ACCREC', Contact: { Name: 'Rounding Test' }, Date: '2026-11-20', Status: 'DRAFT', ...inv },
      ],
    },
    query: { summarizeErrors: 'false', ...(unitdp ? { unitdp: '4' } : {}) },
  });
  expect(r.status).toBe(200);
  expect(r.json.Invoices[0].ValidationErrors).toEqual([]);
  return r.json.Invoices[0];
}

describe('invoice totals over HTTP, as Xero computes them', () => {
  it('Exclusive, 10% GST: SubTotal 100.04, TotalTax 10.01, Total 110.05', async () => {
    const inv = await create({
      LineAmountTypes: 'Exclusive',
      LineItems: [
        {
          Description: 'Massage 30 min',
          Quantity: 3,
          UnitAmount: 33.33,
          AccountCode: '200',
          TaxType: 'OUTPUT',
        },
        { Description: 'Tape', Quantity: 1, UnitAmount: 0.05, AccountCode: '211', TaxType: 'OUTPUT' },
      ],
    });
    expect(
      inv.LineItems.map((l: { LineAmount: number; TaxAmount: number }) => [l.LineAmount, l.TaxAmount]),
    ).toEqual([
      [99.99, 10.0],
      [0.05, 0.01],
    ]);
    expect([inv.SubTotal, inv.TotalTax, inv.Total, inv.AmountDue]).toEqual([100.04, 10.01, 110.05, 110.05]);
  });

  it('Inclusive, 10% GST: tax = amount × 10/110 per line; Total 130.53, TotalTax 11.87, SubTotal 118.66', async () => {
    // 110.00 → 10.00;  2 × 9.99 = 19.98 → 1.8164 → 1.82;  0.55 → 0.05
    const inv = await create({
      LineAmountTypes: 'Inclusive',
      LineItems: [
        { Description: 'Foam roller', Quantity: 1, UnitAmount: 110, AccountCode: '211', TaxType: 'OUTPUT' },
        { Description: 'Theraband', Quantity: 2, UnitAmount: 9.99, AccountCode: '211', TaxType: 'OUTPUT' },
        { Description: 'Sticker', Quantity: 1, UnitAmount: 0.55, AccountCode: '211', TaxType: 'OUTPUT' },
      ],
    });
    expect(inv.LineItems.map((l: { TaxAmount: number }) => l.TaxAmount)).toEqual([10, 1.82, 0.05]);
    expect([inv.Total, inv.TotalTax, inv.SubTotal]).toEqual([130.53, 11.87, 118.66]);
  });

  it('Exclusive with DiscountRate: 2×85 less 15% = 144.50; 3×19.99 less 12.5% = 52.47375 → 52.47', async () => {
    // GST 14.45 and 5.247 → 5.25; SubTotal 196.97, TotalTax 19.70, Total 216.67; discount 25.50 + 7.50
    const inv = await create({
      LineAmountTypes: 'Exclusive',
      LineItems: [
        {
          Description: 'Pack of 5',
          Quantity: 2,
          UnitAmount: 85,
          DiscountRate: 15,
          AccountCode: '200',
          TaxType: 'OUTPUT',
        },
        {
          Description: 'Gel',
          Quantity: 3,
          UnitAmount: 19.99,
          DiscountRate: 12.5,
          AccountCode: '211',
          TaxType: 'OUTPUT',
        },
      ],
    });
    expect(
      inv.LineItems.map((l: { LineAmount: number; TaxAmount: number }) => [l.LineAmount, l.TaxAmount]),
    ).toEqual([
      [144.5, 14.45],
      [52.47, 5.25],
    ]);
    expect([inv.SubTotal, inv.TotalTax, inv.Total, inv.TotalDiscount]).toEqual([196.97, 19.7, 216.67, 33]);
    expect(inv.IsDiscounted).toBe(true);
  });

  it('Inclusive with DiscountAmount: 120 − 10 = 110 (tax 10.00); 4×12.35 − 4.40 = 45 (tax 4.09)', async () => {
    const inv = await create({
      LineAmountTypes: 'Inclusive',
      LineItems: [
        {
          Description: 'Session',
          Quantity: 1,
          UnitAmount: 120,
          DiscountAmount: 10,
          AccountCode: '200',
          TaxType: 'OUTPUT',
        },
        {
          Description: 'Balls',
          Quantity: 4,
          UnitAmount: 12.35,
          DiscountAmount: 4.4,
          AccountCode: '211',
          TaxType: 'OUTPUT',
        },
      ],
    });
    expect(
      inv.LineItems.map((l: { LineAmount: number; TaxAmount: number }) => [l.LineAmount, l.TaxAmount]),
    ).toEqual([
      [110, 10],
      [45, 4.09],
    ]);
    expect([inv.Total, inv.TotalTax, inv.SubTotal]).toEqual([155, 14.09, 140.91]);
  });

  it('unitdp=4 keeps 4-dp unit prices: 3 × 10.3333 = 31.00; without it the price is 10.33 and the line 30.99', async () => {
    const line = {
      Description: 'Per-minute',
      Quantity: 3,
      UnitAmount: 10.3333,
      AccountCode: '200',
      TaxType: 'OUTPUT',
    };
    const four = await create({ LineItems: [line] }, 4);
    expect(four.LineItems[0]).toMatchObject({ UnitAmount: 10.3333, LineAmount: 31, TaxAmount: 3.1 });
    expect(four.Total).toBe(34.1);
    const two = await create({ LineItems: [line] });
    expect(two.LineItems[0]).toMatchObject({ UnitAmount: 10.33, LineAmount: 30.99, TaxAmount: 3.1 });
    expect(two.Total).toBe(34.09);
    // GET without unitdp rounds the stored 4-dp price to 2 dp; with unitdp=4 it is returned as stored.
    const g2 = await call('GET', `/Invoices/${four.InvoiceID}`);
    expect(g2.json.Invoices[0].LineItems[0].UnitAmount).toBe(10.33);
    const g4 = await call('GET', `/Invoices/${four.InvoiceID}`, { query: { unitdp: '4' } });
    expect(g4.json.Invoices[0].LineItems[0].UnitAmount).toBe(10.3333);
  });

  it('NoTax ignores the rate; an explicit TaxAmount overrides the computed tax; GST-free is 0', async () => {
    const noTax = await create({
      LineAmountTypes: 'NoTax',
      LineItems: [{ Description: 'x', Quantity: 2, UnitAmount: 50, AccountCode: '200', TaxType: 'OUTPUT' }],
    });
    expect([noTax.TotalTax, noTax.Total]).toEqual([0, 100]);
    const override = await create({
      LineItems: [
        {
          Description: 'x',
          Quantity: 1,
          UnitAmount: 100,
          AccountCode: '200',
          TaxType: 'OUTPUT',
          TaxAmount: 9.99,
        },
      ],
    });
    expect([override.TotalTax, override.Total]).toEqual([9.99, 109.99]);
    const free = await create({
      LineItems: [{ Description: 'Consult', Quantity: 1, UnitAmount: 85, AccountCode: '201' }],
    });
    expect(free.LineItems[0].TaxType).toBe('EXEMPTOUTPUT'); // the account's default tax type
    expect([free.TotalTax, free.Total]).toEqual([0, 85]);
  });
});
