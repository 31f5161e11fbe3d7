import { ApiError } from '../api-error.js';

/** Where a Cliniko account's API lives, and how we found out. */
export type ClinikoEndpoint = { baseUrl: string; shard: string; overridden: boolean };

const SHARD_RE = /^[a-z]+[0-9]+$/i;

/**
 * The API base URL for a key (cliniko-api.md §1): the shard is the suffix after the last `-`
 * (`…-au2` → `https://api.au2.cliniko.com/v1`), a key without one is `au1`. A suffix that is not
 * letters followed by digits is refused: it is a mistyped key, and guessing would send it to the
 * wrong host. `CXS_CLINIKO_API_URL` (a full base URL including `/v1`) overrides the host.
 */
export function clinikoEndpoint(apiKey: string, env: NodeJS.ProcessEnv = process.env): ClinikoEndpoint {
  const key = apiKey.trim();
  if (key.length === 0) throw new ApiError('invalid_request', 'Paste your Cliniko API key.');
  if (/\s/.test(key)) {
    throw new ApiError('invalid_request', 'A Cliniko API key has no spaces: copy it again from Cliniko.');
  }
  const dash = key.lastIndexOf('-');
  let shard = 'au1';
  if (dash >= 0) {
    const suffix = key.slice(dash + 1);
    if (!SHARD_RE.test(suffix)) {
      throw new ApiError(
        'invalid_request',
        `This does not look like a Cliniko API key: it should end in its region, like "-au2" or "-uk1", ` +
          // A short suffix is a mistyped region; a long one is part of the secret: never echo that.
          `${suffix.length <= 6 ? `not "-${suffix}"` : 'and this one does not'}. ` +
          'Copy the whole key again from Cliniko (My Info → Manage API keys).',
      );
    }
    shard = suffix.toLowerCase();
  }
  const override = env.CXS_CLINIKO_API_URL?.trim();
  if (override) {
    let url: URL;
    try {
      url = new URL(override);
    } catch {
      throw new ApiError('invalid_request', `CXS_CLINIKO_API_URL is not a URL: "${override}".`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ApiError('invalid_request', 'CXS_CLINIKO_API_URL must be an http(s) URL.');
    }
    return { baseUrl: override.replace(/\/+$/, ''), shard, overridden: true };
  }
  return { baseUrl: `https://api.${shard}.cliniko.com/v1`, shard, overridden: false };
}
