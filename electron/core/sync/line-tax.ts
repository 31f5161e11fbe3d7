/**
 * Each line's share of Cliniko's invoice tax, in whole cents, summing *exactly* to the invoice's
 * `tax_amount`. Cliniko does not expose a rounded per-item tax (the item's `tax_amount` is the rate), so:
 *   exact tax of a line = total_including_tax − net_price   (cliniko-api.md §4; net_price may have 3 places)
 *                       = total × rate / (100 + rate)      when net_price is absent
 *   1. round each line half-up;
 *   2. if the sum misses the invoice tax by k cents, move one cent on each of the k taxed lines whose exact
 *      value was nearest to rounding the other way (largest remainder), so no line moves more than 1 cent.
 * Lines at 0% always get 0: their tax type is exempt and cannot carry tax.
 */
import { decimalFromCents, divRound, isZero, rescale, subDecimal, type Decimal } from '../money.js';

export interface LineTaxInput {
  totalInclCents: number;
  ratePercent: Decimal;
  netPrice: Decimal | null;
}

export type LineTaxResult = { ok: true; taxCents: number[] } | { ok: false; itemsTaxCents: number };

/** Exact line tax in cents as num/den (den > 0). */
function exactTax(line: LineTaxInput): { num: bigint; den: bigint } {
  if (line.netPrice) {
    const diff = subDecimal(decimalFromCents(line.totalInclCents), line.netPrice);
    const scale = Math.max(diff.scale, 2);
    return { num: rescale(diff, scale), den: 10n ** BigInt(scale - 2) };
  }
  const r = line.ratePercent;
  return { num: BigInt(line.totalInclCents) * r.units, den: 100n * 10n ** BigInt(r.scale) + r.units };
}

export function lineTaxShares(lines: readonly LineTaxInput[], invoiceTaxCents: number): LineTaxResult {
  const exacts = lines.map((l) => (isZero(l.ratePercent) ? { num: 0n, den: 1n } : exactTax(l)));
  const rounded = exacts.map((e) => divRound(e.num, e.den, 'half-up'));
  const itemsTax = rounded.reduce((s, r) => s + r, 0n);
  let diff = BigInt(invoiceTaxCents) - itemsTax;
  if (diff === 0n) return { ok: true, taxCents: rounded.map(Number) };

  const taxed = lines.map((_, i) => i).filter((i) => !isZero(lines[i]!.ratePercent));
  if (BigInt(taxed.length) < (diff < 0n ? -diff : diff))
    return { ok: false, itemsTaxCents: Number(itemsTax) };

  // remainder_i = exact_i − rounded_i ∈ [−½, ½]; compare a/b < c/d as a·d < c·b (b, d > 0).
  const rem = (i: number): { n: bigint; d: bigint } => {
    const e = exacts[i]!;
    return { n: e.num - rounded[i]! * e.den, d: e.den };
  };
  const up = diff > 0n;
  const order = [...taxed].sort((a, b) => {
    const ra = rem(a);
    const rb = rem(b);
    const cmp = ra.n * rb.d - rb.n * ra.d; // > 0 when a's remainder is larger
    if (cmp !== 0n) return (up ? cmp < 0n : cmp > 0n) ? 1 : -1;
    return a - b; // stable: earlier lines first
  });
  const out = [...rounded];
  for (const i of order) {
    if (diff === 0n) break;
    out[i] = out[i]! + (up ? 1n : -1n);
    diff += up ? -1n : 1n;
  }
  return { ok: true, taxCents: out.map(Number) };
}
