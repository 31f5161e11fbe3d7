// Invoice and contact rules: the simulator refuses what Xero refuses, with Xero's messages, and accepts the rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXeroSim, type XeroSim } from './index.js';
import { client, invoice, type Call } from './test-helpers.js';

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
const num = (): string => `INV-T${String(++seq).padStart(5, '0')}`;

/** PUT one invoice with summarizeErrors=false; returns the element. */
async function put(inv: Record<string, unknown>, method: 'PUT' | 'POST' = 'PUT') {
  const r = await call(method, '/Invoices', {
    body: { Invoices: [inv] },
    query: { summarizeErrors: 'false' },
  });
  expect(r.status).toBe(200);
  return r.json.Invoices[0];
}
async function errorsOf(inv: Record<string, unknown>, method: 'PUT' | 'POST' = 'PUT'): Promise<string[]> {
  const el = await put(inv, method);
  return (el.ValidationErrors as { Message: string }[]).map((v) => v.Message);
}

describe('account codes', () => {
  it('accepts an active revenue account', async () => {
    const el = await put(invoice({ InvoiceNumber: num() }, { AccountCode: '202' }));
    expect(el.StatusAttributeString).toBe('OK');
    expect(el.LineItems[0].AccountCode).toBe('202');
  });
  it('refuses an unknown code, a non-revenue code on ACCREC, a bank account and a system account', async () => {
    for (const code of ['999', '400', '090', '820']) {
      expect(
        await errorsOf(invoice({ InvoiceNumber: num() }, { AccountCode: code, TaxType: 'BASEXCLUDED' })),
      ).toEqual([`Account code '${code}' is not a valid code for this document.`]);
    }
  });
  it('refuses an archived account', async () => {
    expect(
      await errorsOf(invoice({ InvoiceNumber: num() }, { AccountCode: '205', TaxType: 'OUTPUT' })),
    ).toEqual([
      "Account code '205' has been archived, or has been deleted. Each line item must reference a valid account.",
    ]);
    sim.org().archiveAccount('210');
    expect(
      await errorsOf(invoice({ InvoiceNumber: num() }, { AccountCode: '210', TaxType: 'OUTPUT' })),
    ).toEqual([
      "Account code '210' has been archived, or has been deleted. Each line item must reference a valid account.",
    ]);
  });
  it('an approved invoice needs an account code on every line; a draft does not', async () => {
    expect(
      await errorsOf(invoice({ InvoiceNumber: num() }, { AccountCode: undefined, TaxType: undefined })),
    ).toEqual(['Account code must be specified']);
    const draft = await put(
      invoice({ InvoiceNumber: num(), Status: 'DRAFT' }, { AccountCode: undefined, TaxType: undefined }),
    );
    expect(draft.StatusAttributeString).toBe('OK');
  });
});

describe('tax types', () => {
  it('refuses a tax type that cannot apply to revenue (INPUT on 200)', async () => {
    expect(
      await errorsOf(invoice({ InvoiceNumber: num() }, { AccountCode: '200', TaxType: 'INPUT' })),
    ).toEqual(["The TaxType code 'INPUT' cannot be used with account code '200'"]);
  });
  it('refuses an archived tax rate and an unknown one', async () => {
    expect(
      await errorsOf(invoice({ InvoiceNumber: num() }, { AccountCode: '200', TaxType: 'TAX001' })),
    ).toEqual(["The TaxType code 'TAX001' cannot be used with account code '200'"]);
    const unknown = await errorsOf(
      invoice({ InvoiceNumber: num() }, { AccountCode: '200', TaxType: 'NOPE' }),
    );
    expect(unknown[0]).toMatch(/^The TaxType code 'NOPE' /);
  });
  it('accepts OUTPUT, EXEMPTOUTPUT and BASEXCLUDED on revenue', async () => {
    for (const t of ['OUTPUT', 'EXEMPTOUTPUT', 'BASEXCLUDED']) {
      expect(
        (await put(invoice({ InvoiceNumber: num() }, { AccountCode: '200', TaxType: t })))
          .StatusAttributeString,
      ).toBe('OK');
    }
  });
});

describe('line items', () => {
  it('description is mandatory; an unknown ItemCode is refused; at most 2 tracking categories', async () => {
    expect(await errorsOf(invoice({ InvoiceNumber: num() }, { Description: undefined }))).toEqual([
      'The description field is mandatory for each line item.',
    ]);
    expect(await errorsOf(invoice({ InvoiceNumber: num() }, { ItemCode: 'NOPE' }))).toEqual([
      "Item code 'NOPE' is not valid",
    ]);
    sim.org().addItem('CONSULT');
    expect(
      (await put(invoice({ InvoiceNumber: num() }, { ItemCode: 'CONSULT' }))).StatusAttributeString,
    ).toBe('OK');
    const t = { Name: 'Location', Option: 'Bondi' };
    expect(await errorsOf(invoice({ InvoiceNumber: num() }, { Tracking: [t, t, t] }))).toContain(
      'A line item can have a maximum of 2 tracking categories.',
    );
    const ok = await put(invoice({ InvoiceNumber: num() }, { Tracking: [t] }));
    expect(ok.LineItems[0].Tracking[0]).toMatchObject({ Name: 'Location', Option: 'Bondi' });
  });

  it("an Item's sales account and tax stand in for the ones a line leaves out", async () => {
    sim.org().addItem('MASSAGE60', 'Massage 60', { AccountCode: '202', TaxType: 'OUTPUT' });
    const bare = await put(
      invoice(
        { InvoiceNumber: num() },
        { ItemCode: 'massage60', AccountCode: undefined, TaxType: undefined },
      ),
    );
    expect(bare.LineItems[0]).toMatchObject({ AccountCode: '202', TaxType: 'OUTPUT' });
    const ours = await put(invoice({ InvoiceNumber: num() }, { ItemCode: 'MASSAGE60' }));
    expect(ours.LineItems[0]).toMatchObject({ AccountCode: '201', TaxType: 'EXEMPTOUTPUT' });
  });

  it('an archived or deleted tracking option is refused; a deleted one is not listed, an archived one is', async () => {
    sim.org().addTrackingCategory('Region', ['North', 'South', 'East']);
    sim.org().setTrackingOptionStatus('Region', 'North', 'ARCHIVED');
    sim.org().setTrackingOptionStatus('Region', 'South', 'DELETED');
    for (const opt of ['North', 'South'])
      expect(
        await errorsOf(invoice({ InvoiceNumber: num() }, { Tracking: [{ Name: 'Region', Option: opt }] })),
      ).toEqual([
        `Tracking option '${opt}' does not exist or has been archived for tracking category 'Region'.`,
      ]);
    const r = await call('GET', '/TrackingCategories', { query: { includeArchived: 'true' } });
    const region = (
      r.json.TrackingCategories as { Name: string; Options: { Name: string; Status: string }[] }[]
    ).find((c) => c.Name === 'Region');
    expect(region?.Options.map((o) => [o.Name, o.Status])).toEqual([
      ['North', 'ARCHIVED'],
      ['East', 'ACTIVE'],
    ]);
  });
});

describe('invoice numbers', () => {
  it('Invoice # must be unique for ACCREC (case-insensitively); ACCPAY may repeat', async () => {
    const n = num();
    expect((await put(invoice({ InvoiceNumber: n }))).StatusAttributeString).toBe('OK');
    expect(await errorsOf(invoice({ InvoiceNumber: n }))).toEqual(['Invoice # must be unique.']);
    expect(await errorsOf(invoice({ InvoiceNumber: n.toLowerCase() }))).toEqual([
      'Invoice # must be unique.',
    ]);
    const bill = { Type: 'ACCPAY', Contact: { Name: 'Supplier Co' }, InvoiceNumber: 'B-1', Status: 'DRAFT' };
    const line = {
      LineItems: [
        { Description: 'Towels', Quantity: 1, UnitAmount: 10, AccountCode: '400', TaxType: 'INPUT' },
      ],
    };
    expect((await put({ ...bill, ...line })).StatusAttributeString).toBe('OK');
    expect((await put({ ...bill, ...line })).StatusAttributeString).toBe('OK');
  });
  it('auto-numbers an ACCREC invoice without a number', async () => {
    const el = await put(invoice({ InvoiceNumber: undefined }));
    expect(el.InvoiceNumber).toMatch(/^INV-\d{4}$/);
  });
});

describe('contacts on invoices', () => {
  it('finds an active contact by Name, or creates it (as Xero does)', async () => {
    const before = sim.org().contacts().length;
    const a = await put(invoice({ InvoiceNumber: num(), Contact: { Name: 'Brand New Patient' } }));
    const b = await put(invoice({ InvoiceNumber: num(), Contact: { Name: 'brand new patient' } }));
    expect(a.Contact.ContactID).toBe(b.Contact.ContactID);
    expect(sim.org().contacts().length).toBe(before + 1);
  });
  it('uses ContactID; an unknown ContactID and a missing contact are refused', async () => {
    const c = await call('PUT', '/Contacts', {
      body: { Contacts: [{ Name: 'By Id', ContactNumber: 'P-100' }] },
    });
    const id = c.json.Contacts[0].ContactID;
    expect((await put(invoice({ InvoiceNumber: num(), Contact: { ContactID: id } }))).Contact.Name).toBe(
      'By Id',
    );
    expect(
      (
        await errorsOf(
          invoice({ InvoiceNumber: num(), Contact: { ContactID: '11111111-1111-4111-8111-111111111111' } }),
        )
      )[0],
    ).toMatch(/could not be found/);
    expect(await errorsOf(invoice({ InvoiceNumber: num(), Contact: undefined }))).toEqual([
      'A Contact must be specified for this type of transaction',
    ]);
  });
  it('an archived contact cannot be invoiced', async () => {
    const c = await call('PUT', '/Contacts', { body: { Contacts: [{ Name: 'Old Patient' }] } });
    const id = c.json.Contacts[0].ContactID;
    const arch = await call('POST', '/Contacts', {
      body: { Contacts: [{ ContactID: id, ContactStatus: 'ARCHIVED' }] },
    });
    expect(arch.json.Contacts[0].ContactStatus).toBe('ARCHIVED');
    const msg =
      'The contact with the specified contact details has been archived. The contact must be un-archived before creating new invoices or credit notes.';
    expect(await errorsOf(invoice({ InvoiceNumber: num(), Contact: { ContactID: id } }))).toEqual([msg]);
    expect(await errorsOf(invoice({ InvoiceNumber: num(), Contact: { Name: 'Old Patient' } }))).toEqual([
      msg,
    ]);
  });
});

describe('status transitions', () => {
  it('DRAFT → AUTHORISED → VOIDED; DELETED only from DRAFT/SUBMITTED', async () => {
    const d = await put(invoice({ InvoiceNumber: num(), Status: 'DRAFT' }));
    expect(d.Status).toBe('DRAFT');
    const a = await put({ InvoiceID: d.InvoiceID, Status: 'AUTHORISED' }, 'POST');
    expect(a.Status).toBe('AUTHORISED');
    expect(await errorsOf({ InvoiceID: d.InvoiceID, Status: 'DELETED' }, 'POST')).toEqual([
      'Invoice not of valid status for modification',
    ]);
    expect(await errorsOf({ InvoiceID: d.InvoiceID, Status: 'DRAFT' }, 'POST')).toEqual([
      'Invoice not of valid status for modification',
    ]);
    const v = await put({ InvoiceID: d.InvoiceID, Status: 'VOIDED' }, 'POST');
    expect([v.Status, v.AmountDue]).toEqual(['VOIDED', 0]);
    expect(await errorsOf({ InvoiceID: d.InvoiceID, Reference: 'x' }, 'POST')).toEqual([
      'Invoice not of valid status for modification',
    ]);
    const s = await put(invoice({ InvoiceNumber: num(), Status: 'SUBMITTED' }));
    expect((await put({ InvoiceID: s.InvoiceID, Status: 'DELETED' }, 'POST')).Status).toBe('DELETED');
    const dr = await put(invoice({ InvoiceNumber: num(), Status: 'DRAFT' }));
    expect(await errorsOf({ InvoiceID: dr.InvoiceID, Status: 'VOIDED' }, 'POST')).toEqual([
      'Invoice not of valid status for modification',
    ]);
  });
  it('cannot be created PAID/VOIDED', async () => {
    expect((await errorsOf(invoice({ InvoiceNumber: num(), Status: 'PAID' }))).length).toBe(1);
  });
  it('POST updates by InvoiceID or by InvoiceNumber; omitted LineItemIDs are recreated', async () => {
    const n = num();
    const a = await put(invoice({ InvoiceNumber: n, Status: 'DRAFT' }));
    const b = await put({ InvoiceNumber: n, Reference: 'Updated by number' }, 'POST');
    expect(b.InvoiceID).toBe(a.InvoiceID);
    expect(b.Reference).toBe('Updated by number');
    expect(b.LineItems[0].LineItemID).toBe(a.LineItems[0].LineItemID);
    const c = await put(
      {
        InvoiceID: a.InvoiceID,
        LineItems: [{ Description: 'New', Quantity: 2, UnitAmount: 10, AccountCode: '200' }],
      },
      'POST',
    );
    expect(c.LineItems[0].LineItemID).not.toBe(a.LineItems[0].LineItemID);
    expect([c.SubTotal, c.TotalTax, c.Total]).toEqual([20, 2, 22]);
    // PUT with an existing number is a duplicate, not an update.
    expect(await errorsOf(invoice({ InvoiceNumber: n }))).toEqual(['Invoice # must be unique.']);
  });
});

describe('period lock date', () => {
  it('refuses documents dated on or before the lock date (drafts are not posted, so allowed)', async () => {
    sim.org().setLockDate('2026-10-31');
    try {
      const msg = 'The document date cannot be before the period lock date';
      expect(await errorsOf(invoice({ InvoiceNumber: num(), Date: '2026-10-31' }))).toEqual([msg]);
      expect(await errorsOf(invoice({ InvoiceNumber: num(), Date: '2026-09-01' }))).toEqual([msg]);
      expect((await put(invoice({ InvoiceNumber: num(), Date: '2026-11-01' }))).StatusAttributeString).toBe(
        'OK',
      );
      expect(
        (await put(invoice({ InvoiceNumber: num(), Date: '2026-10-01', Status: 'DRAFT' })))
          .StatusAttributeString,
      ).toBe('OK');
      const org = await call('GET', '/Organisation');
      expect(org.json.Organisations[0].PeriodLockDate).toBe('/Date(1793404800000+0000)/');
    } finally {
      sim.org().setLockDate(null);
    }
  });
});

describe('contacts', () => {
  it('active names are unique; ContactNumber is unique; both with Xero’s messages', async () => {
    const ok = await call('PUT', '/Contacts', {
      body: { Contacts: [{ Name: 'Sam Lee', ContactNumber: 'CLK-1' }] },
    });
    expect(ok.status).toBe(200);
    const dup = await call('PUT', '/Contacts', {
      body: { Contacts: [{ Name: 'Sam Lee' }, { Name: 'Sam Lee 2', ContactNumber: 'CLK-1' }] },
      query: { summarizeErrors: 'false' },
    });
    expect(
      dup.json.Contacts.map(
        (c: { ValidationErrors: { Message: string }[] }) => c.ValidationErrors[0]?.Message,
      ),
    ).toEqual([
      'The contact name Sam Lee is already assigned to another contact. The contact name must be unique across all active contacts.',
      'The contact number CLK-1 is already assigned to another contact.',
    ]);
    expect(dup.json.Contacts.map((c: { StatusAttributeString: string }) => c.StatusAttributeString)).toEqual([
      'ERROR',
      'ERROR',
    ]);
  });
  it('an archived contact frees its name; it is hidden unless includeArchived=true; it cannot be edited', async () => {
    const a = await call('PUT', '/Contacts', {
      body: { Contacts: [{ Name: 'Jo Park', ContactNumber: 'CLK-2' }] },
    });
    const id = a.json.Contacts[0].ContactID;
    await call('POST', `/Contacts/${id}`, { body: { Contacts: [{ ContactStatus: 'ARCHIVED' }] } });
    expect((await call('PUT', '/Contacts', { body: { Contacts: [{ Name: 'Jo Park' }] } })).status).toBe(200);
    const list = await call('GET', '/Contacts', { query: { IDs: id } });
    expect(list.json.Contacts).toHaveLength(1);
    const visible = await call('GET', '/Contacts');
    expect(visible.json.Contacts.some((c: { ContactID: string }) => c.ContactID === id)).toBe(false);
    const all = await call('GET', '/Contacts', { query: { includeArchived: 'true' } });
    expect(all.json.Contacts.some((c: { ContactID: string }) => c.ContactID === id)).toBe(true);
    const edit = await call('POST', '/Contacts', {
      body: { Contacts: [{ ContactID: id, EmailAddress: 'x@y.z' }] },
    });
    expect(edit.status).toBe(400);
    expect(edit.json.Elements[0].ValidationErrors[0].Message).toBe(
      'The specified contact details matched an archived contact. Archived contacts cannot currently be edited via the API.',
    );
  });
  it('GET /Contacts/{ContactNumber} and {ContactID}; update by ContactID; paging', async () => {
    const a = await call('PUT', '/Contacts', {
      body: { Contacts: [{ Name: 'Kim Ho', ContactNumber: 'CLK-3', EmailAddress: 'kim@example.com' }] },
    });
    const id = a.json.Contacts[0].ContactID;
    const byNumber = await call('GET', '/Contacts/CLK-3');
    expect(byNumber.json.Contacts[0]).toMatchObject({ ContactID: id, EmailAddress: 'kim@example.com' });
    expect((await call('GET', `/Contacts/${id}`)).json.Contacts[0].ContactNumber).toBe('CLK-3');
    expect((await call('GET', '/Contacts/NOPE-404')).status).toBe(404);
    const upd = await call('POST', '/Contacts', {
      body: { Contacts: [{ ContactID: id, EmailAddress: 'kim@new.example' }] },
    });
    expect(upd.json.Contacts[0]).toMatchObject({ Name: 'Kim Ho', EmailAddress: 'kim@new.example' });
    const p1 = await call('GET', '/Contacts', { query: { page: '1', pageSize: '2' } });
    expect(p1.json.Contacts).toHaveLength(2);
    expect(p1.json.pagination).toMatchObject({ page: 1, pageSize: 2 });
    expect(p1.json.pagination.itemCount).toBeGreaterThan(2);
  });
});

describe('GET /Invoices', () => {
  it('filters by InvoiceNumbers, IDs, Statuses, ContactIDs; line items only when paging or single', async () => {
    const n1 = num();
    const n2 = num();
    const a = await put(invoice({ InvoiceNumber: n1, Contact: { Name: 'Filter Person' } }));
    const b = await put(invoice({ InvoiceNumber: n2, Contact: { Name: 'Filter Person' }, Status: 'DRAFT' }));
    const byNum = await call('GET', '/Invoices', { query: { InvoiceNumbers: `${n1},${n2}` } });
    expect(byNum.json.Invoices.map((i: { InvoiceID: string }) => i.InvoiceID).sort()).toEqual(
      [a.InvoiceID, b.InvoiceID].sort(),
    );
    expect(byNum.json.Invoices[0].LineItems).toBeUndefined();
    const byId = await call('GET', '/Invoices', { query: { IDs: a.InvoiceID, page: '1' } });
    expect(byId.json.Invoices[0].LineItems).toHaveLength(1);
    const drafts = await call('GET', '/Invoices', {
      query: { ContactIDs: a.Contact.ContactID, Statuses: 'DRAFT' },
    });
    expect(drafts.json.Invoices.map((i: { InvoiceNumber: string }) => i.InvoiceNumber)).toEqual([n2]);
    const one = await call('GET', `/Invoices/${a.InvoiceID}`);
    expect(one.json.Invoices[0]).toMatchObject({ InvoiceNumber: n1, DateString: '2026-11-20T00:00:00' });
    expect(one.json.Invoices[0].Date).toBe('/Date(1795132800000+0000)/');
    expect((await call('GET', `/Invoices/${n1}`)).json.Invoices[0].InvoiceID).toBe(a.InvoiceID);
  });
  it('If-Modified-Since returns only records changed after the instant', async () => {
    const a = await put(invoice({ InvoiceNumber: num() }));
    const since = new Date(Date.now() + 5).toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const b = await put(invoice({ InvoiceNumber: num() }));
    const r = await call('GET', '/Invoices', { headers: { 'If-Modified-Since': since } });
    const ids = r.json.Invoices.map((i: { InvoiceID: string }) => i.InvoiceID);
    expect(ids).toContain(b.InvoiceID);
    expect(ids).not.toContain(a.InvoiceID);
  });
});
