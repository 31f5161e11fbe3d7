import { redact, redactMessage } from '../secrets/redact.js';

/** A Xero failure as the rest of the app sees it: no request, no Authorization, no token. */
export type XeroErrorInfo = {
  /** HTTP status; null when no response arrived (network, timeout). */
  status: number | null;
  /** The response body, parsed when JSON, redacted. */
  body: unknown;
  /** Only the headers that matter, lower-cased: retry-after, x-rate-limit-problem, x-*limit-remaining. */
  headers: Record<string, string>;
  /** One redacted line for logs and `lastError`. */
  message: string;
};

const KEEP_HEADER = /^(retry-after|x-rate-limit-problem|x-[a-z-]*limit-remaining)$/;

function pickHeaders(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === null || typeof raw !== 'object') return out;
  const entries =
    typeof (raw as { entries?: unknown }).entries === 'function' && !Array.isArray(raw)
      ? [...(raw as { entries(): Iterable<[string, unknown]> }).entries()]
      : Object.entries(raw);
  for (const [k, v] of entries) {
    const key = k.toLowerCase();
    if (KEEP_HEADER.test(key) && v !== undefined && v !== null)
      out[key] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

function tryJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return v;
  try {
    return JSON.parse(t);
  } catch {
    return v;
  }
}

function rec(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : null;
}

/**
 * Parses whatever a Xero call rejected with — xero-node's JSON string
 * `{"response":{"statusCode","body","headers","request"},"body"}`, an axios error, an openid-client
 * OPError, a fetch Response-like object, or a plain Error — into one redacted shape.
 */
export function parseXeroError(rejection: unknown): XeroErrorInfo {
  const parsed = tryJson(rejection);
  const top = rec(parsed);
  let status: number | null = null;
  let body: unknown = null;
  let headers: Record<string, string> = {};
  if (top) {
    const response = rec(top.response);
    const rawStatus = response?.statusCode ?? response?.status ?? top.statusCode ?? top.status;
    // xero-node reports "no response" (reset, timeout, refused) as statusCode 0.
    if (typeof rawStatus === 'number' && rawStatus > 0) status = rawStatus;
    else if (typeof rawStatus === 'string' && /^\d{3}$/.test(rawStatus)) status = Number(rawStatus);
    body = tryJson(
      response && 'body' in response
        ? response.body
        : response && 'data' in response
          ? response.data
          : top.body,
    );
    if (body === undefined) body = null;
    headers = pickHeaders(response?.headers ?? top.headers);
    // openid-client's OPError: {error, error_description} with the response hidden behind it.
    if (body === null && typeof top.error === 'string') {
      body = {
        error: top.error,
        ...(typeof top.error_description === 'string' ? { error_description: top.error_description } : {}),
      };
    }
  }
  const safeBody = redact(body);
  return { status, body: safeBody, headers, message: describe(status, safeBody, rejection) };
}

/** Xero's own words for a 400: the elements' ValidationErrors, not "A validation exception occurred". */
function validationMessages(b: Record<string, unknown> | null): string[] {
  const elements = Array.isArray(b?.Elements) ? (b.Elements as unknown[]) : [];
  const out = elements.flatMap((e) => {
    const errors = rec(e)?.ValidationErrors;
    return Array.isArray(errors)
      ? errors.map((x) => rec(x)?.Message).filter((m): m is string => typeof m === 'string' && m !== '')
      : [];
  });
  return [...new Set(out)];
}

function describe(status: number | null, body: unknown, original: unknown): string {
  const b = rec(body);
  const validation = validationMessages(b);
  const detail =
    (validation.length > 0 && validation.join(' ')) ||
    (b &&
      [b.Detail, b.detail, b.Message, b.message, b.error_description, b.error, b.Title, b.title].find(
        (x): x is string => typeof x === 'string' && x.length > 0,
      )) ||
    (typeof body === 'string' && body.trim() ? body.trim().slice(0, 200) : '');
  if (status === null) {
    const code = rec(original)?.code;
    const why =
      typeof code === 'string'
        ? code
        : original instanceof Error
          ? original.message
          : typeof body === 'string' && body.trim()
            ? body.trim().slice(0, 200)
            : 'no response';
    return redactMessage(`Could not reach Xero (${why})`);
  }
  return redactMessage(`Xero answered HTTP ${status}${detail ? `: ${detail}` : ''}`);
}

/** Xero's 401 for an expired access token: `TokenExpired: token expired at …` (or the WWW-Authenticate header). */
export function isUnauthorized(info: XeroErrorInfo): boolean {
  return info.status === 401;
}

/** A failed Xero call, already parsed and redacted: safe to log, store and show. */
export class XeroHttpError extends Error {
  constructor(readonly info: XeroErrorInfo) {
    super(info.message);
    this.name = 'XeroHttpError';
  }

  get status(): number | null {
    return this.info.status;
  }
}

/** Whatever a Xero call threw, as a XeroHttpError (kept as is if it already is one). */
export function toXeroHttpError(rejection: unknown): XeroHttpError {
  return rejection instanceof XeroHttpError ? rejection : new XeroHttpError(parseXeroError(rejection));
}
