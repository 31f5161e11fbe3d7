// Xero's line and document arithmetic, in exact integers (BigInt), as Xero documents it:
// LineAmount = Quantity × UnitAmount less discount, rounded to 2 dp; tax per line rounded to 2 dp, then summed.
// Rounding is half away from zero (Xero does not document the midpoint rule; this is the assumption).

export type LineAmountTypes = 'Exclusive' | 'Inclusive' | 'NoTax';

/** Exact decimal → integer units of 10^-dp, rounding half away from zero. */
export function toUnits(x: number, dp: number): bigint {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  const neg = x < 0;
  let s = Math.abs(x).toString();
  if (s.includes('e')) s = Math.abs(x).toFixed(20);
  const [intPart = '0', frac = ''] = s.split('.');
  const padded = (frac + '0'.repeat(dp + 1)).slice(0, dp + 1); // one guard digit
  let v = BigInt(intPart + padded.slice(0, dp));
  if (Number(padded[dp] ?? '0') >= 5) v += 1n; // half away from zero: only the first dropped digit matters
  return neg ? -v : v;
}

/** a / b rounded half away from zero (b > 0). */
export function roundDiv(a: bigint, b: bigint): bigint {
  const neg = a < 0n;
  const abs = neg ? -a : a;
  const q = (abs * 2n + b) / (2n * b);
  return neg ? -q : q;
}

export interface LineInput {
  Quantity?: number;
  UnitAmount?: number;
  LineAmount?: number;
  DiscountRate?: number;
  DiscountAmount?: number;
  TaxAmount?: number;
}

export interface LineResult {
  quantity: number; // 4 dp
  unitAmount: number; // unitdp
  lineAmountCents: number; // after discount
  discountCents: number; // gross − line amount
  taxCents: number;
}

const SCALE4 = 10_000n;

/**
 * One line. `ratePercent` is the tax rate's EffectiveRate (e.g. 10 for GST). `unitdp` is 2 or 4.
 * An explicit `TaxAmount` overrides the computed tax (not for NoTax).
 */
export function computeLine(
  line: LineInput,
  ratePercent: number,
  lineAmountTypes: LineAmountTypes,
  unitdp: 2 | 4,
): LineResult {
  let q: bigint; // scale 4
  let u: bigint; // scale 4
  if (line.Quantity === undefined && line.UnitAmount === undefined && line.LineAmount !== undefined) {
    q = SCALE4;
    u = toUnits(line.LineAmount, 2) * 100n;
  } else if (line.UnitAmount === undefined && line.LineAmount !== undefined && line.Quantity) {
    q = toUnits(line.Quantity, 4);
    // UnitAmount = LineAmount / Quantity at unitdp
    const la = toUnits(line.LineAmount, 2); // cents
    const uu = q === 0n ? 0n : roundDiv(la * 10n ** BigInt(unitdp) * SCALE4, q);
    u = uu * 10n ** BigInt(4 - unitdp);
  } else {
    q = toUnits(line.Quantity ?? 1, 4);
    u = toUnits(line.UnitAmount ?? 0, unitdp) * 10n ** BigInt(4 - unitdp);
  }
  const gross = q * u; // scale 8
  const grossCents = roundDiv(gross, 1_000_000n);
  let lineCents: bigint;
  if (line.DiscountRate !== undefined && line.DiscountRate !== 0) {
    const r = toUnits(line.DiscountRate, 4); // percent, scale 4
    lineCents = roundDiv(gross * (1_000_000n - r), 1_000_000n * 1_000_000n);
  } else if (line.DiscountAmount !== undefined && line.DiscountAmount !== 0) {
    lineCents = grossCents - toUnits(line.DiscountAmount, 2);
  } else {
    lineCents = grossCents;
  }
  let taxCents: bigint;
  if (lineAmountTypes === 'NoTax') taxCents = 0n;
  else if (line.TaxAmount !== undefined) taxCents = toUnits(line.TaxAmount, 2);
  else {
    const rate = toUnits(ratePercent, 4); // 10% → 100000
    taxCents =
      lineAmountTypes === 'Exclusive'
        ? roundDiv(lineCents * rate, 100n * SCALE4)
        : roundDiv(lineCents * rate, 100n * SCALE4 + rate);
  }
  return {
    quantity: Number(q) / 10_000,
    unitAmount: Number(u) / 10_000,
    lineAmountCents: Number(lineCents),
    discountCents: Number(grossCents - lineCents),
    taxCents: Number(taxCents),
  };
}

export interface DocTotals {
  subTotalCents: number;
  totalTaxCents: number;
  totalCents: number;
  totalDiscountCents: number;
}

/** Document totals from computed lines: Exclusive adds tax on top; Inclusive line amounts already contain it. */
export function computeTotals(lines: LineResult[], lineAmountTypes: LineAmountTypes): DocTotals {
  let sumLines = 0;
  let tax = 0;
  let disc = 0;
  for (const l of lines) {
    sumLines += l.lineAmountCents;
    tax += l.taxCents;
    disc += l.discountCents;
  }
  if (lineAmountTypes === 'Inclusive') {
    return {
      subTotalCents: sumLines - tax,
      totalTaxCents: tax,
      totalCents: sumLines,
      totalDiscountCents: disc,
    };
  }
  return {
    subTotalCents: sumLines,
    totalTaxCents: tax,
    totalCents: sumLines + tax,
    totalDiscountCents: disc,
  };
}

export const cents = (x: number): number => Number(toUnits(x, 2));
export const dollars = (c: number): number => c / 100;
