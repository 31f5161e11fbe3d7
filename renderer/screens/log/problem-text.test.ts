import { describe, expect, it } from 'vitest';
import { fixRoute, parseProblems, problemSummary } from './problem-text';

const archived =
  'Invoice CL-1042, line "Pilates Class": Xero account 205 (Old income) is archived. Choose another account for billable item "Pilates Class" in Mappings, then retry.';

describe('the Problem column (issue 16 item 3)', () => {
  it('leads with the fix and drops the invoice number', () => {
    expect(problemSummary(archived)).toBe(
      'Choose another account for billable item "Pilates Class" in Mappings: Xero account 205 (Old income) is archived.',
    );
    expect(problemSummary(archived)).not.toContain('CL-1042');
  });

  it('says a problem repeated for two lines once', () => {
    const twice = `${archived} ${archived.replace('CL-1042', 'CL-1042')}`;
    expect(parseProblems(twice)).toHaveLength(1);
    const two = `${archived} Invoice CL-1042, line "Massage": Xero tax rate X (Y) is deleted. Choose another Xero tax rate for Cliniko tax "GST" in Mappings, then retry.`;
    expect(parseProblems(two).map((p) => p.line)).toEqual(['Pilates Class', 'Massage']);
  });

  it('keeps Xero’s own words when there is no fix sentence', () => {
    expect(problemSummary('Invoice CL-7: Xero said: Contact is archived.')).toBe(
      'Xero said: Contact is archived.',
    );
    expect(problemSummary(null)).toBe('');
  });
});

describe('Fix this (issue 16 item 2)', () => {
  it('opens the exact mapping row, or the default, that pre-flight names', () => {
    expect(fixRoute('billableItems.123')).toEqual({
      screen: 'mappings',
      sub: 'billableItems',
      params: { row: '123' },
    });
    expect(fixRoute('paymentTypes.EFTPOS.Visa')).toEqual({
      screen: 'mappings',
      sub: 'paymentTypes',
      params: { row: 'EFTPOS.Visa' },
    });
    expect(fixRoute('defaults.paymentAccountCode')).toEqual({
      screen: 'mappings',
      sub: 'defaults',
      params: { field: 'paymentAccountCode' },
    });
    expect(fixRoute('taxRates')).toEqual({ screen: 'mappings', sub: 'taxRates', params: {} });
    expect(fixRoute('invoicePrefix')).toBeNull();
  });
});
