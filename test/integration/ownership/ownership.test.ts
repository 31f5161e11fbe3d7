/**
 * The bookkeeper's Xero is never overwritten (issue 12): documents this app did not create are left
 * byte for byte as they were, and what Xero refuses (reconciled payments, lock dates, changes made in
 * Xero) needs attention with a plain message instead of being forced or retried on its own.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LogRow } from '../../../shared/api.js';
import type { ClinikoInvoice } from '../../simulators/seed/types.js';
import { bookkeeper, snapshotContact, snapshotInvoice } from '../../simulators/xero/bookkeeper.js';
import { cleanup, closeSims, setupSync, summaryOf, TEST_SETTINGS, type SyncSetup } from '../sync/helpers.js';

afterEach(async () => {
  await closeSims();
  await cleanup();
});

const SYNC_FROM = TEST_SETTINGS().syncFrom;
const idOf = (link: { links: { self: string } } | null | undefined): string =>
  link?.links.self.split('/').pop() ?? '';

/** Live invoices the sync will send, by Cliniko status. */
function live(s: SyncSetup, status?: number): ClinikoInvoice[] {
  return s.cliniko.store.data.invoices.filter(
    (i) =>
      i.archived_at === null &&
      i.deleted_at === null &&
      i.issue_date >= SYNC_FROM &&
      !i.original_invoice &&
      (status === undefined || i.status === status),
  );
}

function patientOf(s: SyncSetup, inv: ClinikoInvoice) {
  const p = s.cliniko.store.data.patients.find((x) => x.id === idOf(inv.patient));
  if (!p) throw new Error('seed: invoice without patient');
  return p;
}

const writes = (s: SyncSetup, from = 0) =>
  s.xero.requests.slice(from).filter((r) => r.method !== 'GET' && r.path.includes('/api.xro/'));

async function needsAttention(s: SyncSetup) {
  const service = s.service();
  try {
    const r = await service.dispatch('log.list', { state: 'needs_attention', offset: 0, limit: 100 });
    if (!r.ok) throw new Error(r.error.message);
    return (r.result as { rows: LogRow[] }).rows;
  } finally {
    await service.close();
  }
}

describe('what this app did not create', () => {
  it('a hand-entered invoice under a colliding number and a hand-made contact with a patient’s name stay byte for byte', async () => {
    const s = await setupSync({ invoices: 30, seed: 12 });
    const org = s.xero.org();
    const bk = bookkeeper(org);
    const [target] = live(s, 10);
    if (!target) throw new Error('seed: no open invoice');
    const patient = patientOf(s, target);
    const namesake = bk.createContact({ Name: `${patient.first_name} ${patient.last_name}` });
    const other = bk.createContact({ Name: 'Walk-in Customer' });
    const hand = bk.createInvoice({
      InvoiceNumber: `CL-${target.number}`,
      Contact: { ContactID: other.ContactID },
      Date: '2026-01-15',
      DueDate: '2026-01-15',
      Status: 'AUTHORISED',
      LineAmountTypes: 'Exclusive',
      LineItems: [
        {
          Description: 'Hand-entered',
          Quantity: 1,
          UnitAmount: 12.34,
          AccountCode: '200',
          TaxType: 'OUTPUT',
        },
      ],
    });
    const before = [snapshotInvoice(org, hand.InvoiceID), snapshotContact(org, namesake.ContactID)];

    const run = await s.cli(['sync', '--once', '--json']);
    expect(run.code).toBe(2);
    expect([snapshotInvoice(org, hand.InvoiceID), snapshotContact(org, namesake.ContactID)]).toEqual(before);
    const rows = await needsAttention(s);
    const row = rows.find((r) => r.invoiceNumber === `CL-${target.number}`);
    expect(row?.error).toContain(`Xero already holds invoice CL-${target.number}`);
    expect(row?.error).toContain('Walk-in Customer');
    expect(row?.error).toMatch(/Link it|another invoice prefix/);
    // The patient has a contact of their own, distinguishable from the hand-made one.
    const own = org.contact(`CLINIKO-${patient.id}`);
    expect(own?.ContactID).toBeTruthy();
    expect(own?.ContactID).not.toBe(namesake.ContactID);
    expect(own?.Name).not.toBe(namesake.Name);
    // Everything else synced; a second run writes nothing.
    expect(summaryOf(run).synced).toBeGreaterThan(0);
    const mark = s.xero.requests.length;
    const again = await s.cli(['sync', '--once', '--json']);
    expect(again.code).toBe(2);
    expect(writes(s, mark)).toEqual([]);
    expect(snapshotInvoice(org, hand.InvoiceID)).toBe(before[0]);
  });

  it('Link it adopts a matching invoice and refuses one that differs; another prefix sends the invoice anew', async () => {
    const s = await setupSync({ invoices: 30, seed: 13 });
    const org = s.xero.org();
    const bk = bookkeeper(org);
    const [same, differs] = live(s, 10);
    if (!same || !differs) throw new Error('seed: too few open invoices');
    const handFor = (inv: ClinikoInvoice, cents: number) => {
      const p = patientOf(s, inv);
      const c = bk.createContact({ Name: `${p.first_name} ${p.last_name} (hand)` });
      return bk.createInvoice({
        InvoiceNumber: `CL-${inv.number}`,
        Contact: { ContactID: c.ContactID, Name: `${p.first_name} ${p.last_name}` },
        Date: inv.issue_date,
        DueDate: inv.issue_date,
        Status: 'AUTHORISED',
        LineAmountTypes: 'Inclusive',
        LineItems: [
          {
            Description: 'Hand',
            Quantity: 1,
            UnitAmount: cents / 100,
            AccountCode: '200',
            TaxType: 'EXEMPTOUTPUT',
          },
        ],
      });
    };
    const cents = (inv: ClinikoInvoice): number => Math.round(Number(inv.total_amount) * 100);
    // The same patient name, date and total: the bookkeeper typed this invoice in by hand.
    const p = patientOf(s, same);
    const named = bk.createContact({ Name: `${p.first_name} ${p.last_name}`.trim() });
    const sameHand = bk.createInvoice({
      InvoiceNumber: `CL-${same.number}`,
      Contact: { ContactID: named.ContactID },
      Date: same.issue_date,
      DueDate: same.issue_date,
      Status: 'AUTHORISED',
      LineAmountTypes: 'Inclusive',
      LineItems: [
        {
          Description: 'Hand',
          Quantity: 1,
          UnitAmount: cents(same) / 100,
          AccountCode: '200',
          TaxType: 'EXEMPTOUTPUT',
        },
      ],
    });
    const differsHand = handFor(differs, cents(differs) + 1);
    const beforeSame = snapshotInvoice(org, sameHand.InvoiceID);
    const beforeDiffers = snapshotInvoice(org, differsHand.InvoiceID);

    expect((await s.cli(['sync', '--once'])).code).toBe(2);
    const link = await s.cli(['retry', `CL-${same.number}`, '--link']);
    expect(link.code).toBe(0);
    expect(link.stdout).toMatch(/now linked/);
    const refused = await s.cli(['retry', `CL-${differs.number}`, '--link']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/was not linked/);
    expect(refused.stderr).toMatch(/its total is \$[\d.]+, not \$[\d.]+/);

    const service = s.service();
    try {
      const r = await service.dispatch('log.list', { search: `CL-${same.number}`, offset: 0, limit: 10 });
      const rows = r.ok ? (r.result as { rows: LogRow[] }).rows : [];
      expect(rows.find((x) => x.sourceType === 'invoice')).toMatchObject({
        state: 'synced',
        xeroId: sameHand.InvoiceID,
      });
    } finally {
      await service.close();
    }
    // Linking wrote nothing to the linked invoice; the refused one is untouched.
    expect(snapshotInvoice(org, sameHand.InvoiceID)).toBe(beforeSame);
    expect(snapshotInvoice(org, differsHand.InvoiceID)).toBe(beforeDiffers);

    // Another prefix: the invoice is sent under its new number; invoices already in Xero keep theirs.
    const prefix = await s.cli(['retry', `CL-${differs.number}`, '--prefix', 'CLN-']);
    expect(prefix.code).toBe(0);
    const after = await s.cli(['sync', '--once', '--json']);
    expect(after.code).toBe(0);
    expect(org.invoice(`CLN-${differs.number}`)).toBeTruthy();
    expect(snapshotInvoice(org, differsHand.InvoiceID)).toBe(beforeDiffers);
    expect(org.invoice(`CLN-${same.number}`)).toBeFalsy();
  });
});

describe('when Xero says no', () => {
  it('a reconciled payment blocks a correction: Xero is unchanged and the message says why', async () => {
    const s = await setupSync({ invoices: 30, seed: 14 });
    expect((await s.cli(['sync', '--once'])).code).toBe(0);
    const org = s.xero.org();
    const [paid] = live(s, 20);
    if (!paid) throw new Error('seed: no paid invoice');
    const inXero = org.invoice(`CL-${paid.number}`);
    const payment = inXero?.Payments[0];
    if (!inXero || !payment) throw new Error('paid invoice without its payment in Xero');
    bookkeeper(org).reconcilePayment(payment.PaymentID);
    const before = snapshotInvoice(org, inXero.InvoiceID);
    const item = s.cliniko.store.getInvoiceItems(paid.id)[0];
    if (!item) throw new Error('seed: invoice without items');
    s.cliniko.store.editInvoiceItem(item.id, { unitPrice: '999.99' });

    const run = await s.cli(['sync', '--once', '--json']);
    expect(run.code).toBe(2);
    expect(snapshotInvoice(org, inXero.InvoiceID)).toBe(before);
    const rows = await needsAttention(s);
    expect(rows.map((r) => r.error).join('\n')).toMatch(/reconcil/i);
    const mark = s.xero.requests.length;
    expect((await s.cli(['sync', '--once'])).code).toBe(2);
    expect(writes(s, mark)).toEqual([]);
  });

  it('a lock date blocks an edit of an older invoice, named in the message; newer edits still sync', async () => {
    const s = await setupSync({ invoices: 40, seed: 15 });
    expect((await s.cli(['sync', '--once'])).code).toBe(0);
    const org = s.xero.org();
    const open = live(s, 10).sort((a, b) => a.issue_date.localeCompare(b.issue_date));
    const older = open[0];
    const newer = open[open.length - 1];
    if (!older || !newer || older.issue_date === newer.issue_date) throw new Error('seed: need two dates');
    org.setLockDate(older.issue_date);
    const before = snapshotInvoice(org, `CL-${older.number}`);
    for (const inv of [older, newer]) {
      const item = s.cliniko.store.getInvoiceItems(inv.id)[0];
      if (item) s.cliniko.store.editInvoiceItem(item.id, { unitPrice: '321.00' });
    }
    const run = await s.cli(['sync', '--once', '--json']);
    expect(run.code).toBe(2);
    expect(snapshotInvoice(org, `CL-${older.number}`)).toBe(before);
    const row = (await needsAttention(s)).find((r) => r.invoiceNumber === `CL-${older.number}`);
    expect(row?.error).toContain(`Xero's lock date is ${older.issue_date}`);
    expect(org.invoice(`CL-${newer.number}`)?.Total).toBeGreaterThanOrEqual(321);
    const mark = s.xero.requests.length;
    expect((await s.cli(['sync', '--once'])).code).toBe(2);
    expect(writes(s, mark)).toEqual([]);
  });

  it('an invoice paid in Xero by the bookkeeper, then edited in Cliniko, is not overwritten', async () => {
    const s = await setupSync({ invoices: 30, seed: 16 });
    expect((await s.cli(['sync', '--once'])).code).toBe(0);
    const org = s.xero.org();
    const [open] = live(s, 10);
    if (!open) throw new Error('seed: no open invoice');
    bookkeeper(org).payInvoice(`CL-${open.number}`);
    const before = snapshotInvoice(org, `CL-${open.number}`);
    const item = s.cliniko.store.getInvoiceItems(open.id)[0];
    if (!item) throw new Error('seed: invoice without items');
    s.cliniko.store.editInvoiceItem(item.id, { unitPrice: '77.70' });

    const run = await s.cli(['sync', '--once', '--json']);
    expect(run.code).toBe(2);
    expect(snapshotInvoice(org, `CL-${open.number}`)).toBe(before);
    const row = (await needsAttention(s)).find((r) => r.invoiceNumber === `CL-${open.number}`);
    expect(row?.error).toContain('it was paid in Xero by someone else since this app sent it');
    const mark = s.xero.requests.length;
    expect((await s.cli(['sync', '--once'])).code).toBe(2);
    expect(writes(s, mark)).toEqual([]);
  });
});
