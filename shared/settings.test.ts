import { describe, expect, it } from 'vitest';
import { defaultSettings, isSyncReady, mergeSettings, parseSettings, type Settings } from './settings.js';

// The issue's example file, verbatim apart from real IDs.
const issueFile = {
  invoicePrefix: '',
  invoiceStatus: 'AUTHORISED',
  syncFrom: '2026-01-01',
  defaults: {
    serviceAccountCode: '200',
    productAccountCode: '200',
    paymentAccountCode: '090',
    taxExemptTaxType: 'EXEMPTOUTPUT',
  },
  taxRates: { '1': 'OUTPUT' },
  billableItems: { '514810976554457178': { accountCode: '201' } },
  products: { '7': { accountCode: '211' } },
  practitioners: { '26': { accountCode: '202' } },
  paymentTypes: { EFTPOS: { accountCode: '091' } },
};

function ok(json: unknown): Settings {
  const r = parseSettings(json);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.settings;
}

function errors(json: unknown): string[] {
  const r = parseSettings(json);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

describe('parseSettings', () => {
  it("accepts the issue's file and fills the app's own options with defaults", () => {
    const s = ok(issueFile);
    expect(s.defaults.paymentAccountCode).toBe('090');
    expect(s).toMatchObject({
      version: 1,
      pollIntervalSeconds: 30,
      dueDateDays: 0,
      contactEmail: '',
      startAtLogin: false,
      notifications: true,
    });
  });

  it('accepts the app options when given', () => {
    const s = ok({
      ...issueFile,
      version: 1,
      pollIntervalSeconds: 15,
      dueDateDays: 14,
      contactEmail: 'it@clinic.example',
      startAtLogin: true,
      notifications: false,
    });
    expect(s.dueDateDays).toBe(14);
  });

  it('names a missing key as required', () => {
    const { paymentAccountCode: _drop, ...defaults } = issueFile.defaults;
    expect(errors({ ...issueFile, defaults })).toEqual(['defaults.paymentAccountCode: required']);
    const { taxRates: _t, ...noTax } = issueFile;
    expect(errors(noTax)).toEqual(['taxRates: required']);
  });

  it('refuses unknown keys at any depth', () => {
    expect(errors({ ...issueFile, invoicePrefx: 'CL-' })).toEqual(['invoicePrefx: unknown setting']);
    expect(errors({ ...issueFile, defaults: { ...issueFile.defaults, serviceAcount: '200' } })).toEqual([
      'defaults.serviceAcount: unknown setting',
    ]);
    expect(errors({ ...issueFile, products: { '7': { accountCode: '211', taxType: 'OUTPUT' } } })).toEqual([
      'products.7.taxType: unknown setting',
    ]);
  });

  it('refuses bad values with the path', () => {
    const errs = errors({
      ...issueFile,
      invoiceStatus: 'PAID',
      syncFrom: '2026-02-30',
      taxRates: { GST: 'OUTPUT', '2': 'output' },
      billableItems: { '1': { accountCode: 'ELEVENCHARS' } },
      pollIntervalSeconds: 5,
      version: 2,
    });
    expect(errs).toContain('invoiceStatus: must be AUTHORISED or DRAFT');
    expect(errs).toContain('syncFrom: must be a date YYYY-MM-DD');
    expect(errs.some((e) => e.startsWith('taxRates.GST: must be a Cliniko ID'))).toBe(true);
    expect(errs).toContain('taxRates.2: must be a Xero tax type code such as OUTPUT or EXEMPTOUTPUT');
    expect(errs).toContain(
      'billableItems.1.accountCode: must be a Xero account code (up to 10 letters or digits)',
    );
    expect(errs.some((e) => e.startsWith('pollIntervalSeconds:'))).toBe(true);
    expect(errs.some((e) => e.startsWith('version:'))).toBe(true);
  });

  it('refuses a non-object', () => {
    expect(errors(null)).toHaveLength(1);
    expect(errors([])).toHaveLength(1);
  });
});

describe('defaultSettings / isSyncReady', () => {
  it('a fresh install is a valid file that is not ready to sync', () => {
    const d = defaultSettings('2026-03-01');
    expect(parseSettings(d)).toEqual({ ok: true, settings: d });
    expect(isSyncReady(d)).toEqual({
      ready: false,
      missing: [
        'defaults.serviceAccountCode',
        'defaults.productAccountCode',
        'defaults.paymentAccountCode',
        'defaults.taxExemptTaxType',
      ],
    });
  });

  it('is ready once the four defaults are set', () => {
    expect(isSyncReady(ok(issueFile))).toEqual({ ready: true, missing: [] });
    const s = ok({ ...issueFile, defaults: { ...issueFile.defaults, taxExemptTaxType: '' } });
    expect(isSyncReady(s)).toEqual({ ready: false, missing: ['defaults.taxExemptTaxType'] });
  });
});

describe('mergeSettings', () => {
  const current = ok(issueFile);

  it('merges defaults key by key and tables entry by entry; null clears an override', () => {
    const r = mergeSettings(current, {
      defaults: { paymentAccountCode: '091' },
      products: { '8': { accountCode: '212' } },
      practitioners: { '26': null },
      invoicePrefix: 'CL-',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.settings.defaults).toEqual({ ...issueFile.defaults, paymentAccountCode: '091' });
    expect(r.settings.products).toEqual({ '7': { accountCode: '211' }, '8': { accountCode: '212' } });
    expect(r.settings.practitioners).toEqual({});
    expect(r.settings.invoicePrefix).toBe('CL-');
    // The input is untouched.
    expect(current.practitioners).toEqual({ '26': { accountCode: '202' } });
  });

  it('validates the result', () => {
    expect(mergeSettings(current, { dueDateDays: -1 })).toMatchObject({ ok: false });
    expect(mergeSettings(current, { bogus: 1 })).toEqual({ ok: false, errors: ['bogus: unknown setting'] });
    expect(mergeSettings(current, { products: { '9': { accountCode: '' } } })).toMatchObject({ ok: false });
    expect(mergeSettings(current, 'x')).toMatchObject({ ok: false });
  });
});

describe('invoicePrefix', () => {
  it('allows short text, refuses edges of whitespace and control characters', () => {
    expect(parseSettings({ ...issueFile, invoicePrefix: 'CL-' }).ok).toBe(true);
    expect(parseSettings({ ...issueFile, invoicePrefix: 'Clinic A/' }).ok).toBe(true);
    expect(errors({ ...issueFile, invoicePrefix: 'CL ' })).toEqual([
      'invoicePrefix: must not start or end with a space',
    ]);
    expect(errors({ ...issueFile, invoicePrefix: 'A\tB' })).toEqual([
      'invoicePrefix: must not contain control characters',
    ]);
  });
});
