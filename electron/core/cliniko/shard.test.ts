import { describe, expect, it } from 'vitest';
import { clinikoEndpoint } from './shard.js';

describe('clinikoEndpoint', () => {
  it('routes a key to the shard of its suffix', () => {
    expect(clinikoEndpoint('MxJrZXkiOiI1Njd1amJmZTQ1NyJ9-au2', {})).toEqual({
      baseUrl: 'https://api.au2.cliniko.com/v1',
      shard: 'au2',
      overridden: false,
    });
    expect(clinikoEndpoint('abc-UK1', {}).baseUrl).toBe('https://api.uk1.cliniko.com/v1');
    expect(clinikoEndpoint('  abc-us1\n', {}).baseUrl).toBe('https://api.us1.cliniko.com/v1');
  });

  it('uses au1 for a key without a suffix', () => {
    expect(clinikoEndpoint('MxJrZXkiOiI1Njd1amJmZTQ1NyJ9', {}).baseUrl).toBe(
      'https://api.au1.cliniko.com/v1',
    );
  });

  it('refuses a suffix that is not letters + digits, with a clear message', () => {
    for (const key of ['abc-au', 'abc-12', 'abc-', 'abc-au2x', 'abc-a.u2']) {
      expect(() => clinikoEndpoint(key, {})).toThrow(/does not look like a Cliniko API key/);
    }
    // A key cut in the wrong place: the message never repeats a piece of the secret part.
    const secret = 'MS0xMjM0NTY3ODkwMTIz-NDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6';
    expect(() => clinikoEndpoint(secret, {})).toThrow(/does not look like a Cliniko API key/);
    expect(() => clinikoEndpoint(secret, {})).not.toThrow(/NDU2Nzg5/);
    expect(() => clinikoEndpoint('abc-a.u2', {})).toThrow(/not "-a\.u2"/);
    expect(() => clinikoEndpoint('   ', {})).toThrow(/Paste your Cliniko API key/);
    expect(() => clinikoEndpoint('ab c-au1', {})).toThrow(/no spaces/);
  });

  it('lets CXS_CLINIKO_API_URL override the host (still checking the key)', () => {
    const env = { CXS_CLINIKO_API_URL: 'http://127.0.0.1:9999/v1/' };
    expect(clinikoEndpoint('abc-au3', env)).toEqual({
      baseUrl: 'http://127.0.0.1:9999/v1',
      shard: 'au3',
      overridden: true,
    });
    expect(() => clinikoEndpoint('abc-!!', env)).toThrow(/does not look like/);
    expect(() => clinikoEndpoint('abc-au1', { CXS_CLINIKO_API_URL: 'not a url' })).toThrow(/not a URL/);
  });
});
