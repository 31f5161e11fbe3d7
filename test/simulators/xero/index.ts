// Xero simulator: identity (OAuth2 + /connections) and the Accounting API on one loopback HTTP port, with Xero's
// rate limits, Idempotency-Key replay and injectable faults. See shared/reference/xero-api.md.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_PREFIX, handleApi, type ApiResponse } from './accounting.js';
import { handleControl } from './control.js';
import { createIdentity, type Identity } from './identity.js';
import { SimOrg } from './org.js';
import { stableUuid } from './seed-org.js';

export type { Identity } from './identity.js';
export {
  bookkeeper,
  DEFAULT_BOOKKEEPER,
  snapshotContact,
  snapshotInvoice,
  snapshotOrg,
  type Bookkeeper,
  type CreditOptions,
  type PayOptions,
} from './bookkeeper.js';
export { API_USER, type HistoryEntry } from './history.js';
export { CONTROL_PREFIX } from './control.js';
export type { SimOrg } from './org.js';
export type {
  SimInvoice,
  SimContact,
  SimPayment,
  SimCreditNote,
  SimBatchPayment,
  SimLineItem,
  SimAllocation,
} from './org.js';
export type { SimAccount, SimTaxRate, SimTrackingCategory, NewAccount } from './seed-org.js';

export interface XeroSimOptions {
  port?: number;
  clientId?: string; // default 'sim-client-id'
  redirectUris?: string[]; // default: http://localhost:{5051..5055}/callback
  organisations?: { name: string; tenantId?: string }[]; // default one: 'Sunrise Physio Pty Ltd' (AU)
  accessTokenTtlSec?: number;
  refreshGraceSec?: number;
  limits?: { perMinute?: number; concurrent?: number; perDay?: number }; // 60, 5, 5000
  timeScale?: number; // 1 = real time; 60 = a simulated minute lasts 1 real second
  /** The limits' clock (ms), e.g. a test's own that it moves by hand; default: real time × timeScale. */
  limitsClock?: () => number;
  latencyMs?: number;
}

export interface RequestMatch {
  method?: string;
  pathPrefix?: string;
}

export interface SimRequestLogEntry {
  method: string;
  path: string;
  status: number;
  tenantId?: string;
  at: number;
  idempotencyKey?: string;
  /** Additive: the response was replayed from the Idempotency-Key store. */
  replayed?: boolean;
  /** Additive: the write was committed, then the socket was destroyed (resetAfterCommitNext). */
  socketDestroyed?: boolean;
  /** Additive: answered by an injected fault (failNext / rateLimitNext). */
  injected?: boolean;
}

export interface XeroSim {
  url: string;
  clientId: string;
  redirectUris: string[];
  identity: Identity;
  tenants: { tenantId: string; name: string }[];
  org(tenantId?: string): SimOrg;
  faults: {
    failNext(n: number, status?: 500 | 503, match?: RequestMatch): void;
    resetAfterCommitNext(n: number, match?: RequestMatch): void;
    rateLimitNext(problem: 'minute' | 'day', retryAfterSec: number, tenantId?: string): void;
    setLatency(ms: number): void;
  };
  requests: SimRequestLogEntry[];
  callCount(match?: RequestMatch & { tenantId?: string }): number;
  maxConcurrentSeen(tenantId?: string): number;
  resetRequestLog(): void;
  close(): Promise<void>;
}

export const DEFAULT_CLIENT_ID = 'sim-client-id';
export const DEFAULT_REDIRECT_URIS = [5051, 5052, 5053, 5054, 5055].map(
  (p) => `http://localhost:${p}/callback`,
);
export const DEFAULT_ORG_NAME = 'Sunrise Physio Pty Ltd';
const MAX_BODY = 3.5 * 1024 * 1024; // Xero: a single POST is limited to 3.5 MB
const IDEMPOTENCY_TTL_MS = 6 * 60_000;
const APP_PER_MINUTE = 10_000;

interface TenantLimitState {
  minStart: number;
  minCount: number;
  dayStart: number;
  dayCount: number;
  inflight: number;
  maxInflight: number;
}

interface StoredResponse {
  fingerprint: string;
  status: number;
  body: string;
  expiresAt: number;
}

interface Fault<T> {
  left: number;
  match?: RequestMatch;
  value: T;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function matches(
  m: RequestMatch | undefined,
  method: string,
  path: string,
  defaultApiOnly: boolean,
): boolean {
  if (m?.method && m.method.toUpperCase() !== method) return false;
  if (m?.pathPrefix) return path.toLowerCase().startsWith(m.pathPrefix.toLowerCase());
  return !defaultApiOnly || path.startsWith(API_PREFIX);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startXeroSim(opts: XeroSimOptions = {}): Promise<XeroSim> {
  const timeScale = opts.timeScale ?? 1;
  if (!(timeScale > 0)) throw new Error('timeScale must be > 0');
  const t0 = Date.now();
  /** Simulated clock (ms): runs `timeScale` times faster than real time. */
  const simNow = opts.limitsClock ?? ((): number => t0 + (Date.now() - t0) * timeScale);
  const perMinute = opts.limits?.perMinute ?? 60;
  const concurrent = opts.limits?.concurrent ?? 5;
  const perDay = opts.limits?.perDay ?? 5000;
  let latencyMs = opts.latencyMs ?? 0;

  const orgDefs = opts.organisations?.length ? opts.organisations : [{ name: DEFAULT_ORG_NAME }];
  const orgs = new Map<string, SimOrg>();
  const tenants: { tenantId: string; name: string }[] = [];
  for (const o of orgDefs) {
    const tenantId = (o.tenantId ?? stableUuid('xero-sim-tenant', o.name)).toLowerCase();
    if (orgs.has(tenantId)) throw new Error(`duplicate tenantId ${tenantId}`);
    orgs.set(tenantId, new SimOrg(tenantId, o.name));
    tenants.push({ tenantId, name: o.name });
  }
  const clientId = opts.clientId ?? DEFAULT_CLIENT_ID;
  const redirectUris = opts.redirectUris ?? DEFAULT_REDIRECT_URIS;
  const identity = createIdentity({
    clientId,
    redirectUris,
    tenants: () =>
      tenants.map((t) => ({ tenantId: t.tenantId, tenantName: t.name, tenantType: 'ORGANISATION' })),
    accessTokenTtlSec: opts.accessTokenTtlSec ?? 1800,
    refreshGraceSec: opts.refreshGraceSec ?? 1800,
    // Token lifetimes run on real time (set accessTokenTtlSec to shorten them); timeScale is for limits only.
    now: () => Date.now(),
  });

  const requests: SimRequestLogEntry[] = [];
  const limitState = new Map<string, TenantLimitState>();
  const appMinute = { start: 0, count: 0 };
  const idempotency = new Map<string, Map<string, StoredResponse>>();
  const failFaults: Fault<500 | 503>[] = [];
  const resetFaults: Fault<null>[] = [];
  const rateFaults: { problem: 'minute' | 'day'; retryAfterSec: number; tenantId?: string }[] = [];

  const limitsFor = (tenantId: string): TenantLimitState => {
    let s = limitState.get(tenantId);
    if (!s) {
      const now = simNow();
      s = { minStart: now, minCount: 0, dayStart: now, dayCount: 0, inflight: 0, maxInflight: 0 };
      limitState.set(tenantId, s);
    }
    return s;
  };

  /** Real seconds a client must wait for `simMs` of simulated time (Retry-After is an integer ≥ 1). */
  const retryAfter = (simMs: number): string => String(Math.max(1, Math.ceil(simMs / timeScale / 1000)));

  function rateHeaders(s: TenantLimitState): Record<string, string> {
    return {
      'X-MinLimit-Remaining': String(Math.max(0, perMinute - s.minCount)),
      'X-DayLimit-Remaining': String(Math.max(0, perDay - s.dayCount)),
      'X-AppMinLimit-Remaining': String(Math.max(0, APP_PER_MINUTE - appMinute.count)),
    };
  }

  /** Counts the call against the tenant's limits, or returns the 429 to send. */
  function admit(
    tenantId: string,
    s: TenantLimitState,
  ): { status: 429; headers: Record<string, string>; injected?: boolean } | null {
    const injected = rateFaults.findIndex((f) => !f.tenantId || f.tenantId.toLowerCase() === tenantId);
    if (injected >= 0) {
      const f = rateFaults.splice(injected, 1)[0];
      if (f) {
        return {
          status: 429,
          injected: true,
          headers: {
            ...rateHeaders(s),
            ...(f.problem === 'minute' ? { 'X-MinLimit-Remaining': '0' } : { 'X-DayLimit-Remaining': '0' }),
            'Retry-After': String(f.retryAfterSec),
            'X-Rate-Limit-Problem': f.problem,
          },
        };
      }
    }
    if (s.inflight > concurrent) {
      return {
        status: 429,
        headers: { ...rateHeaders(s), 'Retry-After': '1', 'X-Rate-Limit-Problem': 'concurrent' },
      };
    }
    const now = simNow();
    if (now - s.dayStart >= 86_400_000) {
      s.dayStart = now;
      s.dayCount = 0;
    }
    if (now - s.minStart >= 60_000) {
      s.minStart = now;
      s.minCount = 0;
    }
    if (now - appMinute.start >= 60_000) {
      appMinute.start = now;
      appMinute.count = 0;
    }
    if (s.dayCount >= perDay) {
      return {
        status: 429,
        headers: {
          ...rateHeaders(s),
          'Retry-After': retryAfter(s.dayStart + 86_400_000 - now),
          'X-Rate-Limit-Problem': 'day',
        },
      };
    }
    if (s.minCount >= perMinute) {
      return {
        status: 429,
        headers: {
          ...rateHeaders(s),
          'Retry-After': retryAfter(s.minStart + 60_000 - now),
          'X-Rate-Limit-Problem': 'minute',
        },
      };
    }
    if (appMinute.count >= APP_PER_MINUTE) {
      return {
        status: 429,
        headers: {
          ...rateHeaders(s),
          'Retry-After': retryAfter(appMinute.start + 60_000 - now),
          'X-Rate-Limit-Problem': 'appminute',
        },
      };
    }
    s.minCount++;
    s.dayCount++;
    appMinute.count++;
    return null;
  }

  function takeFault<T>(
    list: Fault<T>[],
    method: string,
    path: string,
    apiOnly: boolean,
  ): Fault<T> | undefined {
    const f = list.find((x) => x.left > 0 && matches(x.match, method, path, apiOnly));
    if (!f) return undefined;
    f.left--;
    if (f.left <= 0) list.splice(list.indexOf(f), 1);
    return f;
  }

  function send(
    res: ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string> = {},
  ): void {
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
      'Xero-Correlation-Id': randomUUID(),
      ...headers,
    });
    res.end(body);
  }

  function faultBody(status: 500 | 503): string {
    return JSON.stringify(
      status === 500
        ? {
            Title: 'An error occurred',
            Detail:
              'An error occurred in Xero. Check the API Status page http://status.developer.xero.com for current service status.',
            Status: 500,
          }
        : {
            Title: 'Service Unavailable',
            Detail: 'The Xero API is temporarily unavailable. Please try again.',
            Status: 503,
          },
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname + url.search;
    const entry: SimRequestLogEntry = { method, path, status: 0, at };
    const idemKey = headerValue(req, 'idempotency-key');
    if (idemKey !== undefined) entry.idempotencyKey = idemKey;
    const finish = (status: number): void => {
      entry.status = status;
      requests.push(entry);
    };
    const body = await readBody(req);
    if (body === null) {
      send(res, 413, JSON.stringify({ Title: 'Request Entity Too Large', Status: 413 }));
      return finish(413);
    }

    const control = handleControl(
      (t) => (t === 'default' ? orgs.get(tenants[0]?.tenantId ?? '') : orgs.get(t.toLowerCase())),
      method,
      url.pathname,
      body,
    );
    // The control API is not Xero: no auth, no limits, and not in the request log (call counts stay the app's).
    if (control) {
      send(res, control.status, control.body);
      return;
    }
    if (!url.pathname.startsWith(API_PREFIX + '/') && url.pathname !== API_PREFIX) {
      if (latencyMs > 0) await sleep(latencyMs);
      const fault = takeFault(failFaults, method, url.pathname, true);
      if (fault) {
        entry.injected = true;
        send(res, fault.value, faultBody(fault.value));
        return finish(fault.value);
      }
      res.on('finish', () => finish(res.statusCode));
      if (identity.handle(req, res, url, body)) return;
      send(res, 404, JSON.stringify({ Title: 'Not Found', Status: 404 }));
      return;
    }

    const auth = identity.authorize(headerValue(req, 'authorization'), headerValue(req, 'xero-tenant-id'));
    if (!auth.ok) {
      if (latencyMs > 0) await sleep(latencyMs);
      send(res, auth.status, JSON.stringify(auth.body), auth.headers ?? {});
      return finish(auth.status);
    }
    const tenantId = auth.tenantId.toLowerCase();
    entry.tenantId = tenantId;
    const org = orgs.get(tenantId);
    if (!org) {
      send(
        res,
        403,
        JSON.stringify({ Title: 'Forbidden', Status: 403, Detail: 'AuthenticationUnsuccessful' }),
      );
      return finish(403);
    }
    const s = limitsFor(tenantId);
    s.inflight++;
    s.maxInflight = Math.max(s.maxInflight, s.inflight);
    try {
      const limited = admit(tenantId, s);
      if (latencyMs > 0) await sleep(latencyMs);
      if (limited) {
        if (limited.injected) entry.injected = true;
        send(res, 429, '', limited.headers);
        return finish(429);
      }
      const rh = rateHeaders(s);
      const fault = takeFault(failFaults, method, url.pathname, true);
      if (fault) {
        entry.injected = true;
        send(res, fault.value, faultBody(fault.value), rh);
        return finish(fault.value);
      }

      const isWrite = method === 'PUT' || method === 'POST' || method === 'PATCH';
      let store: Map<string, StoredResponse> | undefined;
      const fingerprint = `${method} ${path}\n${body}`;
      if (isWrite && idemKey !== undefined) {
        if (idemKey.length === 0 || idemKey.length > 128) {
          // GUESS: Xero documents the 128-character limit, not the error for exceeding it.
          const b = JSON.stringify({
            Title: 'Bad Request',
            Status: 400,
            Detail: 'The Idempotency-Key header must be between 1 and 128 characters.',
          });
          send(res, 400, b, rh);
          return finish(400);
        }
        store = idempotency.get(tenantId);
        if (!store) idempotency.set(tenantId, (store = new Map()));
        const now = simNow();
        for (const [k, v] of store) if (v.expiresAt <= now) store.delete(k);
        const prior = store.get(idemKey);
        if (prior) {
          if (prior.fingerprint !== fingerprint) {
            // GUESS: Xero says a reused key with a different request gets a 400; the body is not documented.
            const b = JSON.stringify({
              Title: 'Bad Request',
              Status: 400,
              Detail:
                'The Idempotency-Key has already been used with a different request. Use a new key for a new request.',
            });
            send(res, 400, b, rh);
            return finish(400);
          }
          entry.replayed = true;
          send(res, prior.status, prior.body, rh);
          return finish(prior.status);
        }
      }

      let out: ApiResponse;
      try {
        out = handleApi(org, {
          method,
          path: url.pathname.slice(API_PREFIX.length),
          query: url.searchParams,
          headers: req.headers,
          body,
        });
      } catch (e) {
        out = {
          status: 500,
          body: {
            Title: 'An error occurred',
            Status: 500,
            Detail: `Simulator error: ${(e as Error).message}`,
          },
        };
      }
      const outBody = JSON.stringify(out.body);
      if (store && idemKey !== undefined && out.status < 500) {
        store.set(idemKey, {
          fingerprint,
          status: out.status,
          body: outBody,
          expiresAt: simNow() + IDEMPOTENCY_TTL_MS,
        });
      }
      const reset = method !== 'GET' ? takeFault(resetFaults, method, url.pathname, true) : undefined;
      if (reset) {
        entry.socketDestroyed = true;
        req.socket.destroy();
        return finish(out.status);
      }
      send(res, out.status, outBody, { ...rh, ...(out.headers ?? {}) });
      return finish(out.status);
    } finally {
      s.inflight--;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ Title: 'Simulator error', Detail: String(e) }));
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const sim: XeroSim = {
    url,
    clientId,
    redirectUris,
    identity,
    tenants,
    org(tenantId?: string): SimOrg {
      const id = (tenantId ?? tenants[0]?.tenantId ?? '').toLowerCase();
      const o = orgs.get(id);
      if (!o) throw new Error(`no organisation with tenantId ${tenantId}`);
      return o;
    },
    faults: {
      failNext(n, status = 500, match) {
        failFaults.push({ left: n, value: status, ...(match ? { match } : {}) });
      },
      resetAfterCommitNext(n, match) {
        resetFaults.push({ left: n, value: null, ...(match ? { match } : {}) });
      },
      rateLimitNext(problem, retryAfterSec, tenantId) {
        rateFaults.push({ problem, retryAfterSec, ...(tenantId ? { tenantId } : {}) });
      },
      setLatency(ms) {
        latencyMs = ms;
      },
    },
    requests,
    callCount(match = {}) {
      return requests.filter(
        (r) =>
          (!match.method || r.method === match.method.toUpperCase()) &&
          (!match.pathPrefix || r.path.toLowerCase().startsWith(match.pathPrefix.toLowerCase())) &&
          (!match.tenantId || r.tenantId === match.tenantId.toLowerCase()),
      ).length;
    },
    maxConcurrentSeen(tenantId?: string) {
      if (tenantId) return limitState.get(tenantId.toLowerCase())?.maxInflight ?? 0;
      let m = 0;
      for (const s of limitState.values()) m = Math.max(m, s.maxInflight);
      return m;
    },
    resetRequestLog() {
      requests.length = 0;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return sim;
}
