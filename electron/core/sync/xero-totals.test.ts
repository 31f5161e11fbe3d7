import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../money.js';
import { lineAmountCents, lineTaxCents, XeroModelError, xeroInvoiceTotals } from './xero-totals.js';
import type { XeroLineItemPayload } from './xero-types.js';

const line = (l: Partial<XeroLineItemPayload>): XeroLineItemPayload => ({
  Description: 'x',
  Quantity: 1,
  UnitAmount: 0,
  AccountCode: '200',
  TaxType: 'OUTPUT2',
  ...l,
});
const fifteen = () => parseDecimal(15);

describe('xeroInvoiceTotals', () => {
  it("reproduces the example in Xero's rounding guide (tax per line, then summed)", () => {
    const t = xeroInvoiceTotals(
      { LineAmountTypes: 'Exclusive', LineItems: [25.06, 25.61, 25.63].map((u) => line({ UnitAmount: u })) },
      fifteen,
      'half-up',
    );
    expect(t.lines.map((l) => l.taxCents)).toEqual([376, 384, 384]);
    expect(t).toMatchObject({ subTotalCents: 7630, totalTaxCents: 1144, totalCents: 8774 });
  });

  it('Inclusive: tax is extracted from the line amount; NoTax has none', () => {
    const inc = xeroInvoiceTotals(
      { LineAmountTypes: 'Inclusive', LineItems: [line({ UnitAmount: 110, TaxType: 'OUTPUT' })] },
      () => parseDecimal(10),
      'half-up',
    );
    expect(inc).toMatchObject({ subTotalCents: 10000, totalTaxCents: 1000, totalCents: 11000 });
    const none = xeroInvoiceTotals(
      { LineAmountTypes: 'NoTax', LineItems: [line({ UnitAmount: 110 })] },
      fifteen,
      'half-up',
    );
    expect(none).toMatchObject({ totalTaxCents: 0, totalCents: 11000 });
  });

  it('an explicit TaxAmount overrides the computed tax', () => {
    const t = xeroInvoiceTotals(
      { LineAmountTypes: 'Exclusive', LineItems: [line({ UnitAmount: 25.06, TaxAmount: 3.75 })] },
      fifteen,
      'half-up',
    );
    expect(t.totalTaxCents).toBe(375);
  });
});

describe('lineAmountCents', () => {
  it('applies DiscountRate and DiscountAmount', () => {
    expect(lineAmountCents(line({ Quantity: 2, UnitAmount: 100, DiscountRate: 12.5 }), 'half-up')).toBe(
      17500,
    );
    expect(lineAmountCents(line({ Quantity: 3, UnitAmount: 10.5, DiscountAmount: 1.25 }), 'half-up')).toBe(
      3025,
    );
  });
  it('rounds 4-place unit amounts and fractional quantities to the cent, by mode at an exact half', () => {
    expect(lineAmountCents(line({ Quantity: 1000, UnitAmount: 0.0612 }), 'half-up')).toBe(6120);
    expect(lineAmountCents(line({ Quantity: 1.5, UnitAmount: 33.33 }), 'half-up')).toBe(5000); // 49.995
    expect(lineAmountCents(line({ Quantity: 1.5, UnitAmount: 33.33 }), 'half-even')).toBe(5000);
    expect(lineAmountCents(line({ Quantity: 0.5, UnitAmount: 0.05 }), 'half-up')).toBe(3); // 0.025
    expect(lineAmountCents(line({ Quantity: 0.5, UnitAmount: 0.05 }), 'half-even')).toBe(2);
  });
  it('refuses what Xero cannot take', () => {
    expect(() => lineAmountCents(line({ UnitAmount: 0.06117 }), 'half-up')).toThrow(XeroModelError);
    expect(() => lineAmountCents(line({ UnitAmount: 1, DiscountAmount: 0.001 }), 'half-up')).toThrow(
      XeroModelError,
    );
    expect(() =>
      lineAmountCents(line({ UnitAmount: 1, DiscountAmount: 0.1, DiscountRate: 5 }), 'half-up'),
    ).toThrow(/both/);
  });
});

describe('lineTaxCents', () => {
  it('Exclusive and Inclusive, with the mode mattering only at an exact half cent', () => {
    expect(lineTaxCents(8182, parseDecimal(10), 'Exclusive', 'half-up')).toBe(818);
    expect(lineTaxCents(9000, parseDecimal(10), 'Inclusive', 'half-up')).toBe(818);
    expect(lineTaxCents(25, parseDecimal(10), 'Exclusive', 'half-up')).toBe(3); // 2.5 cents
    expect(lineTaxCents(25, parseDecimal(10), 'Exclusive', 'half-even')).toBe(2);
    expect(lineTaxCents(1000, parseDecimal('12.5'), 'Exclusive', 'half-up')).toBe(125);
  });
});
