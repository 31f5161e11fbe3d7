// The bookkeeper's own Xero work: hand-made documents, reconciled payments, lock dates, edits between syncs,
// document history, and the /__sim control API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_USER,
  bookkeeper,
  DEFAULT_BOOKKEEPER,
  snapshotContact,
  snapshotInvoice,
  startXeroSim,
  type XeroSim,
} from './index.js';
import { client, invoice, messages, type Call } from './test-helpers.js';

let sim: XeroSim;
let call: Call;
beforeAll(async () => {
  sim = await startXeroSim({ limits: { perMinute: 1_000_000, perDay: 1_000_000 } });
  call = client(sim);
});
afterAll(async () => {
  await sim.close();
});

let seq = 0;
const num = (p: string): string => `${p}-${++seq}`;
const line = {
  Description: 'Consultation',
  Quantity: 1,
  UnitAmount: 120,
  AccountCode: '201',
  TaxType: 'EXEMPTOUTPUT',
};

async function apiInvoice(over: Record<string, unknown> = {}) {
  const r = await call('PUT', '/Invoices', {
    body: { Invoices: [invoice({ InvoiceNumber: num('API'), Contact: { Name: 'Api Patient' }, ...over })] },
    query: { summarizeErrors: 'false' },
  });
  expect(r.json.Invoices[0].StatusAttributeString).toBe('OK');
  return r.json.Invoices[0] as { InvoiceID: string; InvoiceNumber: string; Total: number };
}

describe('documents made by another user', () => {
  it('a hand-entered invoice and a hand-made contact stay byte-for-byte unchanged when the app collides with them', async () => {
    const bk = bookkeeper(sim.org());
    const contact = bk.createContact({ Name: 'Alice Hand', EmailAddress: 'alice@example.com' });
    const inv = bk.createInvoice({
      InvoiceNumber: 'CL-1001',
      Contact: { ContactID: contact.ContactID },
      Date: '2026-11-02',
      Status: 'AUTHORISED',
      Reference: 'hand entered',
      LineItems: [line],
    });
    const beforeInv = snapshotInvoice(sim.org(), 'CL-1001');
    const beforeContact = snapshotContact(sim.org(), contact.ContactID);

    const put = await call('PUT', '/Invoices', {
      body: { Invoices: [invoice({ InvoiceNumber: 'CL-1001', Contact: { Name: 'Someone Else' } })] },
      query: { summarizeErrors: 'false' },
    });
    expect(messages(put.json)[0]).toEqual(['Invoice # must be unique.']);
    const dupContact = await call('PUT', '/Contacts', {
      body: { Contacts: [{ Name: 'Alice Hand', ContactNumber: 'cliniko-1' }] },
      query: { summarizeErrors: 'false' },
    });
    expect(messages(dupContact.json)[0]?.[0]).toMatch(/^The contact name Alice Hand is already assigned/);

    expect(snapshotInvoice(sim.org(), inv.InvoiceID)).toBe(beforeInv);
    expect(snapshotContact(sim.org(), contact.ContactID)).toBe(beforeContact);
    // The snapshot is what GET returns (same bytes once the envelope is removed).
    const got = await call('GET', `/Invoices/${inv.InvoiceID}`, { query: { unitdp: '4' } });
    expect(JSON.stringify(got.json.Invoices[0])).toBe(beforeInv);
  });

  it('a real change shows in the snapshot (the check can fail)', async () => {
    const inv = bookkeeper(sim.org()).createInvoice({
      InvoiceNumber: num('HAND'),
      Contact: { Name: 'Snap Patient' },
      Status: 'AUTHORISED',
      LineItems: [line],
    });
    const before = snapshotInvoice(sim.org(), inv.InvoiceID);
    await call('POST', `/Invoices/${inv.InvoiceID}`, { body: { Reference: 'overwritten by an app' } });
    expect(snapshotInvoice(sim.org(), inv.InvoiceID)).not.toBe(before);
  });

  it('History tells the bookkeeper from the app (GET /Invoices/{id}/History)', async () => {
    const mine = await apiInvoice();
    const theirs = bookkeeper(sim.org(), 'Pat Accountant').createInvoice({
      InvoiceNumber: num('HAND'),
      Contact: { Name: 'Hist Patient' },
      Status: 'AUTHORISED',
      LineItems: [line],
    });
    expect(sim.org().history.createdBy(mine.InvoiceID)).toBe(API_USER);
    expect(sim.org().history.createdBy(theirs.InvoiceID)).toBe('Pat Accountant');
    const h = await call('GET', `/Invoices/${theirs.InvoiceID}/History`);
    expect(h.status).toBe(200);
    expect(h.json.HistoryRecords).toEqual([
      expect.objectContaining({ Changes: 'Created', User: 'Pat Accountant' }),
    ]);
    expect((await call('GET', '/Invoices/00000000-0000-0000-0000-000000000000/History')).status).toBe(404);
  });
});

describe('edits made in Xero between syncs', () => {
  it('pay, credit, void and edit bump UpdatedDateUTC and are recorded under the bookkeeper', async () => {
    const bk = bookkeeper(sim.org());
    const cases = {
      pay: async (id: string) => bk.payInvoice(id, { date: '2026-11-21' }),
      credit: async (id: string) => bk.creditInvoice(id, { amount: 40 }),
      void: async (id: string) => bk.voidInvoice(id),
      edit: async (id: string) => bk.editInvoice(id, { Reference: 'changed in Xero' }),
    };
    for (const [what, act] of Object.entries(cases)) {
      const inv = await apiInvoice();
      const before = sim.org().invoice(inv.InvoiceID);
      await new Promise((r) => setTimeout(r, 2));
      await act(inv.InvoiceID);
      const after = sim.org().invoice(inv.InvoiceID);
      expect(after?.UpdatedDateUTC, what).toBeGreaterThan(before?.UpdatedDateUTC ?? Infinity);
      expect(sim.org().history.lastChangedBy(inv.InvoiceID), what).toBe(bk.user);
      expect(sim.org().history.createdBy(inv.InvoiceID), what).toBe(API_USER);
    }
  });

  it('credit is exact to the cent: AmountDue and AmountCredited on the invoice, RemainingCredit on the note', async () => {
    const inv = await apiInvoice();
    const cn = bookkeeper(sim.org()).creditInvoice(inv.InvoiceID, { amount: 33.33 });
    expect(sim.org().invoice(inv.InvoiceID)).toMatchObject({ AmountCredited: 33.33, AmountDue: 61.67 });
    expect(cn).toMatchObject({ Total: 33.33, RemainingCredit: 0, Status: 'PAID' });
  });

  it('the app cannot then overwrite a paid invoice', async () => {
    const inv = await apiInvoice();
    bookkeeper(sim.org()).payInvoice(inv.InvoiceID);
    const r = await call('POST', `/Invoices/${inv.InvoiceID}`, {
      body: { Reference: 'app edit' },
      query: { summarizeErrors: 'false' },
    });
    expect(messages(r.json)[0]).toEqual([
      'This document cannot be edited as it has a payment or credit note allocated to it.',
    ]);
  });
});

describe('reconciled payments', () => {
  it('Xero refuses to delete a reconciled payment and to edit its invoice; un-reconciling allows the delete', async () => {
    const inv = await apiInvoice();
    const pay = await call('PUT', '/Payments', {
      body: { Payments: [{ Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '090' }, Amount: 95 }] },
    });
    const pid = pay.json.Payments[0].PaymentID as string;
    const bk = bookkeeper(sim.org());
    bk.reconcilePayment(pid);
    expect((await call('GET', `/Payments/${pid}`)).json.Payments[0].IsReconciled).toBe(true);
    const before = snapshotInvoice(sim.org(), inv.InvoiceID);

    const del = await call('POST', `/Payments/${pid}`, {
      body: { Status: 'DELETED' },
      query: { summarizeErrors: 'false' },
    });
    expect(messages(del.json)[0]?.[0]).toMatch(/reconciled/);
    const edit = await call('POST', `/Invoices/${inv.InvoiceID}`, {
      body: { LineItems: [{ ...line, UnitAmount: 80 }] },
      query: { summarizeErrors: 'false' },
    });
    expect(messages(edit.json)[0]).toEqual([
      'This document cannot be edited as it has a payment or credit note allocated to it.',
    ]);
    expect(snapshotInvoice(sim.org(), inv.InvoiceID)).toBe(before);

    bk.reconcilePayment(pid, false);
    const del2 = await call('POST', `/Payments/${pid}`, { body: { Status: 'DELETED' } });
    expect(del2.status).toBe(200);
    expect(sim.org().invoice(inv.InvoiceID)).toMatchObject({ Status: 'AUTHORISED', AmountDue: 95 });
  });

  it('a payment created with IsReconciled: true is refused deletion too', async () => {
    const inv = await apiInvoice();
    const pay = await call('PUT', '/Payments', {
      body: {
        Payments: [
          { Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '090' }, Amount: 10, IsReconciled: true },
        ],
      },
    });
    const del = await call('POST', `/Payments/${pay.json.Payments[0].PaymentID}`, {
      body: { Status: 'DELETED' },
    });
    expect(del.status).toBe(400);
    expect(del.json.Elements[0].ValidationErrors[0].Message).toMatch(/reconciled/);
  });
});

describe('lock dates', () => {
  it('GET /Organisation shows PeriodLockDate and EndOfYearLockDate; documents on or before the later one are refused', async () => {
    const org = sim.org();
    org.setLockDate('2026-06-30');
    org.setEndOfYearLockDate('2026-03-31');
    try {
      const o = (await call('GET', '/Organisation')).json.Organisations[0];
      expect(o.PeriodLockDate).toBe('/Date(1782777600000+0000)/');
      expect(o.EndOfYearLockDate).toBe('/Date(1774915200000+0000)/');
      const onLock = await call('PUT', '/Invoices', {
        body: { Invoices: [invoice({ InvoiceNumber: num('L'), Date: '2026-06-30' })] },
        query: { summarizeErrors: 'false' },
      });
      expect(messages(onLock.json)[0]).toEqual(['The document date cannot be before the period lock date']);
      const after = await call('PUT', '/Invoices', {
        body: { Invoices: [invoice({ InvoiceNumber: num('L'), Date: '2026-07-01' })] },
        query: { summarizeErrors: 'false' },
      });
      expect(after.json.Invoices[0].StatusAttributeString).toBe('OK');
      // The end-of-year lock alone also locks.
      org.setLockDate(null);
      org.setEndOfYearLockDate('2026-07-01');
      const eoy = await call('PUT', '/Invoices', {
        body: { Invoices: [invoice({ InvoiceNumber: num('L'), Date: '2026-07-01' })] },
        query: { summarizeErrors: 'false' },
      });
      expect(messages(eoy.json)[0]).toEqual(['The document date cannot be before the period lock date']);
      const o2 = (await call('GET', '/Organisation')).json.Organisations[0];
      expect(o2.PeriodLockDate).toBeUndefined();
    } finally {
      org.setLockDate(null);
      org.setEndOfYearLockDate(null);
    }
  });

  it('an older invoice cannot be edited after the lock; a newer one can', async () => {
    const old = await apiInvoice({ Date: '2026-05-10', DueDate: '2026-05-20' });
    const fresh = await apiInvoice({ Date: '2026-08-10', DueDate: '2026-08-20' });
    sim.org().setLockDate('2026-06-30');
    try {
      const r1 = await call('POST', `/Invoices/${old.InvoiceID}`, {
        body: { Reference: 'edit' },
        query: { summarizeErrors: 'false' },
      });
      expect(messages(r1.json)[0]).toEqual(['The document date cannot be before the period lock date']);
      const r2 = await call('POST', `/Invoices/${fresh.InvoiceID}`, {
        body: { Reference: 'edit' },
        query: { summarizeErrors: 'false' },
      });
      expect(r2.json.Invoices[0].StatusAttributeString).toBe('OK');
    } finally {
      sim.org().setLockDate(null);
    }
  });
});

describe('HTTP control API (/__sim)', () => {
  const ctl = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${sim.url}/__sim/orgs/default${path}`, {
      method,
      ...(body !== undefined
        ? { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }
        : {}),
    });
    return { status: r.status, text: await r.text() };
  };

  it('seeds, acts as the bookkeeper, sets lock dates and snapshots without auth', async () => {
    const n = num('CTL');
    const c = await ctl('POST', '/bookkeeper/createInvoice', {
      user: 'Remote Bookkeeper',
      input: { InvoiceNumber: n, Contact: { Name: 'Ctl Patient' }, Status: 'AUTHORISED', LineItems: [line] },
    });
    expect(c.status).toBe(200);
    const snap1 = await ctl('GET', `/invoices/${n}/snapshot`);
    expect(snap1.text).toBe(snapshotInvoice(sim.org(), n));
    const p = await ctl('POST', '/bookkeeper/payInvoice', { invoice: n, input: { amount: 20 } });
    expect(JSON.parse(p.text)).toMatchObject({ Amount: 20 });
    const id = sim.org().invoice(n)?.InvoiceID ?? '';
    expect(sim.org().history.createdBy(id)).toBe('Remote Bookkeeper');
    // Without "user", actions are recorded under DEFAULT_BOOKKEEPER.
    expect(sim.org().history.lastChangedBy(id)).toBe(DEFAULT_BOOKKEEPER);
    const refused = await ctl('POST', '/bookkeeper/voidInvoice', { invoice: n });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('This document cannot be edited');
    const lock = await ctl('PUT', '/lock-dates', { PeriodLockDate: '2026-01-31' });
    expect(JSON.parse(lock.text)).toEqual({ PeriodLockDate: '2026-01-31', EndOfYearLockDate: null });
    expect(sim.org().getLockDate()).toBe('2026-01-31');
    await ctl('PUT', '/lock-dates', { PeriodLockDate: null });
    expect((await ctl('GET', '/snapshot')).status).toBe(200);
    expect((await ctl('POST', '/bookkeeper/nope', {})).status).toBe(404);
    expect(sim.requests.filter((r) => r.path.startsWith('/__sim'))).toEqual([]);
  });
});
