/**
 * Which Xero tax rate (TaxType) a Cliniko invoice line uses (SPEC §3.2):
 *   1. the Cliniko tax's mapping in settings.taxRates                                  → 'override'
 *   2. a zero-tax line: defaults.taxExemptTaxType                                      → 'default'
 *   3. else the single ACTIVE Xero rate that can apply to revenue with the same rate   → 'auto-matched'
 * A zero-tax line whose Cliniko tax is explicitly mapped keeps the mapping only when that Xero rate is
 * itself 0% (a "GST free" Cliniko tax mapped by hand); otherwise the line's own 0% wins, because the
 * rate on the invoice item is what Cliniko actually charged.
 */
import { compareDecimal, isZero, parseDecimal, type Decimal } from '../money.js';
import type { Settings } from '../../../shared/settings.js';
import type { XeroTaxRate } from './xero-types.js';

export interface TaxLineRef {
  /** The Cliniko tax behind the line (from its billable item / product), if known. */
  taxId: string | null;
  /** The rate Cliniko charged on the line, percent decimal string ("10"). */
  ratePercent: string;
}

export type TaxResolution =
  | { ok: true; taxType: string; source: 'override'; taxId: string }
  | { ok: true; taxType: string; source: 'default' }
  | { ok: true; taxType: string; source: 'auto-matched' }
  | { ok: false; reason: 'no-exempt-default' }
  /** Unmapped and not exactly one candidate: `candidates` lists the TaxTypes that matched (0 or ≥ 2). */
  | { ok: false; reason: 'unmapped'; candidates: string[] };

export function xeroRate(rate: XeroTaxRate): Decimal {
  return parseDecimal(rate.EffectiveRate);
}

/** ACTIVE, usable on sales, and exactly `ratePercent`. */
export function revenueRatesWithRate(taxRates: readonly XeroTaxRate[], ratePercent: Decimal): XeroTaxRate[] {
  return taxRates.filter(
    (t) => t.Status === 'ACTIVE' && t.CanApplyToRevenue && compareDecimal(xeroRate(t), ratePercent) === 0,
  );
}

export function resolveTax(
  settings: Settings,
  taxRates: readonly XeroTaxRate[],
  line: TaxLineRef,
): TaxResolution {
  const rate = parseDecimal(line.ratePercent);
  const mapped = line.taxId !== null ? settings.taxRates[line.taxId] : undefined;

  if (mapped !== undefined && line.taxId !== null) {
    const mappedRate = taxRates.find((t) => t.TaxType === mapped);
    const mappedIsZero = mappedRate !== undefined && isZero(xeroRate(mappedRate));
    if (!isZero(rate) || mappedIsZero)
      return { ok: true, taxType: mapped, source: 'override', taxId: line.taxId };
  }

  if (isZero(rate)) {
    const exempt = settings.defaults.taxExemptTaxType;
    return exempt === ''
      ? { ok: false, reason: 'no-exempt-default' }
      : { ok: true, taxType: exempt, source: 'default' };
  }

  const candidates = revenueRatesWithRate(taxRates, rate);
  const only = candidates.length === 1 ? candidates[0] : undefined;
  return only
    ? { ok: true, taxType: only.TaxType, source: 'auto-matched' }
    : { ok: false, reason: 'unmapped', candidates: candidates.map((c) => c.TaxType) };
}
