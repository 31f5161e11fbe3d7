import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { redactMessage, registerSecret } from '../secrets/redact.js';
import { parseJsonExact } from './exact-json.js';
import type { ClinikoRateLimiter } from './limiter.js';

/** Used in Cliniko's required `User-Agent: app (email)` until the user gives a contact email. */
export const DEFAULT_CONTACT_EMAIL = 'dev@clinic-xero-sync.invalid';
export const USER_AGENT_APP = 'clinic-xero-sync';

export function clinikoUserAgent(contactEmail?: string | null): string {
  const email = contactEmail?.trim() || DEFAULT_CONTACT_EMAIL;
  return `${USER_AGENT_APP} (${email})`;
}

export type Query = Record<string, string | number | boolean | readonly (string | number)[] | undefined>;

/** One page of a Cliniko list: the records, the total, and where it came from. */
export type ClinikoPage = {
  items: unknown[];
  totalEntries: number | null;
  /** The URL this page was read from; `links.next` of the previous page. */
  url: string;
  next: string | null;
};

export type ClinikoErrorKind =
  'unauthorized' | 'forbidden' | 'not_found' | 'rate_limited' | 'http' | 'network';

/** A failed Cliniko call, with a message that never contains the key or a header. */
export class ClinikoHttpError extends Error {
  constructor(
    readonly kind: ClinikoErrorKind,
    readonly status: number | null,
    message: string,
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = 'ClinikoHttpError';
  }
}

export type ClinikoClientOptions = {
  apiKey: string;
  /** e.g. https://api.au2.cliniko.com/v1 (see shard.ts) */
  baseUrl: string;
  contactEmail?: string | null;
  /** Milliseconds (default 30 s). */
  timeoutMs?: number;
  /** 429s in a row before giving up (default 5). */
  maxRateLimitRetries?: number;
  /** Longest single wait for a rate-limit reset (default 65 s: the limit is per minute). */
  maxRateLimitWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Paces requests (200/min per key) and shares a 429's reset with every request of the key. */
  limiter?: ClinikoRateLimiter | null;
  /** Told each request's outcome (error undefined: Cliniko answered), so outages can be shown. */
  observe?: (error?: ClinikoHttpError) => void;
};

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The one HTTP client for Cliniko: base URL, Basic auth with the key as user name (empty password),
 * the required User-Agent and Accept headers, exact int64 IDs, and 429 → wait for X-RateLimit-Reset.
 */
export class ClinikoClient {
  readonly baseUrl: string;
  readonly #http: AxiosInstance;
  readonly #origin: string;
  readonly #opts: Required<Pick<ClinikoClientOptions, 'maxRateLimitRetries' | 'maxRateLimitWaitMs'>> & {
    now: () => number;
    sleep: (ms: number) => Promise<void>;
  };
  readonly #apiKey: string;
  readonly #limiter: ClinikoRateLimiter | null;
  readonly #observe: (error?: ClinikoHttpError) => void;

  constructor(options: ClinikoClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#origin = new URL(this.baseUrl).origin;
    this.#apiKey = options.apiKey;
    this.#limiter = options.limiter ?? null;
    this.#observe = options.observe ?? (() => undefined);
    registerSecret(options.apiKey);
    this.#opts = {
      maxRateLimitRetries: options.maxRateLimitRetries ?? 5,
      maxRateLimitWaitMs: options.maxRateLimitWaitMs ?? 65_000,
      now: options.now ?? Date.now,
      sleep: options.sleep ?? defaultSleep,
    };
    this.#http = axios.create({
      baseURL: this.baseUrl,
      timeout: options.timeoutMs ?? 30_000,
      auth: { username: options.apiKey, password: '' },
      headers: { 'User-Agent': clinikoUserAgent(options.contactEmail), Accept: 'application/json' },
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
      proxy: false,
    });
  }

  /** GET a path under the base URL (or an absolute URL on the same host) and return its parsed JSON. */
  async get(path: string, query?: Query): Promise<unknown> {
    return (await this.#request(path, query)).json;
  }

  /**
   * Every page of a list, following `links.next` until there is none. Items are the response's one
   * array property (`invoices`, `patients`, …); pass `itemsKey` when there could be more than one.
   */
  async *paginate(path: string, query?: Query, itemsKey?: string): AsyncGenerator<ClinikoPage> {
    let next: string | null = path;
    let q: Query | undefined = query;
    while (next) {
      const { json, url } = await this.#request(next, q);
      q = undefined; // links.next already carries the query
      const page = asRecord(json);
      const items = itemsKey ? page[itemsKey] : Object.values(page).find((v) => Array.isArray(v));
      const links = asRecord(page.links);
      const nextUrl = typeof links.next === 'string' && links.next.length > 0 ? links.next : null;
      const total = page.total_entries;
      yield {
        items: Array.isArray(items) ? items : [],
        totalEntries: typeof total === 'number' ? total : typeof total === 'string' ? Number(total) : null,
        url,
        next: nextUrl,
      };
      next = nextUrl;
    }
  }

  async #request(pathOrUrl: string, query?: Query): Promise<{ json: unknown; url: string }> {
    const absolute = /^https?:\/\//i.test(pathOrUrl);
    if (absolute && new URL(pathOrUrl).origin !== this.#origin) {
      // Never send the key to another host, whatever a response's links say.
      throw new ClinikoHttpError(
        'http',
        null,
        `Cliniko sent a link to another host (${new URL(pathOrUrl).host}).`,
      );
    }
    const url = absolute ? pathOrUrl : `${this.baseUrl}/${pathOrUrl.replace(/^\/+/, '')}`;
    for (let attempt = 0; ; attempt++) {
      let res: AxiosResponse<string>;
      await this.#limiter?.acquire();
      try {
        res = await this.#http.get<string>(url, { params: query });
      } catch (err) {
        const e = networkError(err, this.#origin, this.#apiKey);
        this.#observe(e);
        throw e;
      }
      if (res.status === 429 && attempt < this.#opts.maxRateLimitRetries) {
        const wait = this.#rateLimitWaitMs(res.headers as Record<string, unknown>, attempt);
        this.#limiter?.holdFor(wait);
        await this.#opts.sleep(wait);
        continue;
      }
      const json = parseBody(res.data);
      if (res.status >= 200 && res.status < 300) {
        this.#observe();
        return { json, url };
      }
      const e = httpError(res.status, json, this.#apiKey);
      this.#observe(e);
      throw e;
    }
  }

  /** X-RateLimit-Reset (epoch seconds), else Retry-After (seconds), else exponential backoff. */
  #rateLimitWaitMs(headers: Record<string, unknown>, attempt: number): number {
    const reset = Number(headers['x-ratelimit-reset']);
    const retryAfter = Number(headers['retry-after']);
    let wait: number;
    if (Number.isFinite(reset) && reset > 0) wait = reset * 1000 - this.#opts.now() + 250;
    else if (Number.isFinite(retryAfter) && retryAfter >= 0) wait = retryAfter * 1000;
    else wait = 1000 * 2 ** attempt;
    return Math.min(Math.max(wait, 250), this.#opts.maxRateLimitWaitMs);
  }
}

function parseBody(text: string): unknown {
  if (typeof text !== 'string' || text.trim() === '') return null;
  try {
    return parseJsonExact(text);
  } catch {
    return text.slice(0, 500);
  }
}

function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function httpError(status: number, body: unknown, apiKey: string): ClinikoHttpError {
  const detail =
    typeof body === 'string'
      ? body
      : typeof asRecord(body).message === 'string'
        ? String(asRecord(body).message)
        : '';
  const safe = detail ? `: ${redactMessage(detail, { secrets: [apiKey] }).slice(0, 300)}` : '';
  if (status === 401)
    return new ClinikoHttpError('unauthorized', status, 'Cliniko rejected this API key.', body);
  if (status === 403) {
    return new ClinikoHttpError('forbidden', status, `Cliniko refused access (HTTP 403)${safe}`, body);
  }
  if (status === 404)
    return new ClinikoHttpError('not_found', status, `Cliniko: not found (HTTP 404)${safe}`, body);
  if (status === 429) {
    return new ClinikoHttpError(
      'rate_limited',
      status,
      'Cliniko is rate-limiting requests; try again in a minute.',
    );
  }
  return new ClinikoHttpError('http', status, `Cliniko answered HTTP ${status}${safe}`, body);
}

function networkError(err: unknown, origin: string, apiKey: string): ClinikoHttpError {
  const code = (err as { code?: unknown }).code;
  const why = typeof code === 'string' ? code : redactMessage(err, { secrets: [apiKey] }).slice(0, 200);
  return new ClinikoHttpError('network', null, `Could not reach Cliniko at ${origin} (${why}).`);
}
