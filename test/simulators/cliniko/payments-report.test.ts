// Credit notes (status 40, linked both ways) and the payments report (two layouts, local times, splits, partials,
// refunds, money formats) — as a function and over the /__sim control API.
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClinic } from '../seed/clinic.js';
import { moneyToCents } from '../seed/money.js';
import { localDateOf } from '../seed/tz.js';
import { formatMoney, REPORT_LAYOUTS, startClinikoSim, type ClinikoSim } from './index.js';

const UA = 'clinic-xero-sync tests (dev@clinic-xero-sync.invalid)';
async function api(sim: ClinikoSim, path: string) {
  const res = await fetch(path.startsWith('http') ? path : `${sim.url}${path}`, {
    headers: {
      Authorization: `Basic ${Buffer.from(`${sim.apiKey}:`).toString('base64')}`,
      'User-Agent': UA,
      Accept: 'application/json',
    },
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
const parse = (csv: string) => Papa.parse<Record<string, string>>(csv.trim(), { header: true });

let sim: ClinikoSim;
beforeAll(async () => {
  sim = await startClinikoSim({
    data: generateClinic({ invoices: 300, seed: 11 }),
    seed: { invoices: 0, creditNotes: 3 },
  });
});
afterAll(() => sim.close());

const paid = () => sim.store.list('invoices').filter((i) => i.status === 20 && i.archived_at === null);

describe('credit notes', () => {
  it('the seed option reverses that many paid invoices with status 40 credit notes', () => {
    const notes = sim.store.list('invoices').filter((i) => i.status === 40);
    expect(notes).toHaveLength(3);
    for (const n of notes) {
      expect(n.status_description).toBe('Open credit');
      const orig = sim.store.getInvoice(n.original_invoice?.links.self.split('/').pop() ?? '');
      expect(orig?.status).toBe(20);
      expect(moneyToCents(n.total_amount)).toBe(-moneyToCents(orig?.total_amount ?? '0'));
    }
  });

  it('GET shows original_invoice on the credit note and reversed_invoices on the original, which lists it', async () => {
    const orig = paid().find((i) => !i.reversed_invoices && sim.store.getInvoiceItems(i.id).length >= 2);
    if (!orig) throw new Error('fixture: no paid invoice with two items');
    const firstItem = sim.store.getInvoiceItems(orig.id)[0];
    const cn = sim.store.createCreditNote(orig.id, {
      itemIds: [firstItem?.id ?? ''],
      issueDate: '2025-07-01',
    });
    const got = await api(sim, `/invoices/${cn.id}`);
    expect(got.json).toMatchObject({
      status: 40,
      status_description: 'Open credit',
      number: cn.number,
      issue_date: '2025-07-01',
      total_amount: `-${firstItem?.total_including_tax}`,
      original_invoice: { links: { self: `${sim.url}/invoices/${orig.id}` } },
    });
    const o = await api(sim, `/invoices/${orig.id}`);
    const rev = (o.json.reversed_invoices as { links: { self: string } }).links.self;
    expect(rev).toBe(`${sim.url}/invoices/${orig.id}/reversed_invoices`);
    const listed = await api(sim, rev);
    expect((listed.json.invoices as { id: string }[]).map((i) => i.id)).toEqual([cn.id]);
    const items = await api(sim, `/invoices/${cn.id}/invoice_items`);
    const it0 = (items.json.invoice_items as { quantity: number; total_including_tax: string }[])[0];
    expect(it0?.quantity).toBe(-(firstItem?.quantity ?? 0));
    // An ordinary invoice has no original_invoice.
    expect('original_invoice' in o.json).toBe(false);
    expect(() => sim.store.createCreditNote(cn.id)).toThrow(/itself a credit note/);
  });
});

describe('payments derived from invoices', () => {
  it("every paid invoice's rows sum to its total; splits, two-day partials and refunds all occur", () => {
    const all = sim.payments.all();
    const byInvoice = new Map<string, typeof all>();
    for (const p of all) byInvoice.set(p.invoiceId, [...(byInvoice.get(p.invoiceId) ?? []), p]);
    for (const inv of paid()) {
      const rows = byInvoice.get(inv.id) ?? [];
      expect(
        rows.reduce((s, r) => s + r.amountCents, 0),
        inv.id,
      ).toBe(moneyToCents(inv.total_amount));
      expect(rows[rows.length - 1]?.paidAt).toBe(inv.closed_at);
    }
    const groups = [...byInvoice.values()];
    const splits = groups.filter(
      (g) => g.length === 2 && g[0]?.paidAt === g[1]?.paidAt && g[0]?.type !== g[1]?.type,
    );
    const partials = groups.filter(
      (g) =>
        g.length === 2 &&
        localDateOf(g[0]!.timeZone, g[0]!.paidAt) !== localDateOf(g[1]!.timeZone, g[1]!.paidAt),
    );
    const refunds = all.filter((p) => p.amountCents < 0);
    expect(splits.length).toBeGreaterThan(5);
    expect(partials.length).toBeGreaterThan(2);
    expect(refunds.length).toBeGreaterThanOrEqual(3);
    // Open invoices have no payments.
    const open = sim.store.list('invoices').find((i) => i.status === 10);
    expect(open && byInvoice.has(open.id)).toBe(false);
  });
});

describe('payments report CSV', () => {
  const inv = () => paid()[10]!;
  const setRows = () =>
    sim.payments.setPayments(inv().id, [
      // 08:30 AEDT on 6 March = 21:30Z on 5 March (reference §5 example): lands on 6 March locally.
      { paidAt: '2025-03-05T21:30:00Z', amount: 123450, type: 'EFTPOS' },
      { paidAt: '2025-03-06T12:45:00Z', amount: '20.05', type: 'Cash' }, // 23:45 local, still 6 March
      { paidAt: '2025-03-06T13:05:00Z', amount: -5000, type: 'Cash' }, // 00:05 local on 7 March
    ]);

  it('summary layout: headers, local 24-hour times in the business zone, days by local date', () => {
    setRows();
    const csv = sim.paymentsReport({ from: '2025-03-06', to: '2025-03-06', timeZone: 'Australia/Sydney' });
    const { data, meta } = parse(csv);
    expect(meta.fields).toEqual(['Payment date', 'Amount', 'Invoice number', 'Payment type']);
    const mine = data.filter((r) => r['Invoice number'] === String(inv().number));
    expect(mine).toEqual([
      {
        'Payment date': '06/03/2025 08:30',
        Amount: '1234.50',
        'Invoice number': String(inv().number),
        'Payment type': 'EFTPOS',
      },
      {
        'Payment date': '06/03/2025 23:45',
        Amount: '20.05',
        'Invoice number': String(inv().number),
        'Payment type': 'Cash',
      },
    ]);
    for (const r of data) expect(r['Payment date']).toMatch(/^06\/03\/2025 \d\d:\d\d$/);
  });

  it('daily layout: other names and order, patient column, 12-hour times, $1,234.50 and (50.00) refunds', () => {
    setRows();
    const csv = sim.paymentsReport({
      from: '2025-03-06',
      to: '2025-03-07',
      layout: 'daily',
      money: 'currency',
      negative: 'parens',
      timeZone: 'Australia/Sydney',
    });
    const { data, meta } = parse(csv);
    expect(meta.fields).toEqual(['Date/time', 'Invoice #', 'Patient', 'Method', 'Total paid']);
    const mine = data.filter((r) => r['Invoice #'] === String(inv().number));
    expect(mine.map((r) => [r['Date/time'], r['Total paid'], r.Method])).toEqual([
      ['6/3/2025 8:30 am', '$1,234.50', 'EFTPOS'],
      ['6/3/2025 11:45 pm', '$20.05', 'Cash'],
      ['7/3/2025 12:05 am', '($50.00)', 'Cash'],
    ]);
    expect(mine[0]?.Patient).toMatch(/\w+ \w+/);
  });

  it('refunds: -50.00 by default, naming the credit note or (option) the original invoice', () => {
    const cn = sim.store.list('invoices').find((i) => i.status === 40)!;
    const orig = sim.store.getInvoice(cn.original_invoice!.links.self.split('/').pop()!)!;
    const row = sim.payments.all().find((p) => p.invoiceId === cn.id)!;
    const day = localDateOf(row.timeZone, row.paidAt);
    const byCn = parse(sim.paymentsReport({ from: day, to: day })).data.find(
      (r) => r['Invoice number'] === String(cn.number),
    );
    expect(byCn?.Amount).toBe(formatMoney(moneyToCents(cn.total_amount)));
    expect(byCn?.Amount).toMatch(/^-\d+\.\d\d$/);
    const byOrig = parse(sim.paymentsReport({ from: day, to: day, refundNumbers: 'original' })).data.filter(
      (r) => r['Invoice number'] === String(orig.number),
    );
    expect(byOrig.some((r) => r.Amount === byCn?.Amount)).toBe(true);
  });

  it('formatMoney covers signs, separators and parentheses', () => {
    expect(formatMoney(123450)).toBe('1234.50');
    expect(formatMoney(123450, { money: 'currency' })).toBe('$1,234.50');
    expect(formatMoney(123456789, { money: 'currency' })).toBe('$1,234,567.89');
    expect(formatMoney(-5000)).toBe('-50.00');
    expect(formatMoney(-5000, { negative: 'parens' })).toBe('(50.00)');
    expect(formatMoney(-5, { money: 'currency' })).toBe('-$0.05');
  });

  it('GET /__sim/payments-report.csv serves the same text, without auth and outside the request log', async () => {
    setRows();
    sim.resetRequestLog();
    const q = 'from=2025-03-06&to=2025-03-07&layout=daily&money=currency&negative=parens';
    const res = await fetch(`${sim.controlUrl}/payments-report.csv?${q}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await res.text()).toBe(
      sim.paymentsReport({
        from: '2025-03-06',
        to: '2025-03-07',
        layout: 'daily',
        money: 'currency',
        negative: 'parens',
      }),
    );
    expect((await fetch(`${sim.controlUrl}/payments-report.csv?from=6/3/2025`)).status).toBe(400);
    expect((await fetch(`${sim.controlUrl}/payments-report.csv?from=2025-03-06&layout=odd`)).status).toBe(
      400,
    );
    const json = (await (await fetch(`${sim.controlUrl}/payments?from=2025-03-06`)).json()) as {
      payments: { invoiceId: string }[];
    };
    expect(json.payments.some((p) => p.invoiceId === inv().id)).toBe(true);
    expect(sim.requests).toHaveLength(0);
  });

  it('layouts expose the settings the app needs (columns, dateFormat)', () => {
    expect(REPORT_LAYOUTS.summary.columns).toEqual({
      paidAt: 'Payment date',
      amount: 'Amount',
      invoiceNumber: 'Invoice number',
      paymentType: 'Payment type',
    });
    expect(REPORT_LAYOUTS.daily.dateFormat).toBe('d/M/yyyy h:mm a');
  });
});
