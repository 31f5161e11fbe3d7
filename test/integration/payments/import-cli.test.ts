import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PaymentReportStore } from '../../../electron/core/ledger/payment-reports.js';
import { openLedger } from '../../../electron/core/ledger/index.js';
import { cleanup, closeSims, setupSync, TEST_SETTINGS, type SyncSetup } from '../sync/helpers.js';

afterEach(async () => {
  await closeSims();
  await cleanup();
});

const COLUMNS = {
  paidAt: 'Payment date',
  amount: 'Amount',
  invoiceNumber: 'Invoice number',
  paymentType: 'Payment type',
};
const HEADER = 'Payment date,Patient,Amount,Invoice number,Payment type';

/** A synced clinic whose cache knows the invoices, with the report columns saved. */
async function clinic(
  payments: object | null = {
    mode: 'report',
    columns: COLUMNS,
    dateFormat: 'dd/MM/yyyy HH:mm',
    folder: null,
  },
) {
  const s = await setupSync({
    invoices: 30,
    seed: 5,
    settings: TEST_SETTINGS(payments ? { payments: payments as never } : {}),
  });
  const sync = await s.cli(['sync', '--once', '--json']);
  expect([0, 2]).toContain(sync.code);
  const sydney = s.cliniko.store.data.businesses.find((b) => b.time_zone_identifier === 'Australia/Sydney');
  if (!sydney) throw new Error('seed: no Sydney business');
  const numbers = s.cliniko.store.data.invoices
    .filter((i) => i.business.links.self.endsWith(`/${sydney.id}`) && i.status !== 40)
    .map((i) => String(i.number));
  if (numbers.length < 3) throw new Error('seed: too few Sydney invoices');
  return { s, numbers };
}

async function report(s: SyncSetup, name: string, lines: string[]): Promise<string> {
  const file = path.join(s.dir, name);
  await writeFile(file, [HEADER, ...lines].join('\n'));
  return file;
}

function stored(s: SyncSetup) {
  const ledger = openLedger(path.join(s.dir, 'ledger.sqlite'));
  const store = new PaymentReportStore(ledger.file);
  try {
    return { rows: store.inRange('2000-01-01', '2100-01-01'), imports: store.imports() };
  } finally {
    store.close();
    ledger.close();
  }
}

const lastJson = (stdout: string): unknown => JSON.parse(stdout.trim().split('\n').pop() ?? '{}');

describe('payments import (CLI contract)', () => {
  it('records every row on its local day in the business zone; the same file again changes nothing', async () => {
    const { s, numbers } = await clinic();
    const [a, b, c] = numbers as [string, string, string];
    const file = await report(s, 'day.csv', [
      `05/12/2026 08:30,Jo,$80.00,${a},EFTPOS`,
      `05/12/2026 23:50,Al,"$1,234.50",${b},Cash`,
      `06/12/2026 07:05,Al,40.00,${b},EFTPOS`,
      `06/12/2026 12:00,Bo,(20.00),${c},Cash`,
    ]);
    const run = await s.cli(['payments', 'import', file, '--json']);
    expect(run.stderr).not.toMatch(/line \d+/);
    expect(run.code).toBe(0);
    expect(lastJson(run.stdout)).toEqual({ rows: 4, accepted: 4, refused: 0, days: 2 });
    const { rows } = stored(s);
    expect(rows.map((r) => [r.invoiceNumber, r.day, r.paidAt, r.paymentType, r.amountCents])).toEqual([
      [a, '2026-12-05', '2026-12-04T21:30:00Z', 'EFTPOS', 8000],
      [b, '2026-12-05', '2026-12-05T12:50:00Z', 'Cash', 123450],
      [b, '2026-12-06', '2026-12-05T20:05:00Z', 'EFTPOS', 4000],
      [c, '2026-12-06', '2026-12-06T01:00:00Z', 'Cash', -2000],
    ]);
    // No Xero call: the next sync posts.
    const before = s.xero.requests.length;
    const again = await s.cli(['payments', 'import', file]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Nothing changed since the last import of these days/);
    expect(s.xero.requests.length).toBe(before);
    const after = stored(s);
    expect(after.rows.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect(after.imports[0]).toMatchObject({ added: 0, removed: 0, accepted: 4 });
  });

  it('a later import replaces the days it covers and no others', async () => {
    const { s, numbers } = await clinic();
    const [a, b, c] = numbers as [string, string, string];
    await s.cli([
      'payments',
      'import',
      await report(s, 'first.csv', [
        `04/12/2026 10:00,Jo,10.00,${a},EFTPOS`,
        `05/12/2026 10:00,Jo,20.00,${a},EFTPOS`,
        `05/12/2026 11:00,Al,30.00,${b},EFTPOS`,
        `05/12/2026 12:00,Bo,40.00,${c},Cash`,
      ]),
    ]);
    const fix = await s.cli([
      'payments',
      'import',
      await report(s, 'fix.csv', [
        `05/12/2026 10:00,Jo,25.00,${a},EFTPOS`,
        `05/12/2026 11:00,Al,30.00,${b},Cash`,
      ]),
      '--json',
    ]);
    expect(fix.code).toBe(0);
    expect(lastJson(fix.stdout)).toEqual({ rows: 2, accepted: 2, refused: 0, days: 1 });
    const { rows, imports } = stored(s);
    expect(rows.map((r) => [r.day, r.invoiceNumber, r.paymentType, r.amountCents])).toEqual([
      ['2026-12-04', a, 'EFTPOS', 1000],
      ['2026-12-05', a, 'EFTPOS', 2500],
      ['2026-12-05', b, 'Cash', 3000],
    ]);
    expect(imports[0]).toMatchObject({
      fileName: 'fix.csv',
      firstDay: '2026-12-05',
      lastDay: '2026-12-05',
      added: 2,
      removed: 3,
    });
  });

  it('refused rows exit 2, each named by line and reason on stderr; the good rows are accepted', async () => {
    const { s, numbers } = await clinic();
    const [a] = numbers as [string];
    const file = await report(s, 'mixed.csv', [
      `05/12/2026 08:30,Jo,80.00,${a},EFTPOS`,
      `05/12/2026 09:30,Xx,80.00,99999999,EFTPOS`,
      `35/12/2026 09:30,Jo,80.00,${a},EFTPOS`,
    ]);
    const run = await s.cli(['payments', 'import', file, '--json']);
    expect(run.code).toBe(2);
    expect(lastJson(run.stdout)).toEqual({ rows: 3, accepted: 1, refused: 2, days: 1 });
    expect(run.stderr).toMatch(/mixed\.csv: line 3: unknown invoice number 99999999/);
    expect(run.stderr).toMatch(/mixed\.csv: line 4: unreadable date "35\/12\/2026 09:30"/);
    expect(stored(s).rows).toHaveLength(1);
  });

  it('exits 1 when nothing can be read: no such file, columns not set, a named column missing', async () => {
    const { s, numbers } = await clinic(null);
    const file = await report(s, 'day.csv', [`05/12/2026 08:30,Jo,80.00,${numbers[0] ?? ''},EFTPOS`]);
    const unset = await s.cli(['payments', 'import', file]);
    expect(unset.code).toBe(1);
    expect(unset.stderr).toMatch(/payments report columns are not set/);

    const missing = await s.cli(['payments', 'import', path.join(s.dir, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.csv.*there is no such file/);

    const settings = path.join(s.dir, 'with-columns.json');
    await writeFile(
      settings,
      JSON.stringify(
        TEST_SETTINGS({
          payments: {
            mode: 'report',
            columns: { ...COLUMNS, paymentType: 'Method' },
            dateFormat: null,
            folder: null,
          },
        }),
      ),
    );
    expect((await s.cli(['settings', 'import', settings])).code).toBe(0);
    const noColumn = await s.cli(['payments', 'import', file]);
    expect(noColumn.code).toBe(1);
    expect(noColumn.stderr).toMatch(/"Method" \(the payment type\) is not in its header/);
    expect(stored(s).imports).toEqual([]);
  });
});

describe('the watched payments folder', () => {
  it('the running app imports a new report by itself and moves it to imported/', async () => {
    const { s, numbers } = await clinic();
    const folder = path.join(s.dir, 'reports');
    await mkdir(folder);
    const settings = path.join(s.dir, 'with-folder.json');
    await writeFile(
      settings,
      JSON.stringify(
        TEST_SETTINGS({
          payments: { mode: 'report', columns: COLUMNS, dateFormat: 'dd/MM/yyyy HH:mm', folder },
        }),
      ),
    );
    expect((await s.cli(['settings', 'import', settings])).code).toBe(0);
    const file = path.join(folder, 'today.csv');
    await writeFile(file, [HEADER, `05/12/2026 08:30,Jo,80.00,${numbers[0] ?? ''},EFTPOS`].join('\n'));
    const old = new Date(Date.now() - 60_000);
    await utimes(file, old, old);

    const service = s.service();
    try {
      service.syncInBackground();
      await expect
        .poll(async () => readdir(path.join(folder, 'imported')).catch(() => []), {
          timeout: 60_000,
          interval: 200,
        })
        .toEqual(['today.csv']);
      const history = await service.dispatch('payments.history', {});
      expect(history).toMatchObject({
        ok: true,
        result: {
          imports: [{ fileName: 'today.csv', accepted: 1 }],
          types: [{ name: 'EFTPOS', payments: 1 }],
        },
      });
    } finally {
      await service.close();
    }
  });
});

describe('payment types for the Mappings tab', () => {
  it('are the types the imported reports name, with their counts, plus any only the settings map', async () => {
    const { s, numbers } = await clinic({
      mode: 'report',
      columns: COLUMNS,
      dateFormat: 'dd/MM/yyyy HH:mm',
      folder: null,
    });
    const [a, b] = numbers as [string, string];
    const file = await report(s, 'types.csv', [
      `05/12/2026 08:30,Jo,80.00,${a},EFTPOS`,
      `05/12/2026 09:30,Jo,20.00,${b},EFTPOS`,
      `05/12/2026 10:00,Al,15.00,${b},Cash`,
    ]);
    expect((await s.cli(['payments', 'import', file])).code).toBe(0);
    const settings = path.join(s.dir, 'mapped.json');
    await writeFile(
      settings,
      JSON.stringify(TEST_SETTINGS({ paymentTypes: { Cheque: { accountCode: '090' } } })),
    );
    expect((await s.cli(['settings', 'import', settings])).code).toBe(0);
    const service = s.service();
    try {
      const refs = await service.dispatch('cliniko.refs', {});
      expect(refs).toMatchObject({
        ok: true,
        result: { paymentTypes: ['Cash', 'Cheque', 'EFTPOS'], paymentTypeCounts: { Cash: 1, EFTPOS: 2 } },
      });
    } finally {
      await service.close();
    }
  });
});
