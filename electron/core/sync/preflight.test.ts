import { describe, expect, it } from 'vitest';
import {
  checkPaymentAccount,
  preflightLines,
  preflightPayment,
  preflightSettings,
  type PreflightLine,
} from './preflight.js';
import { readySettings, XERO_ACCOUNTS, XERO_TAX_RATES } from '../../../test/support/sync-fixtures.js';

const refs = { accounts: XERO_ACCOUNTS, taxRates: XERO_TAX_RATES };
const line = (l: Partial<PreflightLine>): PreflightLine => ({
  description: 'Initial consultation',
  accountCode: '200',
  accountFrom: { source: 'default', kind: 'billable-item' },
  accountFromName: null,
  taxType: 'OUTPUT',
  taxFrom: { source: 'override', taxId: '1' },
  clinikoTaxName: 'GST',
  ratePercent: '10',
  ...l,
});

describe('preflightLines', () => {
  it('passes good lines (REVENUE, SALES and OTHERINCOME accounts)', () => {
    expect(
      preflightLines('1042', [line({}), line({ accountCode: '201' }), line({ accountCode: '260' })], refs),
    ).toEqual([]);
  });

  it('an archived account on a billable item override: names invoice, line, code and fix', () => {
    const p = preflightLines(
      '1042',
      [
        line({
          accountCode: '205',
          accountFrom: { source: 'override', kind: 'billable-item', id: '5' },
          accountFromName: 'Initial consultation',
        }),
      ],
      refs,
    );
    expect(p).toEqual([
      {
        code: 'account-inactive',
        message:
          'Invoice 1042, line "Initial consultation": Xero account 205 (Old income) is archived. Choose another account for billable item "Initial consultation" in Mappings, then retry.',
        settingPath: 'billableItems.5',
      },
    ]);
  });

  it('missing and non-revenue accounts, from a practitioner and from the default', () => {
    const p = preflightLines(
      '7',
      [
        line({
          accountCode: '999',
          accountFrom: { source: 'practitioner', id: '26' },
          accountFromName: 'Ann Lee',
        }),
        line({ accountCode: '090', accountFrom: { source: 'default', kind: 'product' } }),
      ],
      refs,
    );
    expect(p.map((x) => x.message)).toEqual([
      'Invoice 7, line "Initial consultation": Xero account 999 does not exist in this organisation. Choose another account for practitioner "Ann Lee" in Mappings, then retry.',
      'Invoice 7, line "Initial consultation": Xero account 090 (Business Bank Account) is a BANK account, not a revenue account. Choose another default product account in Mappings, then retry.',
    ]);
    expect(p.map((x) => x.settingPath)).toEqual(['practitioners.26', 'defaults.productAccountCode']);
  });

  it('tax rates: not for sales, deleted, missing, and a rate different from what Cliniko charged', () => {
    const p = preflightLines(
      '8',
      [
        line({ taxType: 'INPUT' }),
        line({ taxType: 'TAX001', ratePercent: '15' }),
        line({ taxType: 'NOPE' }),
        line({ taxType: 'EXEMPTOUTPUT' }),
      ],
      refs,
    );
    expect(p.map((x) => x.code)).toEqual([
      'tax-not-revenue',
      'tax-inactive',
      'tax-missing',
      'tax-rate-mismatch',
    ]);
    expect(p[0]!.message).toBe(
      'Invoice 8, line "Initial consultation": Xero tax rate INPUT (GST on Expenses) cannot be used on sales. Choose another Xero tax rate for Cliniko tax "GST" in Mappings, then retry.',
    );
    expect(p[3]!.message).toContain(
      'Cliniko charged GST at 10% but Xero tax rate EXEMPTOUTPUT (GST Free Income) is 0%.',
    );
    expect(p[3]!.settingPath).toBe('taxRates.1');
  });
});

describe('payment account', () => {
  it('must be BANK or have payments enabled, and be active', () => {
    expect(checkPaymentAccount('090', XERO_ACCOUNTS)).toBeNull();
    expect(checkPaymentAccount('091', XERO_ACCOUNTS)).toBeNull();
    expect(checkPaymentAccount('610', XERO_ACCOUNTS)?.code).toBe('account-not-payable');
    expect(preflightPayment('1042', '610', { source: 'default' }, refs)).toEqual([
      {
        code: 'account-not-payable',
        message:
          'Invoice 1042: Xero account 610 (Accounts Receivable) cannot receive payments (it is not a bank account and "Enable payments to this account" is off in Xero). Choose another payment account in Mappings, then retry.',
        settingPath: 'defaults.paymentAccountCode',
      },
    ]);
  });
});

describe('preflightSettings', () => {
  it('flags every bad code in the settings by path', () => {
    const s = readySettings();
    s.defaults.taxExemptTaxType = 'OUTPUT';
    s.defaults.paymentAccountCode = '200';
    s.billableItems['5'] = { accountCode: '205' };
    s.taxRates['2'] = 'INPUT';
    s.paymentTypes['Cash'] = { accountCode: '090' };
    expect(preflightSettings(s, refs).map((p) => [p.path, p.code])).toEqual([
      ['defaults.paymentAccountCode', 'account-not-payable'],
      ['defaults.taxExemptTaxType', 'tax-rate-mismatch'],
      ['billableItems.5', 'account-inactive'],
      ['taxRates.2', 'tax-not-revenue'],
    ]);
    expect(preflightSettings(readySettings(), refs)).toEqual([]);
  });
});
