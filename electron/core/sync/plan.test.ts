import { describe, expect, it } from 'vitest';
import { parseBusiness, parseInvoice, parseInvoiceItem, parsePatient } from '../cliniko/parse.js';
import { smallClinic } from '../../../test/simulators/seed/clinic.js';
import type { LedgerRecord } from '../ledger/index.js';
import { contentHash } from './hash.js';
import { mapInvoice, type InvoiceCatalog } from './map-invoice.js';
import { NONE_HASH, planContact, planInvoice, type PlanInput } from './plan.js';
import { readySettings, XERO_ACCOUNTS, XERO_TAX_RATES } from '../../../test/support/sync-fixtures.js';

const data = smallClinic();
const catalog: InvoiceCatalog = {
  billableItems: Object.fromEntries(
    data.billableItems.map((b) => [
      b.id,
      { name: b.name, taxId: b.tax?.links.self.split('/').pop() ?? null },
    ]),
  ),
  products: Object.fromEntries(
    data.products.map((p) => [p.id, { name: p.name, taxId: p.tax?.links.self.split('/').pop() ?? null }]),
  ),
  practitioners: Object.fromEntries(data.practitioners.map((p) => [p.id, { displayName: p.display_name }])),
  taxes: Object.fromEntries(data.taxes.map((t) => [t.id, { name: t.name, rate: t.rate }])),
};

function input(n: number, over: Partial<PlanInput> = {}): PlanInput {
  const raw = data.invoices[n - 1];
  if (!raw) throw new Error(`no invoice ${n}`);
  const invoice = parseInvoice(raw);
  return {
    invoice,
    items: data.invoiceItems
      .filter((i) => i.invoice.links.self.endsWith(`/${invoice.id}`))
      .map(parseInvoiceItem),
    patient: parsePatient(data.patients.find((p) => p.id === invoice.patientId)),
    business: parseBusiness(data.businesses.find((b) => b.id === invoice.businessId)),
    settings: { ...readySettings(), syncFrom: '2025-01-01', invoicePrefix: 'CL-' },
    catalog,
    refs: { accounts: XERO_ACCOUNTS, taxRates: XERO_TAX_RATES },
    tenantId: 't-1',
    existingInvoice: null,
    existingPayment: null,
    fallbackTimeZone: 'UTC',
    ...over,
  };
}

/** A ledger record that reached Xero (only xeroId matters to the planner). */
const record = (): LedgerRecord => ({ xeroId: 'x-1' }) as LedgerRecord;

describe('planInvoice', () => {
  it('a paid Sydney invoice: payload without its contact (a dependency), and a payment on the local date of closed_at', () => {
    const p = planInvoice(input(1));
    if (p.kind !== 'records') throw new Error(p.reason);
    expect(p.invoice.sourceSnapshot.action).toBe('send');
    // The contact's ContactID is not known when planning: the invoice writer adds it (decision 014).
    expect(p.invoice.sourceSnapshot.payload).not.toHaveProperty('Contact');
    expect(p.invoice.sourceSnapshot.patientId).toBe(p.patientId);
    expect(p.payment?.sourceSnapshot.payload).not.toHaveProperty('Invoice');
    expect(p.invoice.invoiceNumber).toBe('CL-1');
    // 2025-03-05T21:30Z is 08:30 on 6 March in Sydney.
    expect(p.payment?.sourceSnapshot.payload?.Date).toBe('2025-03-06');
    expect(p.payment?.sourceSnapshot.payload?.Account.Code).toBe('090');
    expect(p.payment?.sourceSnapshot.payload?.Amount).toBe(120);
    // Same data → same hashes (re-reading changes nothing).
    const again = planInvoice(input(1));
    if (again.kind !== 'records') throw new Error('skip');
    expect([again.invoice.wantHash, again.payment?.wantHash]).toEqual([
      p.invoice.wantHash,
      p.payment?.wantHash,
    ]);
  });

  it('want hashes are those of ledgers written before decision 014 (an upgrade re-sends nothing)', () => {
    const i = input(1);
    const p = planInvoice(i);
    if (p.kind !== 'records' || !p.payment || i.refs === null) throw new Error('skip');
    // What planning hashed before: the whole payload, with `patient:<id>` / `invoice:<id>` placeholders.
    const before = mapInvoice({
      invoice: i.invoice,
      items: i.items,
      settings: i.settings,
      catalog: i.catalog,
      xero: { ...i.refs, contactId: `patient:${i.invoice.patientId}` },
    });
    if (!before.ok) throw new Error('unmapped');
    expect(p.invoice.wantHash).toBe(contentHash(before.payload));
    const payment = {
      ...p.payment.sourceSnapshot.payload,
      Invoice: { InvoiceID: `invoice:${i.invoice.id}` },
    };
    expect(p.payment.wantHash).toBe(contentHash(payment));
  });

  it('Perth early morning is that Perth day', () => {
    const p = planInvoice(input(2));
    if (p.kind !== 'records') throw new Error('skip');
    expect(p.payment?.sourceSnapshot.payload?.Date).toBe('2025-03-06');
  });

  it('never sends invoices before syncFrom or archived ones that were never sent; voids archived ones that were', () => {
    expect(planInvoice(input(1, { settings: { ...readySettings(), syncFrom: '2025-04-01' } }))).toEqual({
      kind: 'skip',
      reason: 'before-sync-from',
    });
    expect(planInvoice(input(5))).toEqual({ kind: 'skip', reason: 'archived-never-sent' });
    const v = planInvoice(input(5, { existingInvoice: record(), existingPayment: record() }));
    if (v.kind !== 'records') throw new Error('skip');
    expect(v.invoice.sourceSnapshot.action).toBe('void');
    expect(v.payment?.wantHash).toBe(NONE_HASH);
  });

  it('a mapping to an archived account is a problem naming the invoice, line and account, without refs calls later', () => {
    const s = readySettings();
    const p = planInvoice(
      input(1, {
        settings: { ...s, syncFrom: '2025-01-01', defaults: { ...s.defaults, serviceAccountCode: '205' } },
      }),
    );
    if (p.kind !== 'records') throw new Error('skip');
    expect(p.invoice.sourceSnapshot.action).toBe('problem');
    expect(p.invoice.sourceSnapshot.retryable).toBe(false);
    expect(p.invoice.sourceSnapshot.problems?.[0]?.message).toMatch(
      /^Invoice 1, line ".+": Xero account 205 \(Old income\) is archived/,
    );
    expect(p.payment).toBeNull();
  });

  it('asks for Xero refs only when it has to map', () => {
    expect(planInvoice(input(1, { refs: null }))).toEqual({ kind: 'skip', reason: 'needs-refs' });
    expect(planInvoice(input(5, { refs: null, existingInvoice: record() })).kind).toBe('records');
  });
});

describe('planContact', () => {
  it('keys by ContactNumber and changes its hash on a rename', () => {
    const raw = data.patients[0];
    const p = parsePatient(raw);
    const a = planContact(p, false, 't');
    const b = planContact({ ...p, lastName: 'Other' }, false, 't');
    expect(a.sourceSnapshot.payload.ContactNumber).toBe(`CLINIKO-${p.id}`);
    expect(a.wantHash).not.toBe(b.wantHash);
    expect(planContact(p, true, 't').sourceSnapshot.payload.Name).toContain(`(#${p.id})`);
  });
});
