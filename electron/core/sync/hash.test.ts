import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from './hash.js';

describe('contentHash', () => {
  it('ignores key order at every level and drops undefined members', () => {
    const a = { Type: 'ACCREC', LineItems: [{ UnitAmount: 100, Description: 'x' }], Url: undefined };
    const b = { LineItems: [{ Description: 'x', UnitAmount: 100 }], Type: 'ACCREC' };
    expect(canonicalJson(a)).toBe('{"LineItems":[{"Description":"x","UnitAmount":100}],"Type":"ACCREC"}');
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when content changes, including array order', () => {
    expect(contentHash({ a: [1, 2] })).not.toBe(contentHash({ a: [2, 1] }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: '1' }));
    expect(contentHash({ a: 110 })).toBe(contentHash({ a: 110.0 }));
  });

  it('is a known value (stable across versions)', () => {
    expect(contentHash({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => contentHash({ a: Number.NaN })).toThrow(TypeError);
    expect(() => contentHash({ a: 1n })).toThrow(TypeError);
  });
});
