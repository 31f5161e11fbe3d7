import type { XeroAccountView, XeroTaxRateView } from '../shared/api.js';

/** Accounts a sales line may use: active revenue accounts (archived ones are flagged by pre-flight). */
export function revenueAccounts(accounts: XeroAccountView[]): XeroAccountView[] {
  return accounts.filter((a) => a.revenue && a.status === 'ACTIVE');
}

/** Accounts a payment may go to: active bank accounts or ones with "enable payments". */
export function paymentAccounts(accounts: XeroAccountView[]): XeroAccountView[] {
  return accounts.filter((a) => a.status === 'ACTIVE' && (a.type === 'BANK' || a.enablePayments));
}

export function revenueTaxRates(rates: XeroTaxRateView[]): XeroTaxRateView[] {
  return rates.filter((r) => r.status === 'ACTIVE' && r.canApplyToRevenue);
}

export type Suggestions = {
  serviceAccountCode: string;
  productAccountCode: string;
  paymentAccountCode: string;
  taxExemptTaxType: string;
};

/**
 * Sensible defaults from Xero's real chart of accounts: a revenue account named like "Sales" for
 * services (one named like "Product"/"Merchandise" for products, else the same), a BANK account (or one
 * with payments enabled) for payments, and EXEMPTOUTPUT or the 0% revenue tax rate for tax-exempt lines.
 */
export function suggestDefaults(accounts: XeroAccountView[], rates: XeroTaxRateView[]): Suggestions {
  const revenue = revenueAccounts(accounts);
  const sales =
    revenue.find((a) => /\bsales\b/i.test(a.name)) ?? revenue.find((a) => a.type === 'REVENUE') ?? revenue[0];
  const product = revenue.find((a) => /product|merchandise|goods|retail/i.test(a.name)) ?? sales;
  const pay = paymentAccounts(accounts);
  const payment =
    pay.find((a) => /clearing|undeposited|eftpos/i.test(a.name) && a.enablePayments) ??
    pay.find((a) => a.type === 'BANK') ??
    pay[0];
  const taxes = revenueTaxRates(rates);
  const exempt =
    taxes.find((r) => r.taxType === 'EXEMPTOUTPUT') ?? taxes.find((r) => Number(r.effectiveRate) === 0);
  return {
    serviceAccountCode: sales?.code ?? '',
    productAccountCode: product?.code ?? '',
    paymentAccountCode: payment?.code ?? '',
    taxExemptTaxType: exempt?.taxType ?? '',
  };
}

export function accountLabel(a: Pick<XeroAccountView, 'code' | 'name'>): string {
  return `${a.code} — ${a.name}`;
}

export function taxLabel(r: Pick<XeroTaxRateView, 'name' | 'effectiveRate' | 'taxType'>): string {
  return `${r.name} (${Number(r.effectiveRate)}%)`;
}
