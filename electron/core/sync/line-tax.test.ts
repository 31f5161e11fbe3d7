import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../money.js';
import { lineTaxShares } from './line-tax.js';

const l = (totalInclCents: number, rate: string, netPrice: string | null = null) => ({
  totalInclCents,
  ratePercent: parseDecimal(rate),
  netPrice: netPrice === null ? null : parseDecimal(netPrice),
});

describe('lineTaxShares', () => {
  it('uses total − net_price (3-place net from the legacy docs)', () => {
    expect(lineTaxShares([l(9000, '10', '81.818')], 818)).toEqual({ ok: true, taxCents: [818] });
  });
  it('falls back to total × rate / (100 + rate)', () => {
    expect(lineTaxShares([l(11000, '10'), l(5000, '0')], 1000)).toEqual({ ok: true, taxCents: [1000, 0] });
  });
  it('moves single cents to the lines nearest to rounding the other way so the sum is exact', () => {
    // 0.15, 0.15, 0.16 incl. 15%: exact 1.957, 1.957, 2.087 cents → 2 + 2 + 2 = 6; Cliniko says 5: the first
    // line furthest below its rounded value gives up a cent.
    const r = lineTaxShares([l(15, '15'), l(15, '15'), l(16, '15')], 5);
    expect(r).toEqual({ ok: true, taxCents: [1, 2, 2] });
    // 1.05, 1.05, 1.06 incl. 10%: exact 9.545, 9.545, 9.636 → 30; Cliniko says 29 → the first 9.545 line.
    expect(lineTaxShares([l(105, '10'), l(105, '10'), l(106, '10')], 29)).toEqual({
      ok: true,
      taxCents: [9, 10, 10],
    });
    // Upwards: 1.04 incl. 10% = 9.4545 → 9 each (27); Cliniko says 28 → one line goes up.
    expect(lineTaxShares([l(104, '10'), l(104, '10'), l(104, '10')], 28)).toEqual({
      ok: true,
      taxCents: [10, 9, 9],
    });
  });
  it('never puts tax on a 0% line, and refuses a gap it cannot close by one cent per line', () => {
    expect(lineTaxShares([l(1000, '0', '9.00')], 0)).toEqual({ ok: true, taxCents: [0] });
    expect(lineTaxShares([l(1000, '0')], 1)).toEqual({ ok: false, itemsTaxCents: 0 });
    expect(lineTaxShares([l(11000, '10')], 1003)).toEqual({ ok: false, itemsTaxCents: 1000 });
  });
});
