/**
 * The reconciliation screen's core against both simulators: after a clean sync every day is equal;
 * a payment changed by hand in Xero shows on exactly that day, explained by exactly that invoice.
 */
import { afterEach, expect, it } from 'vitest';
import type { ReconcileCost, ReconcileResult, RpcResult } from '../../../shared/api.js';
import { client } from '../../simulators/xero/test-helpers.js';
import { cleanup, closeSims, setupSync, summaryOf, type SyncSetup } from '../sync/helpers.js';

afterEach(async () => {
  await closeSims();
  await cleanup();
});

const FROM = '2024-09-01';
const TO = '2025-06-30';

async function call<T>(s: SyncSetup, method: string, request: unknown): Promise<T> {
  const svc = s.service();
  try {
    const r = (await svc.dispatch(method, request)) as RpcResult<T>;
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.result;
  } finally {
    await svc.close();
  }
}

const invoiceGets = (s: SyncSetup): number =>
  s.xero.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api.xro/2.0/Invoices')).length;

it('after a clean sync every day is equal, and the run costs what reconcile.cost said', async () => {
  const s = await setupSync({ invoices: 40, seed: 9 });
  const sync = await s.cli(['sync', '--once', '--json']);
  expect(sync.code).toBe(0);
  expect(summaryOf(sync).synced).toBeGreaterThan(0);

  const cost = await call<ReconcileCost>(s, 'reconcile.cost', { from: FROM, to: TO });
  expect(cost.invoices).toBeGreaterThan(20);
  expect(cost.calls).toBe(Math.ceil(cost.invoices / cost.batchSize));

  const before = invoiceGets(s);
  const r = await call<ReconcileResult>(s, 'reconcile.run', { from: FROM, to: TO });
  expect(invoiceGets(s) - before).toBe(cost.calls);
  expect(r.calls).toBe(cost.calls);
  expect(r.days).toHaveLength(303);
  expect(r.days.filter((d) => d.differences.length > 0)).toEqual([]);
  expect(r.differentDays).toBe(0);
  const invoiced = r.days.reduce((n, d) => n + d.cliniko.totalCents, 0);
  const paid = r.days.reduce((n, d) => n + Object.values(d.xero.paid).reduce((a, b) => a + b, 0), 0);
  expect(invoiced).toBeGreaterThan(0);
  expect(paid).toBeGreaterThan(0);
  // The CSV has a header and one line per day.
  expect(r.csv.trim().split('\r\n')).toHaveLength(304);
});

it('a payment changed by hand in Xero shows on exactly that day, explained by exactly that invoice', async () => {
  const s = await setupSync({ invoices: 40, seed: 9 });
  expect((await s.cli(['sync', '--once'])).code).toBe(0);

  // One of this app's payments in Xero: replaced by hand with one $10 short, on the same day.
  const api = client(s.xero);
  const invoices = (await api('GET', '/Invoices')).json.Invoices as {
    InvoiceID: string;
    InvoiceNumber: string;
    Payments: { PaymentID: string; Date: string; Amount: number }[];
  }[];
  const victim = invoices.find((i) => i.Payments.length === 1 && i.Payments[0]!.Amount > 20);
  if (!victim) throw new Error('seed: no paid invoice');
  const payment = victim.Payments[0]!;
  const day = new Date(Number(/\d+/.exec(payment.Date)?.[0])).toISOString().slice(0, 10);
  expect((await api('POST', `/Payments/${payment.PaymentID}`, { body: { Status: 'DELETED' } })).status).toBe(
    200,
  );
  const paidByHand = await fetch(`${s.xero.url}/__sim/orgs/default/bookkeeper/payInvoice`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      invoice: victim.InvoiceNumber,
      input: { amount: Math.round(payment.Amount * 100 - 1000) / 100, date: day, accountCode: '091' },
    }),
  });
  expect(paidByHand.status).toBe(200);

  const r = await call<ReconcileResult>(s, 'reconcile.run', { from: FROM, to: TO });
  const differing = r.days.filter((d) => d.differences.length > 0);
  expect(differing.map((d) => d.day)).toEqual([day]);
  const [d] = differing;
  expect(d!.differences).toEqual(['paid: All payments']);
  expect(d!.invoices).toHaveLength(1);
  expect(d!.invoices[0]).toMatchObject({
    invoiceNumber: victim.InvoiceNumber,
    figure: 'paid: All payments',
    clinikoCents: Math.round(payment.Amount * 100),
    xeroCents: Math.round(payment.Amount * 100) - 1000,
  });
  expect(d!.invoices[0]!.why).toMatch(new RegExp(`^Invoice ${victim.InvoiceNumber}: Cliniko has \\$`));
  expect(d!.cliniko.paid['All payments']! - d!.xero.paid['All payments']!).toBe(1000);
  // Only the paid figures moved; the CSV row for that day says so.
  const row = r.csv.split('\r\n').find((l) => l.startsWith(day));
  expect(row).toContain(victim.InvoiceNumber);
  expect(row).toContain(',no,');
});
