import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  centsToNumber,
  compareDecimal,
  decimalToString,
  divRound,
  fitsScale,
  formatCents,
  MoneyError,
  parseCents,
  parseCentsRounded,
  parseDecimal,
  roundToScale,
} from './money.js';

describe('parseCents', () => {
  it.each([
    ['110.00', 11000],
    ['50.0', 5000],
    ['-5.5', -550],
    ['0', 0],
    ['.5', 50],
    [' 7 ', 700],
    ['0.120', 12],
    [110.5, 11050],
    ['90071992547409.91', 9007199254740991],
  ])('%j → %d cents', (input, cents) => {
    expect(parseCents(input)).toBe(cents);
  });

  it.each(['0.125', '81.818', 'abc', '', '1,00', '1e3', '--1', '1.2.3'])('refuses %j', (input) => {
    expect(() => parseCents(input)).toThrow(MoneyError);
  });

  it('refuses amounts beyond 2^53 cents', () => {
    expect(() => parseCents('90071992547409.92')).toThrow(/too large/);
  });
});

describe('parseCentsRounded', () => {
  it('rounds half away from zero by default', () => {
    expect(parseCentsRounded('81.818')).toBe(8182);
    expect(parseCentsRounded('0.125')).toBe(13);
    expect(parseCentsRounded('-0.125')).toBe(-13);
  });
  it('rounds half to even on request', () => {
    expect(parseCentsRounded('0.125', 'half-even')).toBe(12);
    expect(parseCentsRounded('0.135', 'half-even')).toBe(14);
    expect(parseCentsRounded('0.1251', 'half-even')).toBe(13);
  });
});

describe('formatCents', () => {
  it.each([
    [11000, '110.00'],
    [5, '0.05'],
    [-550, '-5.50'],
    [0, '0.00'],
    [-1, '-0.01'],
  ])('%d → %s', (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });
  it('refuses fractional cents', () => {
    expect(() => formatCents(1.5)).toThrow(MoneyError);
  });
  it('round-trips through parseCents and through a JSON number', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (c) => {
        expect(parseCents(formatCents(c))).toBe(c);
        expect(parseCents(JSON.parse(JSON.stringify(centsToNumber(c))) as number)).toBe(c);
      }),
    );
  });
});

describe('divRound', () => {
  it('half-up is away from zero, half-even goes to the even neighbour', () => {
    expect(divRound(5n, 2n, 'half-up')).toBe(3n);
    expect(divRound(-5n, 2n, 'half-up')).toBe(-3n);
    expect(divRound(5n, 2n, 'half-even')).toBe(2n);
    expect(divRound(7n, 2n, 'half-even')).toBe(4n);
    expect(divRound(-7n, 2n, 'half-even')).toBe(-4n);
    expect(divRound(7n, -2n, 'half-up')).toBe(-4n);
    expect(divRound(1n, 3n, 'half-up')).toBe(0n);
    expect(divRound(2n, 3n, 'half-even')).toBe(1n);
  });
  it('agrees with exact rational rounding', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        (n, d) => {
          const q = divRound(n, d, 'half-up');
          // |n/d − q| ≤ 1/2  ⇔  |n − q·d|·2 ≤ d
          const err = n - q * d;
          expect((err < 0n ? -err : err) * 2n <= d).toBe(true);
        },
      ),
    );
  });
});

describe('decimals', () => {
  it('parses and prints exactly', () => {
    expect(parseDecimal('81.818')).toEqual({ units: 81818n, scale: 3 });
    expect(decimalToString(parseDecimal('110.00'))).toBe('110');
    expect(decimalToString(parseDecimal('-0.050'))).toBe('-0.05');
    expect(decimalToString(parseDecimal('514810976554457178'))).toBe('514810976554457178');
  });
  it('rounds and compares', () => {
    expect(roundToScale(parseDecimal('1.23456'), 4, 'half-up')).toBe(12346n);
    expect(fitsScale(parseDecimal('1.2300'), 2)).toBe(true);
    expect(fitsScale(parseDecimal('1.2301'), 2)).toBe(false);
    expect(compareDecimal(parseDecimal('10.0'), parseDecimal('10'))).toBe(0);
    expect(compareDecimal(parseDecimal('9.99'), parseDecimal('10'))).toBe(-1);
  });
});
