/**
 * Pre-flight: catch what Xero would refuse before anything is sent (SPEC §3.2), with a plain-language
 * message that names the invoice, the line, the code and the fix:
 *   Invoice 1042, line "Initial consultation": Xero account 205 is archived. Choose another account for
 *   billable item "Initial consultation" in Mappings, then retry.
 *
 * Rules (xero-api.md §5, §7):
 * - a line's account must exist, be ACTIVE and be a revenue account: Type REVENUE, SALES or OTHERINCOME
 *   (the three types of Xero's REVENUE class; `Class: 'REVENUE'` is accepted too);
 * - a line's tax rate must exist, be ACTIVE, have CanApplyToRevenue, and charge the rate Cliniko charged
 *   (otherwise Xero's tax and Cliniko's would disagree);
 * - the payment account must be ACTIVE and be a BANK account or have EnablePaymentsToAccount.
 */
import { compareDecimal, decimalToString, parseDecimal } from '../money.js';
import type { Settings } from '../../../shared/settings.js';
import type { AccountSource } from './resolve-account.js';
import { xeroRate } from './resolve-tax.js';
import type { XeroAccount, XeroTaxRate } from './xero-types.js';

export const REVENUE_ACCOUNT_TYPES: readonly string[] = ['REVENUE', 'SALES', 'OTHERINCOME'];

export interface XeroRefs {
  accounts: readonly XeroAccount[];
  taxRates: readonly XeroTaxRate[];
}

export type ProblemCode =
  | 'account-missing'
  | 'account-inactive'
  | 'account-not-revenue'
  | 'account-not-payable'
  | 'account-unset'
  | 'tax-missing'
  | 'tax-inactive'
  | 'tax-not-revenue'
  | 'tax-rate-mismatch'
  | 'tax-unmapped'
  | 'tax-unset'
  | 'invoice-data'
  // Issue 17: sync/map-tracking.ts.
  | 'tracking-inactive'
  | 'tracking-unmapped';

export interface SyncProblem {
  code: ProblemCode;
  /** The whole sentence for the user. */
  message: string;
  /** The settings key to change, e.g. "billableItems.123" or "defaults.serviceAccountCode". */
  settingPath?: string;
}

/** Where a tax type came from, for the fix text. */
export type TaxSource =
  { source: 'override'; taxId: string } | { source: 'default' } | { source: 'auto-matched' };

export interface PreflightLine {
  description: string;
  accountCode: string;
  accountFrom: AccountSource;
  /** Name of the item / practitioner the account came from (for the fix text). */
  accountFromName: string | null;
  taxType: string;
  taxFrom: TaxSource;
  /** Cliniko's tax name and rate on the line ("GST", "10"). */
  clinikoTaxName: string;
  ratePercent: string;
}

// ---------- single checks: a reason, or null when fine ----------

function describeAccount(a: XeroAccount): string {
  return `Xero account ${a.Code ?? ''} (${a.Name})`;
}

/** The account with this code if it exists and is active, else why it cannot be used. */
function activeAccount(
  code: string,
  accounts: readonly XeroAccount[],
): XeroAccount | { code: ProblemCode; reason: string } {
  const a = accounts.find((x) => x.Code === code);
  if (!a)
    return { code: 'account-missing', reason: `Xero account ${code} does not exist in this organisation.` };
  if (a.Status !== 'ACTIVE')
    return { code: 'account-inactive', reason: `${describeAccount(a)} is ${a.Status.toLowerCase()}.` };
  return a;
}

export function checkRevenueAccount(
  code: string,
  accounts: readonly XeroAccount[],
): { code: ProblemCode; reason: string } | null {
  const a = activeAccount(code, accounts);
  if ('reason' in a) return a;
  if (!REVENUE_ACCOUNT_TYPES.includes(a.Type) && a.Class !== 'REVENUE') {
    return {
      code: 'account-not-revenue',
      reason: `${describeAccount(a)} is a ${a.Type} account, not a revenue account.`,
    };
  }
  return null;
}

export function checkPaymentAccount(
  code: string,
  accounts: readonly XeroAccount[],
): { code: ProblemCode; reason: string } | null {
  const a = activeAccount(code, accounts);
  if ('reason' in a) return a;
  if (a.Type !== 'BANK' && a.EnablePaymentsToAccount !== true) {
    return {
      code: 'account-not-payable',
      reason: `${describeAccount(a)} cannot receive payments (it is not a bank account and "Enable payments to this account" is off in Xero).`,
    };
  }
  return null;
}

export function checkRevenueTaxRate(
  taxType: string,
  taxRates: readonly XeroTaxRate[],
  clinikoRate?: { name: string; ratePercent: string },
): { code: ProblemCode; reason: string } | null {
  const t = taxRates.find((x) => x.TaxType === taxType);
  if (!t)
    return { code: 'tax-missing', reason: `Xero tax rate ${taxType} does not exist in this organisation.` };
  const label = `Xero tax rate ${t.TaxType} (${t.Name})`;
  if (t.Status !== 'ACTIVE')
    return { code: 'tax-inactive', reason: `${label} is ${t.Status.toLowerCase()}.` };
  if (!t.CanApplyToRevenue) return { code: 'tax-not-revenue', reason: `${label} cannot be used on sales.` };
  if (clinikoRate && compareDecimal(xeroRate(t), parseDecimal(clinikoRate.ratePercent)) !== 0) {
    const name = clinikoRate.name ? `${clinikoRate.name} at ` : 'tax at ';
    return {
      code: 'tax-rate-mismatch',
      reason: `Cliniko charged ${name}${clinikoRate.ratePercent}% but ${label} is ${decimalToString(xeroRate(t))}%.`,
    };
  }
  return null;
}

/** The tax-exempt default must be a usable sales rate of exactly 0%. */
export function checkExemptTaxRate(
  taxType: string,
  taxRates: readonly XeroTaxRate[],
): { code: ProblemCode; reason: string } | null {
  const r = checkRevenueTaxRate(taxType, taxRates);
  if (r) return r;
  const t = taxRates.find((x) => x.TaxType === taxType);
  if (t && xeroRate(t).units !== 0n) {
    return {
      code: 'tax-rate-mismatch',
      reason: `Xero tax rate ${t.TaxType} (${t.Name}) is ${decimalToString(xeroRate(t))}%, but the tax-exempt rate must be 0%.`,
    };
  }
  return null;
}

// ---------- fix texts ----------

function accountFix(from: AccountSource, name: string | null): { text: string; path: string } {
  const quoted = name ? ` "${name}"` : '';
  switch (from.source) {
    case 'override':
      return from.kind === 'product'
        ? { text: `Choose another account for product${quoted} in Mappings`, path: `products.${from.id}` }
        : {
            text: `Choose another account for billable item${quoted} in Mappings`,
            path: `billableItems.${from.id}`,
          };
    case 'practitioner':
      return {
        text: `Choose another account for practitioner${quoted} in Mappings`,
        path: `practitioners.${from.id}`,
      };
    case 'default':
      return from.kind === 'product'
        ? { text: 'Choose another default product account in Mappings', path: 'defaults.productAccountCode' }
        : { text: 'Choose another default service account in Mappings', path: 'defaults.serviceAccountCode' };
  }
}

function taxFix(from: TaxSource, clinikoTaxName: string): { text: string; path: string } {
  const quoted = clinikoTaxName ? ` "${clinikoTaxName}"` : '';
  switch (from.source) {
    case 'override':
      return {
        text: `Choose another Xero tax rate for Cliniko tax${quoted} in Mappings`,
        path: `taxRates.${from.taxId}`,
      };
    case 'default':
      return { text: 'Choose another tax-exempt tax rate in Mappings', path: 'defaults.taxExemptTaxType' };
    case 'auto-matched':
      return { text: `Map Cliniko tax${quoted} to a Xero tax rate in Mappings`, path: 'taxRates' };
  }
}

export function linePrefix(invoiceNumber: string, description?: string): string {
  return description === undefined
    ? `Invoice ${invoiceNumber}: `
    : `Invoice ${invoiceNumber}, line "${description}": `;
}

// ---------- invoice-level checks ----------

export function preflightLines(
  invoiceNumber: string,
  lines: readonly PreflightLine[],
  refs: XeroRefs,
): SyncProblem[] {
  const problems: SyncProblem[] = [];
  for (const line of lines) {
    const prefix = linePrefix(invoiceNumber, line.description);
    const acc = checkRevenueAccount(line.accountCode, refs.accounts);
    if (acc) {
      const fix = accountFix(line.accountFrom, line.accountFromName);
      problems.push({
        code: acc.code,
        message: `${prefix}${acc.reason} ${fix.text}, then retry.`,
        settingPath: fix.path,
      });
    }
    const tax = checkRevenueTaxRate(line.taxType, refs.taxRates, {
      name: line.clinikoTaxName,
      ratePercent: line.ratePercent,
    });
    if (tax) {
      const fix = taxFix(line.taxFrom, line.clinikoTaxName);
      problems.push({
        code: tax.code,
        message: `${prefix}${tax.reason} ${fix.text}, then retry.`,
        settingPath: fix.path,
      });
    }
  }
  return problems;
}

export function preflightPayment(
  invoiceNumber: string,
  code: string,
  source: { source: 'override'; paymentType: string } | { source: 'default' },
  refs: XeroRefs,
): SyncProblem[] {
  const p = checkPaymentAccount(code, refs.accounts);
  if (!p) return [];
  const fix =
    source.source === 'override'
      ? {
          text: `Choose another account for payment type "${source.paymentType}" in Mappings`,
          path: `paymentTypes.${source.paymentType}`,
        }
      : { text: 'Choose another payment account in Mappings', path: 'defaults.paymentAccountCode' };
  return [
    {
      code: p.code,
      message: `${linePrefix(invoiceNumber)}${p.reason} ${fix.text}, then retry.`,
      settingPath: fix.path,
    },
  ];
}

/**
 * Every code in the settings, checked against Xero: for the Mappings screen's flags, before any invoice
 * exists. Returns one entry per bad setting, keyed by its path.
 */
export function preflightSettings(
  settings: Settings,
  refs: XeroRefs,
): { path: string; code: ProblemCode; reason: string }[] {
  const out: { path: string; code: ProblemCode; reason: string }[] = [];
  const add = (path: string, r: { code: ProblemCode; reason: string } | null): void => {
    if (r) out.push({ path, ...r });
  };
  const d = settings.defaults;
  if (d.serviceAccountCode)
    add('defaults.serviceAccountCode', checkRevenueAccount(d.serviceAccountCode, refs.accounts));
  if (d.productAccountCode)
    add('defaults.productAccountCode', checkRevenueAccount(d.productAccountCode, refs.accounts));
  if (d.paymentAccountCode)
    add('defaults.paymentAccountCode', checkPaymentAccount(d.paymentAccountCode, refs.accounts));
  if (d.taxExemptTaxType)
    add('defaults.taxExemptTaxType', checkExemptTaxRate(d.taxExemptTaxType, refs.taxRates));
  for (const table of ['billableItems', 'products', 'practitioners'] as const) {
    for (const [id, o] of Object.entries(settings[table]))
      add(`${table}.${id}`, checkRevenueAccount(o.accountCode, refs.accounts));
  }
  for (const [name, o] of Object.entries(settings.paymentTypes))
    add(`paymentTypes.${name}`, checkPaymentAccount(o.accountCode, refs.accounts));
  for (const [id, t] of Object.entries(settings.taxRates))
    add(`taxRates.${id}`, checkRevenueTaxRate(t, refs.taxRates));
  return out;
}
