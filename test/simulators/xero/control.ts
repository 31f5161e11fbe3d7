// The simulator's HTTP control API under /__sim/ (not a Xero path; no auth): lets a test or the demo running in
// another process act as the bookkeeper, set lock dates and read byte-exact snapshots. See README.md.
import { bookkeeper, snapshotContact, snapshotInvoice, snapshotOrg } from './bookkeeper.js';
import type { Json, SimOrg } from './org.js';

export const CONTROL_PREFIX = '/__sim';

export interface ControlResponse {
  status: number;
  body: string;
}

const ok = (v: unknown): ControlResponse => ({ status: 200, body: JSON.stringify(v ?? null) });
const bad = (status: number, error: string): ControlResponse => ({ status, body: JSON.stringify({ error }) });
const s = (v: unknown): string => (typeof v === 'string' ? v : '');

/** `orgOf('default')` is the first organisation. Returns null for paths outside /__sim. */
export function handleControl(
  orgOf: (tenant: string) => SimOrg | undefined,
  method: string,
  pathname: string,
  rawBody: string,
): ControlResponse | null {
  if (!pathname.startsWith(CONTROL_PREFIX + '/')) return null;
  const segs = pathname.slice(CONTROL_PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
  if (segs[0] !== 'orgs' || !segs[1]) return bad(404, 'use /__sim/orgs/{tenantId|default}/…');
  const org = orgOf(segs[1]);
  if (!org) return bad(404, `no organisation ${segs[1]}`);
  let body: Json = {};
  if (rawBody.trim() !== '') {
    try {
      body = JSON.parse(rawBody) as Json;
    } catch {
      return bad(400, 'body is not JSON');
    }
  }
  const [, , what, key, tail] = segs;
  try {
    if (method === 'GET' && what === 'snapshot') return ok(JSON.parse(snapshotOrg(org)));
    if (method === 'GET' && what === 'invoices' && key && tail === 'snapshot')
      return { status: 200, body: snapshotInvoice(org, key) };
    if (method === 'GET' && what === 'contacts' && key && tail === 'snapshot')
      return { status: 200, body: snapshotContact(org, key) };
    if (method === 'GET' && what === 'history' && key) return ok(org.history.entries(key));
    if (method === 'PUT' && what === 'lock-dates') {
      if ('PeriodLockDate' in body) org.setLockDate((body['PeriodLockDate'] as string | null) ?? null);
      if ('EndOfYearLockDate' in body)
        org.setEndOfYearLockDate((body['EndOfYearLockDate'] as string | null) ?? null);
      return ok({ PeriodLockDate: org.getLockDate(), EndOfYearLockDate: org.getEndOfYearLockDate() });
    }
    if (method === 'POST' && what === 'bookkeeper' && key) {
      const bk = bookkeeper(org, s(body['user']) || undefined);
      const inv = s(body['invoice']);
      const input = (body['input'] ?? {}) as Json;
      switch (key) {
        case 'createContact':
          return ok(bk.createContact(input));
        case 'createInvoice':
          return ok(bk.createInvoice(input));
        case 'editInvoice':
          return ok(bk.editInvoice(inv, input));
        case 'voidInvoice':
          return ok(bk.voidInvoice(inv));
        case 'payInvoice':
          return ok(bk.payInvoice(inv, input));
        case 'creditInvoice':
          return ok(bk.creditInvoice(inv, input));
        case 'reconcilePayment':
          return ok(bk.reconcilePayment(s(body['paymentId']), body['reconciled'] !== false));
        case 'reconcileBatchPayment':
          bk.reconcileBatchPayment(s(body['batchPaymentId']), body['reconciled'] !== false);
          return ok({ ok: true });
        default:
          return bad(404, `no bookkeeper action ${key}`);
      }
    }
  } catch (e) {
    return bad(400, e instanceof Error ? e.message : String(e));
  }
  return bad(404, `no control route ${method} ${pathname}`);
}
