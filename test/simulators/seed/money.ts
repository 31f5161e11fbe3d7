/**
 * Integer-cent arithmetic for Cliniko invoice lines, as the simulator and the seed compute them.
 *
 * How a line is computed (cliniko-api.md §4 "Invoice items", worked from the doc example):
 *   1. gross_ex    = unit_price × quantity                                  (cents, exact)
 *   2. gross_incl  = gross_ex + round_half_up(gross_ex × rate)              (tax on the undiscounted line)
 *   3. discount    = monetary: the amount as given (tax-inclusive);
 *                    percentage: round_half_up(gross_incl × pct)           (applied tax-inclusive)
 *   4. total_incl  = gross_incl − discount                                  → `total_including_tax`
 *   5. line tax    = round_half_up(total_incl × rate / (1 + rate))          (rounded ONCE, per item, half-up
 *                                                                             to the cent, away from zero)
 *   6. net         = total_incl − line tax                                  → `net_price`
 * Invoice: total_amount = Σ total_incl, tax_amount = Σ line tax, net_amount = Σ net,
 *          discounted_amount = Σ discount (archived items excluded).
 *
 * Rates are handled in hundredths of a percent (10% → 1000) so every step is an integer division.
 */

/** round(num / den) half away from zero; den > 0. */
export function divRoundHalfUp(num: number, den: number): number {
  if (den <= 0) throw new Error('den must be > 0');
  const sign = num < 0 ? -1 : 1;
  const a = Math.abs(num);
  return sign * Math.floor((2 * a + den) / (2 * den));
}

/** "110.00" from 11000; "-5.00" from -500. */
export function centsToMoney(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const a = Math.abs(cents);
  const whole = Math.floor(a / 100);
  const frac = a % 100;
  return `${sign}${whole}.${frac < 10 ? '0' : ''}${frac}`;
}

/** Parses Cliniko money ("50.0", "110.00", 110, "81.818") into cents, rounding half-up beyond two places. */
export function moneyToCents(value: string | number): number {
  const s = typeof value === 'number' ? String(value) : value.trim();
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) throw new Error(`not a money value: ${s}`);
  const neg = m[1] === '-';
  const whole = Number(m[2]);
  const fracDigits = (m[3] ?? '').padEnd(3, '0');
  let cents = whole * 100 + Number(fracDigits.slice(0, 2));
  if (Number(fracDigits[2]) >= 5) cents += 1;
  return neg ? -cents : cents;
}

/** "10.0" → 1000 (hundredths of a percent). */
export function rateToBp(rate: string | number): number {
  const s = typeof rate === 'number' ? String(rate) : rate.trim();
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) throw new Error(`not a rate: ${s}`);
  const frac = (m[2] ?? '').padEnd(2, '0');
  return Number(m[1]) * 100 + Number(frac.slice(0, 2));
}

/** 1000 → "10.0", 1250 → "12.5", 1825 → "18.25" (Ruby BigDecimal style: at least one decimal). */
export function bpToRate(bp: number): string {
  const whole = Math.floor(bp / 100);
  const frac = bp % 100;
  if (frac === 0) return `${whole}.0`;
  return frac % 10 === 0 ? `${whole}.${frac / 10}` : `${whole}.${frac < 10 ? '0' : ''}${frac}`;
}

export type LineDiscount =
  | { kind: 'none' }
  /** Hundredths of a percent: 1000 = 10%. */
  | { kind: 'percent'; bp: number }
  /** Tax-inclusive amount in cents. */
  | { kind: 'money'; cents: number };

export interface LineInput {
  quantity: number;
  unitPriceCents: number;
  /** Hundredths of a percent: 1000 = 10%. */
  taxRateBp: number;
  discount: LineDiscount;
}

export interface LineAmounts {
  grossExCents: number;
  grossInclCents: number;
  discountCents: number;
  totalInclCents: number;
  taxCents: number;
  netCents: number;
  /** Cliniko's `discount_percentage` string. */
  discountPercentage: string;
}

export function computeLine(input: LineInput): LineAmounts {
  const { quantity, unitPriceCents, taxRateBp, discount } = input;
  if (!Number.isInteger(quantity)) throw new Error('quantity must be an integer');
  const grossExCents = unitPriceCents * quantity;
  const grossInclCents = grossExCents + divRoundHalfUp(grossExCents * taxRateBp, 10_000);
  let discountCents = 0;
  let discountPercentage = '0.0';
  if (discount.kind === 'percent') {
    discountCents = divRoundHalfUp(grossInclCents * discount.bp, 10_000);
    discountPercentage = bpToRate(discount.bp);
  } else if (discount.kind === 'money') {
    discountCents = discount.cents;
    // Cliniko shows the monetary discount as a percentage of the tax-inclusive line, 4 places ("18.1818").
    discountPercentage =
      grossInclCents === 0 ? '0.0' : formatFixed4(divRoundHalfUp(discountCents * 1_000_000, grossInclCents));
  }
  const totalInclCents = grossInclCents - discountCents;
  const taxCents = divRoundHalfUp(totalInclCents * taxRateBp, 10_000 + taxRateBp);
  const netCents = totalInclCents - taxCents;
  return {
    grossExCents,
    grossInclCents,
    discountCents,
    totalInclCents,
    taxCents,
    netCents,
    discountPercentage,
  };
}

/** 181818 → "18.1818" (value in ten-thousandths). */
function formatFixed4(tenThousandths: number): string {
  const sign = tenThousandths < 0 ? '-' : '';
  const a = Math.abs(tenThousandths);
  return `${sign}${Math.floor(a / 10_000)}.${String(a % 10_000).padStart(4, '0')}`;
}
