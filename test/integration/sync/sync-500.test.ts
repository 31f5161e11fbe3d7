import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, closeSims, setupSync, summaryOf, TEST_SETTINGS, type SyncSetup } from './helpers.js';
import { verifyXero } from './verify.js';

const settings = TEST_SETTINGS({
  // An item override and a practitioner override, to check the precedence item > practitioner > default.
  billableItems: {},
  practitioners: {},
});

describe('500 seeded invoices', () => {
  let s: SyncSetup;
  beforeAll(async () => {
    s = await setupSync({ invoices: 500, seed: 42, settings: null });
    const data = s.cliniko.store.data;
    const pilates = data.billableItems.find((b) => b.name === 'Pilates Class');
    const amelia = data.practitioners.find((p) => p.first_name === 'Amelia');
    settings.billableItems = pilates ? { [pilates.id]: { accountCode: '260' } } : {};
    settings.practitioners = amelia ? { [amelia.id]: { accountCode: '202' } } : {};
    const svc = s.service();
    svc.settings.importJson(JSON.stringify(settings));
    await svc.close();
  }, 300_000);
  afterAll(async () => {
    await closeSims();
    await cleanup();
  });

  it('first sync: every eligible invoice exactly once, right in every field; none before syncFrom', async () => {
    const run = await s.cli(['sync', '--once', '--json']);
    const sum = summaryOf(run);
    console.log('500-invoice first sync:', JSON.stringify(sum));
    expect(run.stderr).not.toMatch(/failed/i);
    expect(sum.failed + sum.needsAttention + sum.pending).toBe(0);
    expect(run.code).toBe(0);
    const v = verifyXero(s.cliniko, s.xero, settings);
    expect(v.problems).toEqual([]);
    expect(v.eligible).toBeGreaterThan(350);
    expect(v.paid).toBeGreaterThan(200);
    expect(v.earlyMorning['Australia/Sydney']).toBeGreaterThan(0);
    expect(v.earlyMorning['Australia/Perth']).toBeGreaterThan(0);
    expect(s.xero.org().invoiceCount()).toBe(v.eligible);
    // Batches of at most 50 elements: one call per 50 contacts / invoices / payments, not one per record.
    expect(sum.xeroCalls).toBeLessThan(40);
  }, 300_000);

  it('a second sync makes no Xero call at all', async () => {
    s.xero.resetRequestLog();
    const run = await s.cli(['sync', '--once', '--json']);
    expect(run.code).toBe(0);
    expect(summaryOf(run).xeroCalls).toBe(0);
    expect(s.xero.callCount({ pathPrefix: '/api.xro' })).toBe(0);
  }, 300_000);

  it('edits, new items, newly paid, reopened and archived invoices, a renamed patient and a new invoice reach Xero', async () => {
    const store = s.cliniko.store;
    const eligible = store
      .list('invoices')
      .filter((i) => i.issue_date >= settings.syncFrom && i.archived_at === null);
    const paid = eligible.filter((i) => i.status === 20);
    const open = eligible.filter((i) => i.status === 10);
    const [editedPaid, archivedPaid, reopened] = [paid[3], paid[10], paid[20]];
    const [grown, newlyPaid, archivedOpen] = [open[2], open[5], open[9]];
    if (!editedPaid || !archivedPaid || !reopened || !grown || !newlyPaid || !archivedOpen)
      throw new Error('seed');
    const item = store.getInvoiceItems(editedPaid.id).find((i) => i.archived_at === null);
    if (!item) throw new Error('seed item');
    store.editInvoiceItem(item.id, { unitPrice: '123.45' });
    const product = store.list('products').find((p) => p.archived_at === null);
    store.createInvoiceItem(grown.id, { productId: product?.id ?? '', quantity: 2 });
    // 07:10 in Sydney on 6 March is still 5 March in UTC.
    store.markInvoicePaid(newlyPaid.id, '2025-03-05T20:10:00Z');
    store.markInvoiceOpen(reopened.id);
    store.archiveInvoice(archivedPaid.id);
    store.archiveInvoice(archivedOpen.id);
    const renamedPatientId = grown.patient.links.self.split('/').pop() ?? '';
    store.editPatient(renamedPatientId, { last_name: 'Renamed-Okafor' });
    const fresh = store.createInvoice({
      patientId: renamedPatientId,
      businessId: store.list('businesses')[1]?.id ?? '',
      practitionerId: store.list('practitioners')[0]?.id ?? '',
      issueDate: '2025-07-01',
      items: [{ billableItemId: store.list('billable_items')[0]?.id ?? '' }],
    });
    const paymentsBefore = s.xero
      .org()
      .payments()
      .filter((p) => p.Status !== 'DELETED').length;

    const run = await s.cli(['sync', '--once', '--json']);
    expect(run.code).toBe(0);
    const v = verifyXero(s.cliniko, s.xero, settings);
    expect(v.problems).toEqual([]);
    const org = s.xero.org();
    const x = (n: number) => org.invoice(`CL-${n}`);
    expect(x(editedPaid.number)?.Total).toBe(Number(store.getInvoice(editedPaid.id)?.total_amount));
    expect(x(editedPaid.number)?.Status).toBe('PAID');
    expect(x(archivedPaid.number)?.Status).toBe('VOIDED');
    expect(x(archivedOpen.number)?.Status).toBe('VOIDED');
    expect(x(reopened.number)?.Status).toBe('AUTHORISED');
    expect(x(newlyPaid.number)?.Payments[0]?.Date).toBe('2025-03-06');
    expect(x(grown.number)?.LineItems.length).toBe(store.getInvoiceItems(grown.id).length);
    expect(x(fresh.number)?.Status).toBe('AUTHORISED');
    expect(org.contact(`CLINIKO-${renamedPatientId}`)?.Name).toMatch(/Renamed-Okafor/);
    // the edited one re-created, one new (newly paid), two removed (reopened, archived)
    expect(org.payments().filter((p) => p.Status !== 'DELETED').length).toBe(paymentsBefore - 1);

    s.xero.resetRequestLog();
    const again = await s.cli(['sync', '--once', '--json']);
    expect(again.code).toBe(0);
    expect(summaryOf(again).xeroCalls).toBe(0);
  }, 300_000);
});
