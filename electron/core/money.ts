/**
 * Exact money and decimal arithmetic for Cliniko → Xero. No float maths anywhere: Cliniko sends decimal
 * strings ("110.00", "50.0", "81.818"), we keep them as scaled BigInts and only ever round on purpose.
 *
 * Decisions:
 * - `parseCents` is strict: at most two significant decimal places ("0.125" is refused, "0.120" is 12 cents).
 *   Money fields that can legitimately carry more places (Cliniko's `net_price` "81.818", unit prices)
 *   are read with `parseDecimal` and rounded explicitly by the caller.
 * - JSON numbers are accepted too (Cliniko's generated client types a few money fields as numbers); they go
 *   through `String(n)`, which is the shortest exact decimal for the literal that was in the JSON text.
 * - Rounding modes: `half-up` means half *away from zero* (−0.005 → −0.01), the usual commercial rule;
 *   `half-even` is banker's rounding. Xero does not document which one it uses for line tax, so code that
 *   must agree with Xero avoids depending on it (see sync/map-invoice.ts).
 */

export type RoundingMode = 'half-up' | 'half-even';

/** value = units / 10^scale, scale ≥ 0. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

export class MoneyError extends Error {
  override readonly name = 'MoneyError';
}

const DECIMAL_RE = /^([+-]?)(\d+)(?:\.(\d*))?$|^([+-]?)\.(\d+)$/;

/** Parses "110.00", "-5.5", ".5", 50, "0.125" into an exact Decimal. */
export function parseDecimal(input: string | number): Decimal {
  if (typeof input === 'number' && !Number.isFinite(input)) throw new MoneyError(`not a decimal: ${input}`);
  const text = typeof input === 'number' ? String(input) : input.trim();
  const m = DECIMAL_RE.exec(text);
  if (!m) throw new MoneyError(`not a decimal: "${text}"`);
  const sign = m[1] ?? m[4] ?? '';
  const whole = m[2] ?? '0';
  const frac = m[3] ?? m[5] ?? '';
  const units = BigInt(whole + frac) * (sign === '-' ? -1n : 1n);
  return { units, scale: frac.length };
}

/** Same number at a larger scale (never loses precision). */
export function rescale(d: Decimal, scale: number): bigint {
  if (scale < d.scale) throw new MoneyError('rescale would lose precision; round instead');
  return d.units * 10n ** BigInt(scale - d.scale);
}

/** round(num / den) with the given mode; den ≠ 0. */
export function divRound(num: bigint, den: bigint, mode: RoundingMode): bigint {
  if (den === 0n) throw new MoneyError('division by zero');
  if (den < 0n) return divRound(-num, -den, mode);
  const neg = num < 0n;
  const a = neg ? -num : num;
  let q = a / den;
  const r2 = (a % den) * 2n;
  if (r2 > den || (r2 === den && (mode === 'half-up' || q % 2n === 1n))) q += 1n;
  return neg ? -q : q;
}

/** The units of `d` rounded to `scale` places. */
export function roundToScale(d: Decimal, scale: number, mode: RoundingMode): bigint {
  if (scale >= d.scale) return rescale(d, scale);
  return divRound(d.units, 10n ** BigInt(d.scale - scale), mode);
}

/** True when `d` is exactly representable with `scale` places. */
export function fitsScale(d: Decimal, scale: number): boolean {
  return scale >= d.scale || d.units % 10n ** BigInt(d.scale - scale) === 0n;
}

export function mulDecimal(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function subDecimal(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) - rescale(b, scale), scale };
}

export function compareDecimal(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const d = subDecimal(a, b).units;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export function isZero(d: Decimal): boolean {
  return d.units === 0n;
}

export function decimalFromCents(cents: number): Decimal {
  assertCents(cents);
  return { units: BigInt(cents), scale: 2 };
}

/** Smallest-scale plain text: {11000n,2} → "110", {81818n,3} → "81.818". */
export function decimalToString(d: Decimal): string {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  const neg = units < 0n;
  const digits = (neg ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const frac = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${neg ? '-' : ''}${whole}${frac}`;
}

/** Exact cents from a money value with at most two significant places; throws otherwise. */
export function parseCents(input: string | number): number {
  const d = parseDecimal(input);
  if (!fitsScale(d, 2)) throw new MoneyError(`more than two decimal places: "${decimalToString(d)}"`);
  return toSafeCents(roundToScale(d, 2, 'half-up')); // exact: fitsScale checked above
}

/** Cents from any decimal, rounded to the cent with `mode` (for fields like `net_price` "81.818"). */
export function parseCentsRounded(input: string | number, mode: RoundingMode = 'half-up'): number {
  return toSafeCents(roundToScale(parseDecimal(input), 2, mode));
}

/** 11000 → "110.00", -550 → "-5.50": the decimal text Xero shows. */
export function formatCents(cents: number): string {
  assertCents(cents);
  const neg = cents < 0;
  const a = Math.abs(cents);
  const frac = String(a % 100).padStart(2, '0');
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${frac}`;
}

/**
 * The JSON number for a payload field. Safe: integers of cents below 2^53 divided by 100 print back as
 * the exact two-place decimal (shortest round-trip representation), e.g. 11005 → 110.05.
 */
export function centsToNumber(cents: number): number {
  return Number(formatCents(cents));
}

/** JSON number for a decimal of few places (quantities, 4-dp unit amounts, rates). */
export function decimalToNumber(d: Decimal): number {
  return Number(decimalToString(d));
}

function toSafeCents(units: bigint): number {
  if (units > BigInt(Number.MAX_SAFE_INTEGER) || units < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new MoneyError('amount too large');
  }
  return Number(units);
}

function assertCents(cents: number): void {
  if (!Number.isSafeInteger(cents)) throw new MoneyError(`cents must be a safe integer: ${cents}`);
}
