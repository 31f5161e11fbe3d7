import { describe, expect, it } from 'vitest';
import { parseReportAmount } from './amount.js';

describe('parseReportAmount', () => {
  it.each([
    ['80.00', 8000],
    ['$1,234.50', 123450],
    ['AU$ 80', 8000],
    ['  12.5 ', 1250],
    ['-50.00', -5000],
    ['(50.00)', -5000],
    ['-$50.00', -5000],
    ['$-50.00', -5000],
    ['($1,000.00)', -100000],
    ['0.01', 1],
  ])('%s → %d cents', (text, cents) => {
    expect(parseReportAmount(text)).toBe(cents);
  });

  it.each(['', 'NaN', '1e3', '12.345', '1,23.00', '--5', '(-5)', '$', 'ten', '1.2.3'])(
    'refuses %j',
    (text) => {
      expect(() => parseReportAmount(text)).toThrow();
    },
  );
});
