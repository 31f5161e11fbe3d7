/**
 * Removes secrets from anything we keep or log: `Authorization` headers, bearer/basic credentials,
 * OAuth tokens (`access_token`, `refresh_token`, `id_token`, JWTs), API keys (including Cliniko's
 * `…-au2` keys), passwords, cookies and URL credentials, plus any value registered with
 * `registerSecret()`. Works on strings and on arbitrary values (errors, axios errors, xero-node
 * objects, JSON): the result is a plain JSON-safe copy; the input is never modified.
 */

export const REDACTED = '[REDACTED]';

export type RedactOptions = {
  /** Exact values to remove wherever they appear (in addition to the registered ones). */
  secrets?: readonly string[];
  /** How deep to copy objects (default 10); deeper values become '[Truncated]'. */
  maxDepth?: number;
};

const registered = new Set<string>();

/** Remember a secret value (a key, a token) so every later redact() removes it verbatim. */
export function registerSecret(value: string | null | undefined): void {
  if (value && value.length >= 8) registered.add(value);
}

export function forgetSecret(value: string): void {
  registered.delete(value);
}

/** Object keys whose value is always a secret (compared lower-cased without `-` and `_`). */
const SECRET_KEYS = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'auth',
  'password',
  'passwd',
  'secret',
  'token',
  'apikey',
  'xapikey',
  'bearer',
  'codeverifier',
  'privatekey',
]);
const SECRET_KEY_SUFFIXES = ['token', 'secret', 'apikey', 'password', 'privatekey'];

function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_]/g, '');
  return SECRET_KEYS.has(k) || SECRET_KEY_SUFFIXES.some((s) => k.endsWith(s));
}

/** Key names that mark a secret value inside free text: `access_token=…`, `"refresh_token": "…"`. */
const TEXT_KEYS =
  '(?:access|refresh|id|session|auth)[-_]?token|token|client[-_]?secret|api[-_]?key|apikey|x-api-key|password|passwd|code[-_]?verifier|secret';

const STRING_RULES: ReadonlyArray<[RegExp, string | ((...m: string[]) => string)]> = [
  // Header lines and JSON/object fields: Authorization: Bearer x / "authorization":"Basic y"
  [
    /\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)([^"'\r\n]+)/gi,
    (_m, k = '', sep = '') => `${k}${sep}${REDACTED}`,
  ],
  [/\b(Bearer)\s+[A-Za-z0-9\-._~+/]+=*/g, `$1 ${REDACTED}`],
  // "Basic <base64>": only when it looks like base64 (a digit, +, / or =), not the English word.
  [/\b(Basic)\s+(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{8,}={0,2}/g, `$1 ${REDACTED}`],
  // key=value (query strings, forms) and "key": "value" (JSON in a string)
  [
    new RegExp(`(["']?\\b(?:${TEXT_KEYS})\\b["']?)(\\s*[:=]\\s*)(["']?)([^"'&\\s,;}]+)`, 'gi'),
    (_m, k = '', sep = '', q = '') => `${k}${sep}${q}${REDACTED}`,
  ],
  // JWTs (Xero access and id tokens)
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // Cliniko API keys carry their shard as a suffix: <base64>-au2
  [/\b[A-Za-z0-9+/=_]{20,}-(?:au|uk|ca|us|eu)\d{1,2}\b/g, REDACTED],
  // Credentials in URLs: https://user:pass@host
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, `$1${REDACTED}@`],
];

/**
 * A string none of STRING_RULES can match: none of the words, prefixes or characters every rule
 * needs (case-insensitive, so it is a superset of each rule's own test). Most strings we keep
 * (amounts, dates, IDs, names) pass it, and one test is far cheaper than seven replaces.
 */
const MAY_HOLD_SECRET =
  /authoriz|bearer|basic|token|secret|api[-_]?key|passw|verifier|eyj|-(?:au|uk|ca|us|eu)\d|@/i;

function redactString(s: string, secrets: readonly string[]): string {
  let out = s;
  for (const secret of secrets) if (secret && out.includes(secret)) out = out.split(secret).join(REDACTED);
  if (!MAY_HOLD_SECRET.test(out)) return out;
  for (const [re, rep] of STRING_RULES) {
    re.lastIndex = 0;
    out = typeof rep === 'string' ? out.replace(re, rep) : out.replace(re, rep as (...m: string[]) => string);
  }
  return out;
}

/** Objects we never copy (sockets, requests): their fields hold raw headers and loop back on themselves. */
const OPAQUE = new Set(['ClientRequest', 'IncomingMessage', 'Socket', 'TLSSocket', 'Agent', 'Server']);

export function redact(value: string, options?: RedactOptions): string;
export function redact(value: unknown, options?: RedactOptions): unknown;
export function redact(value: unknown, options: RedactOptions = {}): unknown {
  const secrets = [...(options.secrets ?? []).filter((s) => s.length >= 4), ...registered].sort(
    (a, b) => b.length - a.length,
  );
  const maxDepth = options.maxDepth ?? 10;
  const seen = new WeakSet<object>();

  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redactString(v, secrets);
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return v;
    if (v === undefined) return undefined;
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'function' || typeof v === 'symbol') return undefined;
    if (typeof v !== 'object') return undefined;
    if (seen.has(v)) return '[Circular]';
    if (depth > maxDepth) return '[Truncated]';
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
    if (ArrayBuffer.isView(v)) return `[Binary ${v.byteLength} bytes]`;
    if (v instanceof ArrayBuffer) return `[Binary ${v.byteLength} bytes]`;
    const ctor = (v as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof ctor === 'string' && OPAQUE.has(ctor)) return `[${ctor}]`;
    seen.add(v);
    try {
      if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1) ?? null);
      if (v instanceof Map) return walk(Object.fromEntries(v), depth);
      if (v instanceof Set) return walk([...v], depth);
      if (v instanceof Error) {
        const out: Record<string, unknown> = { name: v.name, message: walk(v.message, depth + 1) };
        if (v.stack) out['stack'] = walk(v.stack, depth + 1);
        if (v.cause !== undefined) out['cause'] = walk(v.cause, depth + 1);
        copyProps(v, out, depth);
        const json = callToJSON(v);
        if (json && typeof json === 'object') {
          for (const [k, x] of Object.entries(json)) if (!(k in out)) out[k] = secretOr(k, x, depth);
        }
        return out;
      }
      const json = callToJSON(v);
      if (json !== NO_JSON) {
        if (json === null || typeof json !== 'object' || json === v) {
          return json === v ? copyProps(v, {}, depth) : walk(json, depth + 1);
        }
        seen.add(json);
        return copyProps(json, {}, depth);
      }
      return copyProps(v, {}, depth);
    } finally {
      seen.delete(v);
    }
  };

  const secretOr = (key: string, x: unknown, depth: number): unknown => {
    if (isSecretKey(key) && x !== null && x !== undefined && x !== '') return REDACTED;
    return walk(x, depth + 1);
  };

  const copyProps = (from: object, out: Record<string, unknown>, depth: number): Record<string, unknown> => {
    for (const [k, x] of Object.entries(from)) {
      if (k in out) continue;
      const r = secretOr(k, x, depth);
      if (r !== undefined) out[k] = r;
    }
    return out;
  };

  return walk(value, 0);
}

const NO_JSON = Symbol('no toJSON');

function callToJSON(v: object): unknown {
  const fn = (v as { toJSON?: unknown }).toJSON;
  if (typeof fn !== 'function') return NO_JSON;
  try {
    return (fn as () => unknown).call(v);
  } catch {
    return NO_JSON;
  }
}

/** A one-line, redacted description of an error or value, for `lastError` and log lines. */
export function redactMessage(error: unknown, options?: RedactOptions): string {
  if (typeof error === 'string') return redact(error, options);
  if (error instanceof Error) return redact(error.message || error.name, options);
  try {
    return redact(JSON.stringify(redact(error, options)) ?? String(error), options);
  } catch {
    return '[unprintable value]';
  }
}
