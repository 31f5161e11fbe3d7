import { describe, expect, it } from 'vitest';
import {
  diffPayments,
  wantedFromReport,
  type PlannedRow,
  type Sent,
  type Wanted,
} from './report-payment-plan.js';

const ACCOUNTS: Record<string, string> = { Cash: '092', EFTPOS: '091' };
const accountOf = (t: string): string => ACCOUNTS[t] ?? '090';
const creditNotes: Record<string, string> = { '7': 'cn-7', 'cn-7': 'cn-7' };
const creditNoteFor = (id: string): string | null => creditNotes[id] ?? null;

const row = (
  id: number,
  day: string,
  invoiceId: string,
  paymentType: string,
  amountCents: number,
): PlannedRow => ({
  id,
  day,
  invoiceId,
  invoiceNumber: `N${invoiceId}`,
  paymentType,
  amountCents,
});

const DAY = [
  row(1, '2026-12-05', '1', 'EFTPOS', 8000),
  row(2, '2026-12-05', '2', 'EFTPOS', 4000),
  row(3, '2026-12-05', '2', 'Cash', 1500),
  row(4, '2026-12-05', '1', 'EFTPOS', 2000),
  row(5, '2026-12-06', '3', 'Amex', 12345),
];

const sentOf = (wanted: readonly Wanted[]): Sent[] =>
  wanted.map((w) => ({ kind: w.kind, sourceId: w.sourceId, hash: w.hash }));

describe('report mode', () => {
  it('wants one payment per positive row, on its day, in its type’s account or the default', () => {
    const { wanted, unplaced } = wantedFromReport({ mode: 'report', rows: DAY, accountOf, creditNoteFor });
    expect(unplaced).toEqual([]);
    expect(
      wanted.map((w) => [w.sourceId, w.kind, w.day, w.accountCode, 'amountCents' in w ? w.amountCents : 0]),
    ).toEqual([
      ['row:1', 'payment', '2026-12-05', '091', 8000],
      ['row:2', 'payment', '2026-12-05', '091', 4000],
      ['row:3', 'payment', '2026-12-05', '092', 1500],
      ['row:4', 'payment', '2026-12-05', '091', 2000],
      ['row:5', 'payment', '2026-12-06', '090', 12345],
    ]);
  });

  it('a re-import of the same rows wants nothing new; a corrected row replaces only itself', () => {
    const first = wantedFromReport({ mode: 'report', rows: DAY, accountOf, creditNoteFor }).wanted;
    const same = diffPayments(
      wantedFromReport({ mode: 'report', rows: DAY, accountOf, creditNoteFor }).wanted,
      sentOf(first),
    );
    expect(same).toEqual({ create: [], replace: [], remove: [], unchanged: 5 });

    // The store gives a changed row a new id: row 2's amount changed (now row 6), row 4 removed.
    const corrected = [DAY[0], row(6, '2026-12-05', '2', 'EFTPOS', 4500), DAY[2], DAY[4]] as PlannedRow[];
    const diff = diffPayments(
      wantedFromReport({ mode: 'report', rows: corrected, accountOf, creditNoteFor }).wanted,
      sentOf(first),
    );
    expect(diff.create.map((w) => w.sourceId)).toEqual(['row:6']);
    expect(diff.remove.map((s) => s.sourceId)).toEqual(['row:2', 'row:4']);
    expect(diff.replace).toEqual([]);
    expect(diff.unchanged).toBe(3);
  });

  it('a type mapped to another account replaces that type’s payments (Xero cannot edit a payment)', () => {
    const first = wantedFromReport({ mode: 'report', rows: DAY, accountOf, creditNoteFor }).wanted;
    const moved = wantedFromReport({
      mode: 'report',
      rows: DAY,
      accountOf: (t) => (t === 'Cash' ? '093' : accountOf(t)),
      creditNoteFor,
    }).wanted;
    const diff = diffPayments(moved, sentOf(first));
    expect(diff.replace.map((r) => r.want.sourceId)).toEqual(['row:3']);
    expect(diff.create).toEqual([]);
    expect(diff.remove).toEqual([]);
  });
});

describe('daily-batch mode', () => {
  it('wants one batch per type and day; each invoice once with the sum of its rows; totals to the cent', () => {
    const { wanted } = wantedFromReport({ mode: 'daily-batch', rows: DAY, accountOf, creditNoteFor });
    expect(wanted).toMatchObject([
      { sourceId: 'batch:2026-12-05|Cash', accountCode: '092', members: [['2', 1500]], totalCents: 1500 },
      {
        sourceId: 'batch:2026-12-05|EFTPOS',
        accountCode: '091',
        members: [
          ['1', 10000],
          ['2', 4000],
        ],
        totalCents: 14000,
      },
      { sourceId: 'batch:2026-12-06|Amex', accountCode: '090', members: [['3', 12345]], totalCents: 12345 },
    ]);
  });

  it('a row whose type changed replaces the two batches of that day and touches no other day', () => {
    const first = wantedFromReport({ mode: 'daily-batch', rows: DAY, accountOf, creditNoteFor }).wanted;
    const corrected = DAY.map((r) => (r.id === 4 ? { ...r, id: 9, paymentType: 'Cash' } : r));
    const diff = diffPayments(
      wantedFromReport({ mode: 'daily-batch', rows: corrected, accountOf, creditNoteFor }).wanted,
      sentOf(first),
    );
    expect(diff.replace.map((r) => r.want.sourceId)).toEqual([
      'batch:2026-12-05|Cash',
      'batch:2026-12-05|EFTPOS',
    ]);
    expect(diff.create).toEqual([]);
    expect(diff.remove).toEqual([]);
    expect(diff.unchanged).toBe(1);
  });

  it('switching from report mode removes every row payment and creates the batches', () => {
    const before = wantedFromReport({ mode: 'report', rows: DAY, accountOf, creditNoteFor }).wanted;
    const diff = diffPayments(
      wantedFromReport({ mode: 'daily-batch', rows: DAY, accountOf, creditNoteFor }).wanted,
      sentOf(before),
    );
    expect(diff.remove.map((s) => s.sourceId)).toEqual(['row:1', 'row:2', 'row:3', 'row:4', 'row:5']);
    expect(diff.create.map((w) => w.sourceId)).toEqual([
      'batch:2026-12-05|Cash',
      'batch:2026-12-05|EFTPOS',
      'batch:2026-12-06|Amex',
    ]);
  });
});

describe('refund rows', () => {
  it('become a refund from the credit note, named by the credit note or by the invoice it credits', () => {
    for (const mode of ['report', 'daily-batch'] as const) {
      const { wanted, unplaced } = wantedFromReport({
        mode,
        rows: [row(20, '2026-12-07', '7', 'Cash', -5000), row(21, '2026-12-07', 'cn-7', 'EFTPOS', -1000)],
        accountOf,
        creditNoteFor,
      });
      expect(unplaced).toEqual([]);
      expect(wanted).toMatchObject([
        {
          kind: 'refund',
          sourceId: 'refund:20',
          creditNoteId: 'cn-7',
          accountCode: '092',
          amountCents: 5000,
        },
        {
          kind: 'refund',
          sourceId: 'refund:21',
          creditNoteId: 'cn-7',
          accountCode: '091',
          amountCents: 1000,
        },
      ]);
    }
  });

  it('without a credit note in Cliniko is not placed, and says so', () => {
    const { wanted, unplaced } = wantedFromReport({
      mode: 'report',
      rows: [row(30, '2026-12-07', '8', 'Cash', -700)],
      accountOf,
      creditNoteFor,
    });
    expect(wanted).toEqual([]);
    expect(unplaced).toEqual([
      {
        rowId: 30,
        invoiceNumber: 'N8',
        day: '2026-12-07',
        reason: 'the refund on 2026-12-07 names invoice N8, which has no credit note in Cliniko',
      },
    ]);
  });
});
