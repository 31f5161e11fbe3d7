import { describe, expect, it } from 'vitest';
import {
  clinicLocaleFor,
  datePattern,
  formatAmount,
  formatDate,
  formatDateTime,
  formatMoney,
  parseLocalDate,
} from './clinic-locale.js';

const au = clinicLocaleFor('Australia/Sydney');

describe('the clinic locale (issue 16 item 4)', () => {
  it('comes from the business zone', () => {
    expect(au).toEqual({ locale: 'en-AU', timeZone: 'Australia/Sydney', currency: 'AUD' });
    expect(clinicLocaleFor('Pacific/Auckland').currency).toBe('NZD');
    expect(clinicLocaleFor('Europe/London').locale).toBe('en-GB');
    expect(clinicLocaleFor(null).locale).toBe('en-AU');
  });

  it('writes AU dates and money as an AU bookkeeper does', () => {
    expect(formatDate('2026-12-04', au)).toBe('04/12/2026');
    expect(formatMoney(123450, au)).toBe('$1,234.50');
    expect(formatMoney(-1200, au)).toBe('-$12.00');
    expect(formatMoney(90071992547409, au)).toBe('$900,719,925,474.09');
    expect(formatAmount(123450, au)).toBe('1234.50');
  });

  it('shows times on the clinic clock with the zone named', () => {
    // 05:28 UTC on 4 Dec is 4:28 pm in Sydney (AEDT, UTC+11).
    expect(formatDateTime('2026-12-04T05:28:00Z', au)).toMatch(/^04\/12\/2026, 4:28\s?pm AEDT$/);
  });

  it('reads typed dates in the clinic order, and ISO', () => {
    expect(datePattern(au).placeholder).toBe('dd/mm/yyyy');
    expect(parseLocalDate('04/12/2026', au)).toBe('2026-12-04');
    expect(parseLocalDate('4/12/26', au)).toBe('2026-12-04');
    expect(parseLocalDate('2026-12-04', au)).toBe('2026-12-04');
    expect(parseLocalDate('31/02/2026', au)).toBeNull();
    expect(parseLocalDate('12/04', au)).toBeNull();
    expect(parseLocalDate('12/04/2026', clinicLocaleFor('America/Chicago'))).toBe('2026-12-04');
  });
});
