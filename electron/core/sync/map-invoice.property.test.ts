/**
 * The promise to the bookkeeper: for every Cliniko invoice, Xero's Total equals Cliniko's total_amount
 * and Xero's TotalTax equals Cliniko's tax_amount, to the cent — under either rounding mode Xero might use.
 * Cliniko invoices are generated with Cliniko's per-item arithmetic (test/support/sync-fixtures.ts) and go through the
 * real edge parser; Xero's side is the model in xero-totals.ts, computed here independently of the
 * mapper's own self-check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInvoice, parseInvoiceItem } from '../cliniko/parse.js';
import { decimalToString, divRound, parseDecimal, roundToScale } from '../money.js';
import { mapInvoice, type InvoiceCatalog } from './map-invoice.js';
import { xeroRate } from './resolve-tax.js';
import {
  clinikoLine,
  rawInvoice,
  rawItem,
  readySettings,
  XERO_ACCOUNTS,
  XERO_TAX_RATES,
  type GenLine,
} from '../../../test/support/sync-fixtures.js';
import { lineAmountCents, lineTaxCents, ROUNDING_MODES, xeroInvoiceTotals } from './xero-totals.js';
import { computeLine, computeTotals } from '../../../test/simulators/xero/calc.js';
import { computeLine as seedLine, moneyToCents, rateToBp } from '../../../test/simulators/seed/money.js';

const ITEM_BY_RATE: Record<string, { billable: string; product: string }> = {
  '0': { billable: '13', product: '23' },
  '10': { billable: '11', product: '21' },
  '15': { billable: '12', product: '22' },
};
const TAX_BY_RATE: Record<string, string | null> = { '0': null, '10': '1', '15': '2' };

const catalog: InvoiceCatalog = {
  billableItems: Object.fromEntries(
    Object.entries(ITEM_BY_RATE).map(([r, v]) => [
      v.billable,
      { name: `Service ${r}%`, taxId: TAX_BY_RATE[r] ?? null },
    ]),
  ),
  products: Object.fromEntries(
    Object.entries(ITEM_BY_RATE).map(([r, v]) => [
      v.product,
      { name: `Product ${r}%`, taxId: TAX_BY_RATE[r] ?? null },
    ]),
  ),
  practitioners: { '26': { displayName: 'Ann Lee' } },
  // Tax 2 (15%) is deliberately unmapped: it resolves by auto-match to OUTPUT2.
  taxes: { '1': { name: 'GST', rate: '10' }, '2': { name: 'GST15', rate: '15' } },
};

const scaled = (units: number, scale: number): string => decimalToString({ units: BigInt(units), scale });

const quantityArb = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 12 }).map(String) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 2000 }).map((n) => scaled(n, 2)) }, // 0.01 … 20.00
  { weight: 1, arbitrary: fc.constantFrom('0.25', '0.5', '1.5', '2.75', '0.3333', '1.125') },
);

const unitPriceArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 500_000 }).map((c) => scaled(c, 2)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2_000_000 }).map((c) => scaled(c, 4)) }, // 4-dp prices
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 9_999_999 }).map((c) => scaled(c, 6)) }, // beyond Xero's 4 dp
);

const lineArb: fc.Arbitrary<GenLine> = fc
  .record({
    quantity: quantityArb,
    unitPrice: unitPriceArb,
    rate: fc.constantFrom('0', '10', '15'),
    discountKind: fc.constantFrom('none', 'none', 'percent', 'amount'),
    percent: fc.oneof(
      fc.integer({ min: 1, max: 100 }).map(String),
      fc.integer({ min: 1, max: 9999 }).map((n) => scaled(n, 2)),
    ),
    amountShare: fc.double({ min: 0, max: 1, noNaN: true }),
    netPrice3dp: fc.boolean(),
    kind: fc.constantFrom('billable-item' as const, 'product' as const),
  })
  .map((r) => {
    const base = {
      quantity: r.quantity,
      unitPrice: r.unitPrice,
      rate: r.rate,
      netPrice3dp: r.netPrice3dp,
      kind: r.kind,
    };
    const ids = ITEM_BY_RATE[r.rate]!;
    const itemId = r.kind === 'product' ? ids.product : ids.billable;
    if (r.discountKind === 'percent')
      return { ...base, itemId, discount: { kind: 'percent' as const, percent: r.percent } };
    if (r.discountKind === 'amount') {
      // A monetary discount of up to the whole tax-inclusive line.
      const gross = clinikoLine({ ...base, itemId, discount: { kind: 'none' } }).totalInclCents;
      return {
        ...base,
        itemId,
        discount: { kind: 'amount' as const, cents: Math.floor(gross * r.amountShare) },
      };
    }
    return { ...base, itemId, discount: { kind: 'none' as const } };
  });

const rateOf = (taxType: string) => xeroRate(XERO_TAX_RATES.find((t) => t.TaxType === taxType)!);

describe('mapInvoice → Xero totals (property)', () => {
  it('Xero Total and TotalTax equal Cliniko total_amount and tax_amount, in cents, under half-up and half-even', () => {
    const forms = new Map<string, number>();
    let pinned = 0;
    let lineCount = 0;
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 8 }), (genLines) => {
        const amounts = genLines.map(clinikoLine);
        const total = amounts.reduce((s, a) => s + a.totalInclCents, 0);
        const tax = amounts.reduce((s, a) => s + a.taxCents, 0);
        const invoice = parseInvoice(rawInvoice('108', total, tax));
        const items = genLines.map((l, i) =>
          parseInvoiceItem(rawItem(l, amounts[i]!, String(1000 + i), '108')),
        );

        const r = mapInvoice({
          invoice,
          items,
          settings: readySettings(),
          catalog,
          xero: { contactId: 'c-1', accounts: XERO_ACCOUNTS, taxRates: XERO_TAX_RATES },
        });
        if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));

        for (const mode of ROUNDING_MODES) {
          const xero = xeroInvoiceTotals(r.payload, rateOf, mode);
          expect(xero.totalCents).toBe(total);
          expect(xero.totalTaxCents).toBe(tax);
          expect(xero.subTotalCents).toBe(total - tax);
        }
        r.payload.LineItems.forEach((line, i) => {
          // Every amount is representable as Xero takes it (unitdp=4, money at 2 dp).
          expect(parseDecimal(line.UnitAmount).scale).toBeLessThanOrEqual(4);
          expect(parseDecimal(line.Quantity).scale).toBeLessThanOrEqual(4);
          if (line.DiscountAmount !== undefined) expect(line.DiscountAmount).toBeGreaterThan(0);
          // A pinned tax is a small correction of Xero's own figure, never a different tax.
          if (line.TaxAmount !== undefined) {
            const own = lineTaxCents(
              lineAmountCents(line, 'half-up'),
              rateOf(line.TaxType),
              'Exclusive',
              'half-up',
            );
            expect(Math.abs(Math.round(line.TaxAmount * 100) - own)).toBeLessThanOrEqual(2);
          }
          const m = r.lines[i]!;
          forms.set(m.form, (forms.get(m.form) ?? 0) + 1);
          if (m.taxPinned) pinned += 1;
          lineCount += 1;
        });
      }),
      { numRuns: 2000 },
    );
    // The generator really exercises every way of writing a line (otherwise this test proves less).
    expect([...forms.keys()].sort()).toEqual(['as-is', 'discount-amount', 'discount-rate', 'single-unit']);
    expect(pinned).toBeGreaterThan(0);
    expect(pinned).toBeLessThan(lineCount);
  });

  it('also holds when Cliniko rounds the invoice tax from the unrounded item taxes', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 8 }), (genLines) => {
        const all3dp = genLines.map((l) => ({ ...l, netPrice3dp: true }));
        const amounts = all3dp.map(clinikoLine);
        const total = amounts.reduce((s, a) => s + a.totalInclCents, 0);
        // Σ (total_incl − net_price) over 3-place net prices, rounded once.
        const exactMilli = amounts.reduce(
          (s, a) => s + BigInt(a.totalInclCents) * 10n - roundToScale(parseDecimal(a.netPrice), 3, 'half-up'),
          0n,
        );
        const tax = Number(divRound(exactMilli, 10n, 'half-up'));
        const invoice = parseInvoice(rawInvoice('109', total, tax));
        const items = all3dp.map((l, i) =>
          parseInvoiceItem(rawItem(l, amounts[i]!, String(2000 + i), '109')),
        );
        const r = mapInvoice({
          invoice,
          items,
          settings: readySettings(),
          catalog,
          xero: { contactId: 'c-1', accounts: XERO_ACCOUNTS, taxRates: XERO_TAX_RATES },
        });
        if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
        for (const mode of ROUNDING_MODES) {
          const xero = xeroInvoiceTotals(r.payload, rateOf, mode);
          expect([xero.totalCents, xero.totalTaxCents]).toEqual([total, tax]);
        }
      }),
      { numRuns: 500 },
    );
  });
  it('the Xero simulator used by the integration tests computes the same totals for every payload', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 8 }), (genLines) => {
        const amounts = genLines.map(clinikoLine);
        const total = amounts.reduce((s, a) => s + a.totalInclCents, 0);
        const tax = amounts.reduce((s, a) => s + a.taxCents, 0);
        const invoice = parseInvoice(rawInvoice('110', total, tax));
        const items = genLines.map((l, i) =>
          parseInvoiceItem(rawItem(l, amounts[i]!, String(3000 + i), '110')),
        );
        const r = mapInvoice({
          invoice,
          items,
          settings: readySettings(),
          catalog,
          xero: { contactId: 'c-1', accounts: XERO_ACCOUNTS, taxRates: XERO_TAX_RATES },
        });
        if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
        const lines = r.payload.LineItems.map((l) =>
          computeLine(l, Number(decimalToString(rateOf(l.TaxType))), 'Exclusive', 4),
        );
        const sim = computeTotals(lines, 'Exclusive');
        expect([sim.totalCents, sim.totalTaxCents]).toEqual([total, tax]);
      }),
      { numRuns: 500 },
    );
  });
  it("the generator's Cliniko arithmetic is the seed's, where the seed applies (whole quantities, 2-place prices)", () => {
    fc.assert(
      fc.property(lineArb, (l) => {
        fc.pre(/^\d+$/.test(l.quantity) && parseDecimal(l.unitPrice).scale <= 2);
        const mine = clinikoLine({ ...l, netPrice3dp: false });
        const discount =
          l.discount.kind === 'percent'
            ? { kind: 'percent' as const, bp: rateToBp(l.discount.percent) }
            : l.discount.kind === 'amount'
              ? { kind: 'money' as const, cents: l.discount.cents }
              : { kind: 'none' as const };
        const seed = seedLine({
          quantity: Number(l.quantity),
          unitPriceCents: moneyToCents(l.unitPrice),
          taxRateBp: rateToBp(l.rate),
          discount,
        });
        expect([mine.totalInclCents, mine.taxCents, moneyToCents(mine.netPrice)]).toEqual([
          seed.totalInclCents,
          seed.taxCents,
          seed.netCents,
        ]);
      }),
      { numRuns: 1000 },
    );
  });
});
