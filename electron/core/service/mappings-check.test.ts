import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/settings.js';
import type { XeroRefs } from '../sync/preflight.js';
import { checkMappings, clinicView } from './mappings-check.js';
import { clinicLocaleFor } from '../../../shared/clinic-locale.js';

const refs: XeroRefs = {
  accounts: [
    { Code: '200', Name: 'Sales', Type: 'REVENUE', Status: 'ACTIVE' },
    { Code: '205', Name: 'Old income', Type: 'REVENUE', Status: 'ARCHIVED' },
    { Code: '090', Name: 'Bank', Type: 'BANK', Status: 'ACTIVE' },
    { Code: '610', Name: 'Receivable', Type: 'CURRENT', Status: 'ACTIVE' },
  ],
  taxRates: [
    {
      TaxType: 'OUTPUT',
      Name: 'GST on Income',
      Status: 'ACTIVE',
      EffectiveRate: '10.0000',
      CanApplyToRevenue: true,
    },
    {
      TaxType: 'EXEMPTOUTPUT',
      Name: 'GST Free Income',
      Status: 'ACTIVE',
      EffectiveRate: 0,
      CanApplyToRevenue: true,
    },
    { TaxType: 'OUT15A', Name: 'A 15%', Status: 'ACTIVE', EffectiveRate: 15, CanApplyToRevenue: true },
    { TaxType: 'OUT15B', Name: 'B 15%', Status: 'ACTIVE', EffectiveRate: '15', CanApplyToRevenue: true },
  ],
};

function settings() {
  return {
    ...defaultSettings('2026-01-01'),
    defaults: {
      serviceAccountCode: '200',
      productAccountCode: '205',
      paymentAccountCode: '610',
      taxExemptTaxType: 'EXEMPTOUTPUT',
    },
    billableItems: { b2: { accountCode: '205' } },
    paymentTypes: { EFTPOS: { accountCode: '090' } },
  };
}
const src = {
  billableItems: [{ id: 'b1' }, { id: 'b2' }],
  products: [{ id: 'p1' }],
  practitioners: [{ id: 'pr1' }],
  taxes: [
    { id: 't10', name: 'GST', rate: '10' },
    { id: 't0', name: 'Free', rate: '0' },
    { id: 't15', name: 'Fifteen', rate: '15.000' },
  ],
  paymentTypes: ['EFTPOS', 'Cash'],
};

describe('mappings.check: the core checks every row the grid shows', () => {
  const c = checkMappings(settings(), src, refs);
  const row = (kind: string, key: string) => c.rows.find((r) => r.kind === kind && r.key === key);

  it('flags an inherited archived default and an archived override with pre-flight’s own words', () => {
    expect(row('billableItems', 'b1')).toMatchObject({ value: '', effective: '200', finding: null });
    expect(row('billableItems', 'b1')?.inherited).toEqual({ code: '200', from: 'services-default' });
    expect(row('billableItems', 'b2')?.finding).toBe('Xero account 205 (Old income) is archived.');
    expect(row('products', 'p1')).toMatchObject({ value: '', effective: '205' });
    expect(row('products', 'p1')?.finding).toMatch(/archived/);
    expect(c.defaults.productAccountCode).toMatch(/archived/);
    expect(c.defaults.serviceAccountCode).toBeNull();
  });

  it('payment types: the override is checked as a payment account, the default too', () => {
    expect(row('paymentTypes', 'EFTPOS')?.finding).toBeNull();
    expect(row('paymentTypes', 'Cash')?.finding).toMatch(/cannot receive payments/);
    expect(c.defaults.paymentAccountCode).toMatch(/cannot receive payments/);
  });

  it('taxes: the same-rate match uses decimal rates ("10.0000" = "10"), never Number()', () => {
    expect(row('taxRates', 't10')).toMatchObject({
      inherited: { code: 'OUTPUT', from: 'same-rate' },
      effective: 'OUTPUT',
      finding: null,
    });
    expect(row('taxRates', 't0')?.inherited).toEqual({ code: 'EXEMPTOUTPUT', from: 'tax-free-default' });
    expect(row('taxRates', 't15')?.finding).toBe(
      'Several Xero sales tax rates are 15.000% (OUT15A, OUT15B): choose one for Fifteen.',
    );
  });

  it('practitioners inherit from the line and are fine without an override', () => {
    expect(row('practitioners', 'pr1')).toMatchObject({ inheritsFromLine: true, finding: null });
  });

  it('before Xero was read, nothing is flagged and the answer says so', () => {
    const unknown = checkMappings(settings(), src, null);
    expect(unknown.xeroKnown).toBe(false);
    expect(unknown.rows.every((r) => r.finding === null)).toBe(true);
  });
});

describe('app.clinic', () => {
  it('an AU business: en-AU, AUD, and the Cliniko web address of the shard', () => {
    expect(clinicView(clinicLocaleFor('Australia/Perth'), 'https://api.au2.cliniko.com/v1')).toEqual({
      locale: 'en-AU',
      timeZone: 'Australia/Perth',
      currency: 'AUD',
      clinikoWebUrl: 'https://au2.cliniko.com',
    });
    expect(clinicView(clinicLocaleFor('Europe/London'), 'http://127.0.0.1:9/v1').clinikoWebUrl).toBeNull();
  });
});
