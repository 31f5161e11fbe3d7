/**
 * How one Cliniko line is written as a Xero line so that Xero's LineAmount is *exactly* the ex-tax net we
 * want, whatever rounding mode Xero uses. We only accept a form whose rounded LineAmount is the same under
 * half-up and half-even (no exact half-cent before rounding), trying the most faithful form first:
 *   1. 'as-is':           Quantity × UnitAmount, no discount
 *   2. 'discount-rate':   Cliniko's percentage as DiscountRate (only when Quantity × UnitAmount is whole cents,
 *                         so it does not matter whether Xero rounds before or after applying the rate)
 *   3. 'discount-amount': DiscountAmount = round2(Quantity × UnitAmount) − net (between 0 and the gross)
 *   4. 'single-unit':     Quantity 1 × net, with the real quantity and price in the description, as Xero's
 *                         rounding guide suggests for prices it cannot represent (more than 4 places).
 */
import {
  decimalFromCents,
  decimalToNumber,
  decimalToString,
  fitsScale,
  isZero,
  roundToScale,
  type Decimal,
} from '../money.js';
import { rawLineAmount, ROUNDING_MODES } from './xero-totals.js';

export type LineForm = 'as-is' | 'discount-rate' | 'discount-amount' | 'single-unit';

export type ClinikoDiscount = { kind: 'none' } | { kind: 'percent'; percent: Decimal } | { kind: 'amount' };

export interface LineFormResult {
  form: LineForm;
  Quantity: number;
  UnitAmount: number;
  DiscountRate?: number;
  DiscountAmount?: number;
  /** Text to append to the description ("" unless the form hides the real quantity and price). */
  descriptionSuffix: string;
}

/** Cents after rounding if every rounding mode agrees, else null. */
export function unambiguousCents(raw: Decimal): bigint | null {
  const [first, ...rest] = ROUNDING_MODES.map((m) => roundToScale(raw, 2, m));
  return first !== undefined && rest.every((r) => r === first) ? first : null;
}

export function chooseLineForm(
  quantity: Decimal,
  unitPrice: Decimal,
  discount: ClinikoDiscount,
  netCents: number,
): LineFormResult {
  const target = BigInt(netCents);
  if (fitsScale(quantity, 4) && fitsScale(unitPrice, 4)) {
    const Quantity = decimalToNumber(quantity);
    const UnitAmount = decimalToNumber(unitPrice);
    const raw = rawLineAmount(quantity, unitPrice);
    const gross = unambiguousCents(raw);
    if (gross === target) return { form: 'as-is', Quantity, UnitAmount, descriptionSuffix: '' };

    if (discount.kind === 'percent' && fitsScale(raw, 2) && fitsScale(discount.percent, 2)) {
      const discounted = unambiguousCents(rawLineAmount(quantity, unitPrice, discount.percent));
      if (discounted === target) {
        return {
          form: 'discount-rate',
          Quantity,
          UnitAmount,
          DiscountRate: decimalToNumber(discount.percent),
          descriptionSuffix: '',
        };
      }
    }

    if (gross !== null && gross > 0n && target >= 0n && target < gross) {
      // Check the final amount, not just the gross: a half cent stays a half cent after subtracting whole
      // cents, and half-even would then round it the other way.
      const discountAmount = { units: gross - target, scale: 2 };
      if (unambiguousCents(rawLineAmount(quantity, unitPrice, undefined, discountAmount)) === target) {
        return {
          form: 'discount-amount',
          Quantity,
          UnitAmount,
          DiscountAmount: decimalToNumber(discountAmount),
          descriptionSuffix: '',
        };
      }
    }
  }
  const discountText =
    discount.kind === 'none'
      ? ''
      : discount.kind === 'percent'
        ? `, less ${decimalToString(discount.percent)}%`
        : ', less discount';
  const unitText = decimalToString(unitPrice);
  return {
    form: 'single-unit',
    Quantity: 1,
    UnitAmount: decimalToNumber(decimalFromCents(netCents)),
    descriptionSuffix: isZero(quantity) ? '' : ` (${decimalToString(quantity)} × ${unitText}${discountText})`,
  };
}
