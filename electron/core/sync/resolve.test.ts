import { describe, expect, it } from 'vitest';
import { resolveAccount, resolvePaymentAccount } from './resolve-account.js';
import { resolveTax } from './resolve-tax.js';
import { readySettings, XERO_TAX_RATES } from '../../../test/support/sync-fixtures.js';
import type { Settings } from '../../../shared/settings.js';

const settings = (): Settings => ({
  ...readySettings(),
  billableItems: { '1': { accountCode: '201' } },
  products: { '7': { accountCode: '211' } },
  practitioners: { '26': { accountCode: '202' } },
  paymentTypes: { EFTPOS: { accountCode: '091' } },
});

describe('resolveAccount: item override > practitioner override > default for the kind', () => {
  it('item override wins', () => {
    expect(
      resolveAccount(settings(), { billableItemId: '1', productId: null, practitionerId: '26' }),
    ).toEqual({
      ok: true,
      code: '201',
      source: 'override',
      kind: 'billable-item',
      id: '1',
    });
    expect(
      resolveAccount(settings(), { billableItemId: null, productId: '7', practitionerId: '26' }),
    ).toMatchObject({ code: '211', source: 'override', kind: 'product' });
  });
  it('then the practitioner', () => {
    expect(
      resolveAccount(settings(), { billableItemId: '2', productId: null, practitionerId: '26' }),
    ).toEqual({ ok: true, code: '202', source: 'practitioner', id: '26' });
    expect(
      resolveAccount(settings(), { billableItemId: null, productId: '8', practitionerId: '26' }),
    ).toMatchObject({ code: '202', source: 'practitioner' });
  });
  it('then the default for services or products', () => {
    expect(
      resolveAccount(settings(), { billableItemId: '2', productId: null, practitionerId: '27' }),
    ).toEqual({ ok: true, code: '200', source: 'default', kind: 'billable-item' });
    expect(
      resolveAccount(settings(), { billableItemId: null, productId: '8', practitionerId: null }),
    ).toEqual({ ok: true, code: '211', source: 'default', kind: 'product' });
  });
  it('reports an unset default', () => {
    const s = settings();
    s.defaults.productAccountCode = '';
    expect(resolveAccount(s, { billableItemId: null, productId: '8', practitionerId: null })).toEqual({
      ok: false,
      source: 'default',
      kind: 'product',
      missing: 'productAccountCode',
    });
  });
  it('payment account: payment type override, else the default', () => {
    expect(resolvePaymentAccount(settings(), 'EFTPOS')).toEqual({
      ok: true,
      code: '091',
      source: 'override',
    });
    expect(resolvePaymentAccount(settings(), 'Cash')).toEqual({ ok: true, code: '090', source: 'default' });
    expect(resolvePaymentAccount(settings(), null)).toEqual({ ok: true, code: '090', source: 'default' });
  });
});

describe('resolveTax', () => {
  it('a mapped Cliniko tax uses its mapping', () => {
    expect(resolveTax(settings(), XERO_TAX_RATES, { taxId: '1', ratePercent: '10' })).toEqual({
      ok: true,
      taxType: 'OUTPUT',
      source: 'override',
      taxId: '1',
    });
  });
  it('unmapped: the single ACTIVE revenue rate with the same rate (INPUT and the deleted TAX001 do not count)', () => {
    expect(resolveTax(settings(), XERO_TAX_RATES, { taxId: '2', ratePercent: '15' })).toEqual({
      ok: true,
      taxType: 'OUTPUT2',
      source: 'auto-matched',
    });
    expect(resolveTax(settings(), XERO_TAX_RATES, { taxId: null, ratePercent: '10.0' })).toEqual({
      ok: true,
      taxType: 'OUTPUT',
      source: 'auto-matched',
    });
  });
  it('unmapped with no or several candidates is an error that lists them', () => {
    expect(resolveTax(settings(), XERO_TAX_RATES, { taxId: '3', ratePercent: '12.5' })).toEqual({
      ok: false,
      reason: 'unmapped',
      candidates: [],
    });
    const twoTens = [
      ...XERO_TAX_RATES,
      {
        TaxType: 'TAX002',
        Name: 'Another 10%',
        Status: 'ACTIVE',
        EffectiveRate: 10,
        CanApplyToRevenue: true,
      },
    ];
    expect(resolveTax(settings(), twoTens, { taxId: '3', ratePercent: '10' })).toEqual({
      ok: false,
      reason: 'unmapped',
      candidates: ['OUTPUT', 'TAX002'],
    });
  });
  it('a zero-tax line uses the tax-exempt default, unless its tax is mapped to a 0% rate', () => {
    expect(resolveTax(settings(), XERO_TAX_RATES, { taxId: null, ratePercent: '0' })).toEqual({
      ok: true,
      taxType: 'EXEMPTOUTPUT',
      source: 'default',
    });
    // Item's tax is GST (mapped to OUTPUT) but this line was charged 0%: the line's own rate wins.
    expect(resolveTax(settings(), XERO_TAX_RATES, { taxId: '1', ratePercent: '0' })).toMatchObject({
      taxType: 'EXEMPTOUTPUT',
      source: 'default',
    });
    const s = settings();
    s.taxRates['9'] = 'BASEXCLUDED';
    expect(resolveTax(s, XERO_TAX_RATES, { taxId: '9', ratePercent: '0' })).toEqual({
      ok: true,
      taxType: 'BASEXCLUDED',
      source: 'override',
      taxId: '9',
    });
    s.defaults.taxExemptTaxType = '';
    expect(resolveTax(s, XERO_TAX_RATES, { taxId: null, ratePercent: '0' })).toEqual({
      ok: false,
      reason: 'no-exempt-default',
    });
  });
});
