import { afterEach, expect, it } from 'vitest';
import { cleanup, closeSims, setupSync, summaryOf, TEST_SETTINGS } from './helpers.js';
import { verifyXero } from './verify.js';

afterEach(async () => {
  await closeSims();
  await cleanup();
});

it('one invoice Xero refuses (archived contact) needs attention with the fix; the others in its batch sync', async () => {
  const s = await setupSync({ invoices: 80, seed: 5 });
  expect((await s.cli(['sync', '--once'])).code).toBe(0);
  const store = s.cliniko.store;
  const open = store
    .list('invoices')
    .filter((i) => i.issue_date >= '2024-09-01' && i.archived_at === null && i.status === 10);
  const victim = open[0];
  const others = open.slice(1, 6);
  if (!victim || others.length < 5) throw new Error('seed');
  const patientId = victim.patient.links.self.split('/').pop() ?? '';
  s.xero.org().archiveContact(`CLINIKO-${patientId}`);
  const product = store.list('products').find((p) => p.archived_at === null);
  for (const inv of [victim, ...others.filter((o) => !o.patient.links.self.endsWith(`/${patientId}`))])
    store.createInvoiceItem(inv.id, { productId: product?.id ?? '', quantity: 1 });

  const run = await s.cli(['sync', '--once', '--json']);
  expect(run.code).toBe(2);
  expect(summaryOf(run).needsAttention).toBeGreaterThanOrEqual(1);
  const attention = JSON.parse((await s.cli(['log', '--json', '--state', 'needs_attention'])).stdout) as {
    invoiceNumber: string;
    error: string;
  }[];
  expect(attention.map((a) => a.invoiceNumber)).toContain(`CL-${victim.number}`);
  expect(attention.find((a) => a.invoiceNumber === `CL-${victim.number}`)?.error).toMatch(
    /^Invoice CL-\d+: .*archived.*unarchive/i,
  );
  const org = s.xero.org();
  for (const o of others) {
    if (o.patient.links.self.endsWith(`/${patientId}`)) continue;
    expect(org.invoice(`CL-${o.number}`)?.LineItems.length).toBe(
      store.getInvoiceItems(o.id).filter((i) => i.archived_at === null).length,
    );
  }
});

it('a write whose answer is lost (connection reset after Xero committed) is looked up and adopted, never duplicated', async () => {
  const s = await setupSync({ invoices: 40, seed: 9 });
  s.xero.faults.resetAfterCommitNext(1, { method: 'PUT', pathPrefix: '/api.xro/2.0/Invoices' });
  s.xero.faults.resetAfterCommitNext(1, { method: 'PUT', pathPrefix: '/api.xro/2.0/Payments' });
  const run = await s.cli(['sync', '--once', '--json']);
  expect(run.stderr).not.toMatch(/fail|error/i);
  expect(run.code).toBe(0);
  expect(s.xero.requests.filter((r) => r.socketDestroyed).length).toBe(2);
  const v = verifyXero(s.cliniko, s.xero, TEST_SETTINGS());
  expect(v.problems).toEqual([]);
  expect(summaryOf(run).synced).toBeGreaterThan(0);
  // A crash mid-write leaves the batch open: the next run reconciles it before sending.
  const again = await s.cli(['sync', '--once', '--json']);
  expect(summaryOf(again).xeroCalls).toBe(0);
});
