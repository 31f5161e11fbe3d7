// A seeded Australian Xero organisation: chart of accounts, AU GST tax rates and tracking categories,
// shaped like GET /Accounts, /TaxRates and /TrackingCategories from a real AU organisation.
import { createHash } from 'node:crypto';

export type AccountType =
  | 'BANK'
  | 'CURRENT'
  | 'CURRLIAB'
  | 'DEPRECIATN'
  | 'DIRECTCOSTS'
  | 'EQUITY'
  | 'EXPENSE'
  | 'FIXED'
  | 'INVENTORY'
  | 'LIABILITY'
  | 'NONCURRENT'
  | 'OTHERINCOME'
  | 'OVERHEADS'
  | 'PREPAYMENT'
  | 'REVENUE'
  | 'SALES'
  | 'TERMLIAB'
  | 'PAYG';

export type AccountClass = 'ASSET' | 'EQUITY' | 'EXPENSE' | 'LIABILITY' | 'REVENUE';

export interface SimAccount {
  AccountID: string;
  Code: string;
  Name: string;
  Type: AccountType;
  Class: AccountClass;
  Status: 'ACTIVE' | 'ARCHIVED' | 'DELETED';
  TaxType: string;
  Description?: string;
  EnablePaymentsToAccount: boolean;
  ShowInExpenseClaims: boolean;
  BankAccountNumber?: string;
  BankAccountType?: 'BANK' | 'CREDITCARD' | 'PAYPAL' | '';
  CurrencyCode?: string;
  SystemAccount?: string;
  ReportingCode: string;
  ReportingCodeName: string;
  HasAttachments: boolean;
  AddToWatchlist: boolean;
  UpdatedDateUTC: number;
}

export interface SimTaxRate {
  Name: string;
  TaxType: string;
  ReportTaxType: string;
  CanApplyToAssets: boolean;
  CanApplyToEquity: boolean;
  CanApplyToExpenses: boolean;
  CanApplyToLiabilities: boolean;
  CanApplyToRevenue: boolean;
  DisplayTaxRate: number;
  EffectiveRate: number;
  Status: 'ACTIVE' | 'DELETED' | 'ARCHIVED' | 'PENDING';
  TaxComponents: { Name: string; Rate: number; IsCompound: boolean; IsNonRecoverable: boolean }[];
}

export interface SimTrackingOption {
  TrackingOptionID: string;
  Name: string;
  /** A DELETED option is kept only so tests can see it: Xero lists and accepts neither it nor ARCHIVED. */
  Status: 'ACTIVE' | 'ARCHIVED' | 'DELETED';
}

export interface SimTrackingCategory {
  TrackingCategoryID: string;
  Name: string;
  Status: 'ACTIVE' | 'ARCHIVED';
  Options: SimTrackingOption[];
}

/** Deterministic UUID from a string (stable ids across runs of the demo simulator). */
export function stableUuid(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  const v = ((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${v}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

export function accountClass(type: AccountType): AccountClass {
  switch (type) {
    case 'BANK':
    case 'CURRENT':
    case 'FIXED':
    case 'INVENTORY':
    case 'NONCURRENT':
    case 'PREPAYMENT':
      return 'ASSET';
    case 'CURRLIAB':
    case 'LIABILITY':
    case 'TERMLIAB':
    case 'PAYG':
      return 'LIABILITY';
    case 'EQUITY':
      return 'EQUITY';
    case 'REVENUE':
    case 'SALES':
    case 'OTHERINCOME':
      return 'REVENUE';
    default:
      return 'EXPENSE';
  }
}

const REPORTING: Record<AccountClass, [string, string]> = {
  ASSET: ['ASS', 'Assets'],
  EQUITY: ['EQU', 'Equity'],
  EXPENSE: ['EXP', 'Expense'],
  LIABILITY: ['LIA', 'Liabilities'],
  REVENUE: ['REV', 'Revenue'],
};

export interface NewAccount {
  Code: string;
  Name: string;
  Type: AccountType;
  TaxType?: string;
  Status?: 'ACTIVE' | 'ARCHIVED';
  EnablePaymentsToAccount?: boolean;
  BankAccountNumber?: string;
  SystemAccount?: string;
  Description?: string;
}

export function makeAccount(tenantId: string, a: NewAccount, now: number): SimAccount {
  const cls = accountClass(a.Type);
  const [rc, rcn] = REPORTING[cls];
  return {
    AccountID: stableUuid(tenantId, 'account', a.Code),
    Code: a.Code,
    Name: a.Name,
    Type: a.Type,
    Class: cls,
    Status: a.Status ?? 'ACTIVE',
    TaxType: a.TaxType ?? 'BASEXCLUDED',
    ...(a.Description ? { Description: a.Description } : {}),
    EnablePaymentsToAccount: a.EnablePaymentsToAccount ?? false,
    ShowInExpenseClaims: cls === 'EXPENSE',
    ...(a.Type === 'BANK'
      ? {
          BankAccountNumber: a.BankAccountNumber ?? '062000 12345678',
          BankAccountType: 'BANK',
          CurrencyCode: 'AUD',
        }
      : {}),
    ...(a.SystemAccount ? { SystemAccount: a.SystemAccount } : {}),
    ReportingCode: rc,
    ReportingCodeName: rcn,
    HasAttachments: false,
    AddToWatchlist: false,
    UpdatedDateUTC: now,
  };
}

export const SEED_ACCOUNTS: NewAccount[] = [
  { Code: '090', Name: 'Business Bank Account', Type: 'BANK', BankAccountNumber: '062000 12345678' },
  { Code: '091', Name: 'EFTPOS Clearing', Type: 'CURRENT', EnablePaymentsToAccount: true },
  { Code: '092', Name: 'Cash Clearing', Type: 'CURRENT', EnablePaymentsToAccount: true },
  { Code: '093', Name: 'Business Savings Account', Type: 'BANK', BankAccountNumber: '062000 87654321' },
  { Code: '200', Name: 'Sales', Type: 'REVENUE', TaxType: 'OUTPUT' },
  { Code: '201', Name: 'Consultation Fees', Type: 'REVENUE', TaxType: 'EXEMPTOUTPUT' },
  { Code: '202', Name: 'Treatment Fees', Type: 'REVENUE', TaxType: 'EXEMPTOUTPUT' },
  { Code: '205', Name: 'Group Classes (old)', Type: 'REVENUE', TaxType: 'OUTPUT', Status: 'ARCHIVED' },
  { Code: '210', Name: 'Product Sales', Type: 'SALES', TaxType: 'OUTPUT' },
  { Code: '211', Name: 'Retail Products', Type: 'REVENUE', TaxType: 'OUTPUT' },
  { Code: '260', Name: 'Other Revenue', Type: 'OTHERINCOME', TaxType: 'OUTPUT' },
  { Code: '270', Name: 'Interest Income', Type: 'OTHERINCOME', TaxType: 'INPUTTAXED' },
  { Code: '310', Name: 'Cost of Goods Sold', Type: 'DIRECTCOSTS', TaxType: 'INPUT' },
  { Code: '400', Name: 'Advertising', Type: 'EXPENSE', TaxType: 'INPUT' },
  { Code: '404', Name: 'Bank Fees', Type: 'EXPENSE', TaxType: 'EXEMPTEXPENSES' },
  { Code: '408', Name: 'Cleaning', Type: 'EXPENSE', TaxType: 'INPUT' },
  { Code: '412', Name: 'Consulting & Accounting', Type: 'EXPENSE', TaxType: 'INPUT' },
  { Code: '429', Name: 'General Expenses', Type: 'EXPENSE', TaxType: 'INPUT' },
  { Code: '469', Name: 'Rent', Type: 'OVERHEADS', TaxType: 'INPUT' },
  { Code: '477', Name: 'Wages and Salaries', Type: 'EXPENSE', TaxType: 'BASEXCLUDED' },
  { Code: '610', Name: 'Accounts Receivable', Type: 'CURRENT', SystemAccount: 'DEBTORS' },
  { Code: '620', Name: 'Prepayments', Type: 'CURRENT' },
  { Code: '710', Name: 'Office Equipment', Type: 'FIXED', TaxType: 'INPUT' },
  { Code: '800', Name: 'Accounts Payable', Type: 'CURRLIAB', SystemAccount: 'CREDITORS' },
  { Code: '820', Name: 'GST', Type: 'CURRLIAB', SystemAccount: 'GST' },
  { Code: '825', Name: 'PAYG Withholdings Payable', Type: 'CURRLIAB' },
  { Code: '835', Name: 'Customer Deposits', Type: 'CURRLIAB' },
  { Code: '840', Name: 'Historical Adjustment', Type: 'CURRLIAB', SystemAccount: 'HISTORICAL' },
  { Code: '860', Name: 'Rounding', Type: 'CURRLIAB', SystemAccount: 'ROUNDING' },
  { Code: '960', Name: 'Retained Earnings', Type: 'EQUITY', SystemAccount: 'RETAINEDEARNINGS' },
  { Code: '970', Name: 'Owner A Funds Introduced', Type: 'EQUITY' },
];

type Applies = [assets: boolean, equity: boolean, expenses: boolean, liabilities: boolean, revenue: boolean];

function taxRate(
  Name: string,
  TaxType: string,
  rate: number,
  applies: Applies,
  opts: { report?: string; status?: SimTaxRate['Status']; component?: string } = {},
): SimTaxRate {
  const [a, e, x, l, r] = applies;
  return {
    Name,
    TaxType,
    ReportTaxType: opts.report ?? TaxType,
    CanApplyToAssets: a,
    CanApplyToEquity: e,
    CanApplyToExpenses: x,
    CanApplyToLiabilities: l,
    CanApplyToRevenue: r,
    DisplayTaxRate: rate,
    EffectiveRate: rate,
    Status: opts.status ?? 'ACTIVE',
    TaxComponents: [
      { Name: opts.component ?? 'GST', Rate: rate, IsCompound: false, IsNonRecoverable: false },
    ],
  };
}

export function seedTaxRates(): SimTaxRate[] {
  return [
    taxRate('GST on Income', 'OUTPUT', 10, [true, true, false, true, true]),
    taxRate('GST on Expenses', 'INPUT', 10, [true, true, true, true, false]),
    taxRate('GST Free Income', 'EXEMPTOUTPUT', 0, [true, true, false, true, true]),
    taxRate('GST Free Expenses', 'EXEMPTEXPENSES', 0, [true, true, true, true, false]),
    taxRate('BAS Excluded', 'BASEXCLUDED', 0, [true, true, true, true, true]),
    taxRate('Input Taxed', 'INPUTTAXED', 0, [true, true, true, true, true]),
    taxRate('GST on Capital', 'CAPEXINPUT', 10, [true, false, false, false, false]),
    taxRate('GST Free Capital', 'EXEMPTCAPITAL', 0, [true, false, false, false, false]),
    taxRate('GST Free Exports', 'EXEMPTEXPORT', 0, [true, true, false, true, true]),
    taxRate('GST on Imports', 'GSTONIMPORTS', 0, [false, false, true, true, false]),
    taxRate('GST on Capital Imports', 'GSTONCAPIMPORTS', 0, [true, false, false, false, false]),
    taxRate('Wine Equalisation Levy (old)', 'TAX001', 5, [true, true, true, true, true], {
      report: 'OUTPUT',
      status: 'ARCHIVED',
      component: 'Levy',
    }),
  ];
}

export function seedTrackingCategories(tenantId: string): SimTrackingCategory[] {
  return [trackingCategory(tenantId, 'Location', ['Bondi', 'Parramatta', 'Surry Hills'])];
}

export function trackingCategory(tenantId: string, name: string, options: string[]): SimTrackingCategory {
  const cat = (name: string, options: string[]): SimTrackingCategory => ({
    TrackingCategoryID: stableUuid(tenantId, 'tracking', name),
    Name: name,
    Status: 'ACTIVE',
    Options: options.map((o) => ({
      TrackingOptionID: stableUuid(tenantId, 'tracking', name, o),
      Name: o,
      Status: 'ACTIVE',
    })),
  });
  return cat(name, options);
}

export function seedOrganisation(tenantId: string, name: string, now: number): Record<string, unknown> {
  return {
    OrganisationID: tenantId,
    APIKey: '',
    Name: name,
    LegalName: name,
    PaysTax: true,
    Version: 'AU',
    OrganisationType: 'COMPANY',
    BaseCurrency: 'AUD',
    CountryCode: 'AU',
    IsDemoCompany: false,
    OrganisationStatus: 'ACTIVE',
    RegistrationNumber: '53004085616',
    TaxNumber: '53 004 085 616',
    FinancialYearEndDay: 30,
    FinancialYearEndMonth: 6,
    SalesTaxBasis: 'ACCRUALS',
    SalesTaxPeriod: 'QUARTERLY1',
    DefaultSalesTax: 'Tax Exclusive',
    DefaultPurchasesTax: 'Tax Inclusive',
    CreatedDateUTC: now,
    OrganisationEntityType: 'COMPANY',
    Timezone: 'AUSEASTERNSTANDARDTIME',
    ShortCode: '!' + tenantId.slice(0, 5),
    Edition: 'BUSINESS',
    Class: 'STANDARD',
    LineOfBusiness: 'Physiotherapy',
    Addresses: [],
    Phones: [],
    ExternalLinks: [],
    PaymentTerms: {},
  };
}

/** IANA zone used for "today" when a document has no Date (AU organisations default to Sydney time). */
export const ORG_TIME_ZONE = 'Australia/Sydney';
