/**
 * Issue 11: the product against a Cliniko that answers as strictly as its documentation allows —
 * no `archived_at` filter on taxes or practitioners, a filter refused anyway, one list that cannot
 * be read, and records we cannot parse.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusedFilters } from '../../../electron/core/cliniko/refused-filters.js';
import type { Service } from '../../../electron/core/service/create-service.js';
import { cleanup, closeSims, setupSync, summaryOf, TEST_SETTINGS, type SyncSetup } from './helpers.js';

const settings = TEST_SETTINGS();
const eligible = (s: SyncSetup) =>
  s.cliniko.store.list('invoices').filter((i) => i.issue_date >= settings.syncFrom && i.archived_at === null);

let s: SyncSetup;
let svc: Service | null = null;
beforeEach(() => refusedFilters.clear());
afterEach(async () => {
  await svc?.close();
  svc = null;
  await closeSims();
  await cleanup();
});
afterAll(() => refusedFilters.clear());

describe('reference reads that match the API', () => {
  it('a full `sync --once` against the strict simulator succeeds, asking archived_at only of lists that have it', async () => {
    s = await setupSync({ invoices: 40, seed: 11, settings });
    const run = await s.cli(['sync', '--once', '--json']);
    expect(run.stderr).not.toMatch(/fail|400|not searchable/i);
    expect(run.code).toBe(0);
    const sum = summaryOf(run);
    expect(sum.synced).toBeGreaterThan(0);
    expect(s.xero.org().invoiceCount()).toBe(eligible(s).length);
    const refused = s.cliniko.requests.filter((r) => r.status === 400);
    expect(refused).toEqual([]);
    const withArchived = s.cliniko.requests.filter((r) =>
      decodeURIComponent(r.query).includes('archived_at'),
    );
    expect(withArchived.some((r) => /\/(taxes|practitioners)/.test(r.path))).toBe(false);
    expect(s.cliniko.requestCount('/practitioners/inactive')).toBeGreaterThan(0);
  }, 120_000);

  it('a filter Cliniko refuses is dropped, the list read again without it, remembered for the run and logged once', async () => {
    s = await setupSync({ invoices: 30, seed: 12, settings });
    s.cliniko.refuseFilter('patients', 'archived_at');
    svc = s.service();
    await svc.sync.runCycle();
    const patients = () => s.cliniko.requests.filter((r) => r.path === '/v1/patients');
    const first = patients();
    expect(first[0]?.status).toBe(400);
    expect(decodeURIComponent(first[0]?.query ?? '')).toContain('archived_at:*');
    expect(first[1]?.status).toBe(200);
    expect(decodeURIComponent(first[1]?.query ?? '')).not.toContain('archived_at');
    expect(svc.sync.ledger.counts()).toMatchObject({ failed: 0, needsAttention: 0, pending: 0 });
    expect(s.xero.org().invoiceCount()).toBe(eligible(s).length);

    // A new invoice for a new patient: patients are read again (on demand), never with the refused filter.
    const store = s.cliniko.store;
    const patient = store.createPatient({ first_name: 'Noor', last_name: 'Haddad' });
    const billable = store.list('billable_items').find((b) => b.archived_at === null);
    store.createInvoice({
      patientId: patient.id,
      businessId: store.list('businesses')[0]?.id ?? '',
      practitionerId: store.list('practitioners')[0]?.id ?? '',
      issueDate: '2025-03-10',
      items: [{ billableItemId: billable?.id ?? '' }],
    });
    await svc.sync.runCycle();
    const later = patients().slice(first.length);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((r) => r.status === 200 && !decodeURIComponent(r.query).includes('archived_at'))).toBe(
      true,
    );
    const refusedEvents = svc.sync.ledger
      .events({ limit: 100 })
      .filter((e) => e.message.includes('refused the archived_at filter'));
    expect(refusedEvents).toHaveLength(1);
    expect(svc.sync.ledger.counts()).toMatchObject({ failed: 0, needsAttention: 0, pending: 0 });
  }, 120_000);
});

describe('one broken list never stops the rest', () => {
  it('invoices that need an unreadable list wait with the reason; the others sync; all go once it heals', async () => {
    s = await setupSync({ invoices: 40, seed: 13, settings });
    s.cliniko.failList('products', 500);
    svc = s.service();
    await svc.sync.runCycle();
    const ledger = svc.sync.ledger;
    const store = s.cliniko.store;
    const needsProduct = eligible(s).filter((inv) =>
      store.getInvoiceItems(inv.id).some((it) => it.archived_at === null && Boolean(it.product)),
    );
    expect(needsProduct.length).toBeGreaterThan(0);
    expect(needsProduct.length).toBeLessThan(eligible(s).length);
    for (const inv of needsProduct) {
      const rec = ledger.get('invoice', inv.id);
      expect(rec?.state).toBe('failed');
      expect(rec?.lastError).toMatch(
        /waits for Cliniko's products list .*could not be read: Cliniko answered HTTP 500/,
      );
    }
    expect(ledger.counts({ sourceType: 'invoice' }).synced).toBe(eligible(s).length - needsProduct.length);
    expect(
      ledger.events({ limit: 100 }).some((e) => /Could not read Cliniko's products list/.test(e.message)),
    ).toBe(true);

    s.cliniko.failList('products', null);
    for (const rec of ledger.list({ state: 'failed', limit: 1000 }).rows) ledger.requeue([rec.id]);
    await svc.sync.runCycle();
    expect(ledger.counts({ sourceType: 'invoice' }).synced).toBe(eligible(s).length);
    expect(s.xero.org().invoiceCount()).toBe(eligible(s).length);
  }, 120_000);
});

describe('nothing from Cliniko disappears silently', () => {
  it('each unparseable invoice or item needs attention, named with field and value; the others sync; never a partial invoice', async () => {
    s = await setupSync({ invoices: 40, seed: 14, settings });
    const store = s.cliniko.store;
    const eligibleBefore = eligible(s).length;
    const list = eligible(s).filter((i) => i.status === 10 || i.status === 20);
    const withItems = list.filter(
      (i) => store.getInvoiceItems(i.id).filter((x) => x.archived_at === null).length >= 2,
    );
    const [nullDate, nullTotal, badStatus] = list.filter((i) => !withItems.slice(0, 2).includes(i));
    const [hugeQty, nanPrice] = withItems;
    if (!nullDate || !nullTotal || !badStatus || !hugeQty || !nanPrice) throw new Error('seed');
    store.writeRaw('invoices', nullDate.id, { issue_date: null });
    store.writeRaw('invoices', nullTotal.id, { total_amount: null });
    store.writeRaw('invoices', badStatus.id, { status: 70 });
    const qtyItem = store.getInvoiceItems(hugeQty.id)[0];
    const priceItem = store.getInvoiceItems(nanPrice.id)[0];
    store.writeRaw('invoice_items', qtyItem?.id ?? '', { quantity: 1e300 });
    store.writeRaw('invoice_items', priceItem?.id ?? '', { unit_price: 'NaN' });

    const run = await s.cli(['sync', '--once', '--json']);
    expect(run.code).toBe(2);
    const sum = summaryOf(run);
    expect(sum.needsAttention).toBe(5);
    expect(sum.synced).toBeGreaterThan(0);
    expect(run.stderr).toMatch(/5 record\(s\) need attention/);

    svc = s.service();
    const ledger = svc.sync.ledger;
    const msg = (id: string) => ledger.get('invoice', id)?.lastError ?? '';
    expect(ledger.get('invoice', nullDate.id)?.state).toBe('needs_attention');
    expect(msg(nullDate.id)).toMatch(
      new RegExp(
        `Invoice CL-${nullDate.number} \\(Cliniko id ${nullDate.id}\\): .*issue_date is null, not a date`,
      ),
    );
    expect(msg(nullDate.id)).toMatch(/Correct the invoice in Cliniko/);
    expect(msg(nullTotal.id)).toMatch(/total_amount is null, not an amount/);
    expect(msg(badStatus.id)).toMatch(/status is 70, not one of 10 Open, 20 Paid, 30 Closed, 40 Open credit/);
    expect(msg(hugeQty.id)).toMatch(
      new RegExp(
        `Invoice CL-${hugeQty.number} .*its item ${qtyItem?.id} .*quantity is 1e\\+300, not a number`,
      ),
    );
    expect(msg(hugeQty.id)).toMatch(/never gets only some of its items/);
    expect(msg(nanPrice.id)).toMatch(/unit_price is "NaN", not a price/);
    for (const inv of [nullDate, nullTotal, badStatus, hugeQty, nanPrice]) {
      expect(ledger.get('invoice', inv.id)?.state).toBe('needs_attention');
      expect(s.xero.org().invoice(`CL-${inv.number}`)).toBeUndefined();
    }
    expect(ledger.counts()).toMatchObject({ needsAttention: 5, failed: 0, pending: 0 });
    expect(s.xero.org().invoiceCount()).toBe(eligibleBefore - 5);
    const status = await svc.dispatch('app.status', {});
    expect(JSON.stringify(status)).toMatch(/5 invoices need attention/);
    expect(JSON.stringify(status)).not.toMatch(/All invoices synced/);
    await svc.close();
    svc = null;

    // Fixed in Cliniko: read again, sent whole.
    store.writeRaw('invoice_items', priceItem?.id ?? '', { unit_price: '10.00' });
    const healed = await s.cli(['sync', '--once', '--json']);
    expect(summaryOf(healed).needsAttention).toBe(4);
  }, 180_000);

  it('an item that becomes unreadable holds an invoice already in Xero: its other items are not sent alone', async () => {
    s = await setupSync({ invoices: 30, seed: 15, settings });
    svc = s.service();
    await svc.sync.runCycle();
    const store = s.cliniko.store;
    const inv = eligible(s).find(
      (i) => store.getInvoiceItems(i.id).filter((x) => x.archived_at === null).length >= 2,
    );
    if (!inv) throw new Error('seed');
    const [bad, good] = store.getInvoiceItems(inv.id);
    store.writeRaw('invoice_items', bad?.id ?? '', { quantity: 1e300 });
    store.editInvoiceItem(good?.id ?? '', { name: 'Renamed line' });
    s.xero.resetRequestLog();
    await svc.sync.runCycle();
    const rec = svc.sync.ledger.get('invoice', inv.id);
    expect(rec?.state).toBe('needs_attention');
    expect(rec?.lastError).toMatch(/quantity is 1e\+300/);
    expect(s.xero.callCount({ pathPrefix: '/api.xro/2.0/Invoices' })).toBe(0);
  }, 120_000);
});
