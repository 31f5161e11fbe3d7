import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from './router';

describe('addresses (issue 16 item 7)', () => {
  it('a screen, a tab and filters round-trip through the fragment', () => {
    const r = { screen: 'mappings', sub: 'products', params: { q: 'gift card', unmapped: '1' } };
    expect(formatHash(r)).toBe('#/mappings/products?q=gift+card&unmapped=1');
    expect(parseHash(formatHash(r))).toEqual(r);
    expect(parseHash('#/log?state=needs_attention')).toEqual({
      screen: 'log',
      sub: '',
      params: { state: 'needs_attention' },
    });
  });

  it('empty parameters are left out; no fragment is the default screen', () => {
    expect(formatHash({ screen: 'log', params: { state: '', q: 'x' } })).toBe('#/log?q=x');
    expect(parseHash('')).toEqual({ screen: '', sub: '', params: {} });
  });
});
