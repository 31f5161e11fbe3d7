/**
 * A model of how Xero turns line items into totals (xero-api.md §4 "Rounding", Xero's "Rounding in Xero"
 * guide, and the OpenAPI LineItem.LineAmount text):
 *   LineAmount = round2(Quantity × UnitAmount)                       no discount
 *              = round2(Quantity × UnitAmount × (100 − DiscountRate) / 100)
 *              = round2(Quantity × UnitAmount − DiscountAmount)
 *   line tax   = TaxAmount if sent, else per line, rounded to 2 dp:
 *                Exclusive round2(LineAmount × rate);  Inclusive round2(LineAmount × rate / (1 + rate));  NoTax 0
 *   SubTotal = Σ LineAmount (Exclusive, NoTax) or Σ (LineAmount − tax) (Inclusive); TotalTax = Σ tax;
 *   Total = SubTotal + TotalTax.
 * UnitAmount may carry 4 places (we always send `unitdp=4`); everything else is 2 places.
 *
 * Xero does not document its rounding *mode*, so the model takes it as a parameter and the mapper only
 * relies on results that are the same under half-up and half-even (see map-invoice.ts).
 */
import {
  decimalFromCents,
  fitsScale,
  mulDecimal,
  parseDecimal,
  roundToScale,
  subDecimal,
  divRound,
  type Decimal,
  type RoundingMode,
} from '../money.js';
import type { LineAmountTypes, XeroLineItemPayload } from './xero-types.js';

export const ROUNDING_MODES: readonly RoundingMode[] = ['half-up', 'half-even'];

export interface XeroLineTotals {
  lineAmountCents: number;
  taxCents: number;
}

export interface XeroTotals {
  lines: XeroLineTotals[];
  subTotalCents: number;
  totalTaxCents: number;
  totalCents: number;
}

export class XeroModelError extends Error {
  override readonly name = 'XeroModelError';
}

function exact(value: number, places: number, field: string): Decimal {
  const d = parseDecimal(value);
  if (!fitsScale(d, places))
    throw new XeroModelError(`${field} ${value} has more than ${places} decimal places`);
  return d;
}

const HUNDRED: Decimal = { units: 100n, scale: 0 };

/** Quantity × UnitAmount × (100 − rate)/100, exact, before rounding. */
export function rawLineAmount(
  quantity: Decimal,
  unit: Decimal,
  discountRate?: Decimal,
  discountAmount?: Decimal,
): Decimal {
  const base = mulDecimal(quantity, unit);
  if (discountRate) {
    const factor = subDecimal(HUNDRED, discountRate);
    const scaled = mulDecimal(base, factor);
    return { units: scaled.units, scale: scaled.scale + 2 }; // ÷ 100
  }
  if (discountAmount) return subDecimal(base, discountAmount);
  return base;
}

export function lineAmountCents(line: XeroLineItemPayload, mode: RoundingMode): number {
  if (line.DiscountRate !== undefined && line.DiscountAmount !== undefined) {
    throw new XeroModelError('a line cannot have both DiscountRate and DiscountAmount');
  }
  const raw = rawLineAmount(
    exact(line.Quantity, 4, 'Quantity'),
    exact(line.UnitAmount, 4, 'UnitAmount'),
    line.DiscountRate !== undefined ? exact(line.DiscountRate, 4, 'DiscountRate') : undefined,
    line.DiscountAmount !== undefined ? exact(line.DiscountAmount, 2, 'DiscountAmount') : undefined,
  );
  return Number(roundToScale(raw, 2, mode));
}

/** Xero's own tax for a line amount at `ratePercent`. */
export function lineTaxCents(
  lineCents: number,
  ratePercent: Decimal,
  types: LineAmountTypes,
  mode: RoundingMode,
): number {
  if (types === 'NoTax') return 0;
  const amount = decimalFromCents(lineCents);
  if (types === 'Exclusive') {
    const t = mulDecimal(amount, ratePercent);
    return Number(roundToScale({ units: t.units, scale: t.scale + 2 }, 2, mode));
  }
  // Inclusive: L × r / (100 + r), all in the rate's scale.
  const scale = 10n ** BigInt(ratePercent.scale);
  return Number(divRound(BigInt(lineCents) * ratePercent.units, 100n * scale + ratePercent.units, mode));
}

export function xeroInvoiceTotals(
  invoice: { LineAmountTypes: LineAmountTypes; LineItems: readonly XeroLineItemPayload[] },
  rateOf: (taxType: string) => Decimal,
  mode: RoundingMode,
): XeroTotals {
  const types = invoice.LineAmountTypes;
  const lines = invoice.LineItems.map((line): XeroLineTotals => {
    const la = lineAmountCents(line, mode);
    const tax =
      line.TaxAmount !== undefined
        ? Number(roundToScale(exact(line.TaxAmount, 2, 'TaxAmount'), 2, mode)) // exact: no rounding happens
        : lineTaxCents(la, rateOf(line.TaxType), types, mode);
    return { lineAmountCents: la, taxCents: types === 'NoTax' ? 0 : tax };
  });
  const sumLines = lines.reduce((s, l) => s + l.lineAmountCents, 0);
  const totalTaxCents = lines.reduce((s, l) => s + l.taxCents, 0);
  const subTotalCents = types === 'Inclusive' ? sumLines - totalTaxCents : sumLines;
  return { lines, subTotalCents, totalTaxCents, totalCents: subTotalCents + totalTaxCents };
}
