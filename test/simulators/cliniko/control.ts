// The simulator's control API under /__sim/ (no auth; NOT a Cliniko path — Cliniko's API has no payments endpoint).
// It serves what staff would export from Cliniko's payment reports, so a demo or a test in another process can fetch
// a report file. See ../README.md.
import {
  paymentsReportCsv,
  REPORT_LAYOUTS,
  type ClinikoPayments,
  type ReportLayout,
  type ReportOptions,
} from './payments-report.js';

export const CONTROL_PREFIX = '/__sim/';

export interface ControlAnswer {
  status: number;
  contentType: string;
  body: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const err = (status: number, message: string): ControlAnswer => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify({ message }),
});

function oneOf<T extends string>(
  v: string | null,
  allowed: readonly T[],
  name: string,
): T | undefined | Error {
  if (v === null || v === '') return undefined;
  return (allowed as readonly string[]).includes(v)
    ? (v as T)
    : new Error(`${name} must be one of ${allowed.join(', ')}`);
}

/**
 * `GET /__sim/payments-report.csv?from=YYYY-MM-DD&to=YYYY-MM-DD[&layout=summary|daily][&negative=minus|parens]
 * [&money=plain|currency][&refunds=credit-note|original][&business=ID]` → text/csv. `GET /__sim/payments?from=…&to=…` → JSON rows.
 */
export function handleControl(payments: ClinikoPayments, method: string, u: URL): ControlAnswer | null {
  if (!u.pathname.startsWith(CONTROL_PREFIX)) return null;
  if (method !== 'GET') return err(405, 'the control API is read-only (GET)');
  const sp = u.searchParams;
  const from = sp.get('from') ?? '';
  const to = sp.get('to') ?? from;
  if (!DATE.test(from) || !DATE.test(to)) return err(400, 'from and to must be local dates YYYY-MM-DD');
  const layout = oneOf(sp.get('layout'), Object.keys(REPORT_LAYOUTS) as ReportLayout[], 'layout');
  const negative = oneOf(sp.get('negative'), ['minus', 'parens'] as const, 'negative');
  const money = oneOf(sp.get('money'), ['plain', 'currency'] as const, 'money');
  const refundNumbers = oneOf(sp.get('refunds'), ['credit-note', 'original'] as const, 'refunds');
  for (const v of [layout, negative, money, refundNumbers])
    if (v instanceof Error) return err(400, v.message);
  const o: ReportOptions = {
    from,
    to,
    layout: layout as ReportLayout | undefined,
    negative: negative as ReportOptions['negative'],
    money: money as ReportOptions['money'],
    refundNumbers: refundNumbers as ReportOptions['refundNumbers'],
    ...(sp.get('business') ? { businessId: sp.get('business') as string } : {}),
  };
  const path = u.pathname.slice(CONTROL_PREFIX.length);
  if (path === 'payments-report.csv') {
    return { status: 200, contentType: 'text/csv; charset=utf-8', body: paymentsReportCsv(payments, o) };
  }
  if (path === 'payments') {
    return {
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ payments: payments.between(from, to, o) }),
    };
  }
  return err(404, `no control route ${u.pathname}`);
}
