import { describe, expect, it } from 'vitest';
import { parseInvoice, parseInvoiceItem, parsePatient } from '../cliniko/parse.js';
import { smallClinic } from '../../../test/simulators/seed/clinic.js';
import { ClinikoStore } from '../../../test/simulators/cliniko/store.js';
import { readySettings, XERO_ACCOUNTS, XERO_TAX_RATES } from '../../../test/support/sync-fixtures.js';
import type { InvoiceCatalog } from './map-invoice.js';
import { planCreditNote, type PlanCreditNoteInput } from './plan-credit-note.js';

const data = smallClinic();
const store = new ClinikoStore(data);
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
const rawOriginal = store.list('invoices').find((i) => i.status === 20 && i.total_amount !== '0.00');
if (!rawOriginal) throw new Error('no paid invoice in the small clinic');
const rawNote = store.createCreditNote(rawOriginal.id);
const original = parseInvoice(rawOriginal);
const note = parseInvoice(rawNote);

function input(over: Partial<PlanCreditNoteInput> = {}): PlanCreditNoteInput {
  return {
    invoice: note,
    items: store.getInvoiceItems(note.id).map((i) => parseInvoiceItem(i)),
    patient: parsePatient(data.patients.find((p) => p.id === note.patientId)),
    original,
    settings: { ...readySettings(), syncFrom: '2020-01-01', invoicePrefix: 'CL-' },
    catalog,
    refs: { accounts: XERO_ACCOUNTS, taxRates: XERO_TAX_RATES },
    tenantId: 't-1',
    ...over,
  };
}

describe('planCreditNote', () => {
  it('plans an ACCRECCREDIT for the credit, naming its contact and invoice by Cliniko id in the hash only', () => {
    const w = planCreditNote(input());
    expect(w).toMatchObject({
      sourceType: 'creditnote',
      sourceId: note.id,
      invoiceNumber: `CL-${note.number}`,
      totalCents: -note.totalCents,
      sourceSnapshot: {
        action: 'send',
        originalInvoiceId: original.id,
        originalNumber: `CL-${original.number}`,
        payload: { Type: 'ACCRECCREDIT', CreditNoteNumber: `CL-${note.number}` },
      },
    });
    expect(w?.totalCents).toBeGreaterThan(0);
    expect(JSON.stringify(w?.sourceSnapshot.payload)).not.toMatch(/patient:|invoice:/);
    // Planned twice from the same data: the same hash (so nothing is sent again).
    expect(planCreditNote(input())?.wantHash).toBe(w?.wantHash);
  });

  it('waits (retryable) while its original invoice or patient has not been read', () => {
    expect(planCreditNote(input({ original: null }))?.sourceSnapshot).toMatchObject({
      action: 'problem',
      retryable: true,
    });
    expect(planCreditNote(input({ patient: null }))?.sourceSnapshot.action).toBe('problem');
  });

  it('needs Xero accounts before mapping, and skips an archived credit note', () => {
    expect(planCreditNote(input({ refs: null }))).toBeNull();
    expect(planCreditNote(input({ invoice: { ...note, archivedAt: '2026-01-01T00:00:00Z' } }))).toBeNull();
  });
});
