import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPORT_LAYOUTS, type ReportLayout } from '../../simulators/cliniko/payments-report.js';
import { cleanup, closeSims, setupSync, TEST_SETTINGS } from '../sync/helpers.js';

afterEach(async () => {
  await closeSims();
  await cleanup();
});

const lastJson = (stdout: string): { rows: number; accepted: number; refused: number; days: number } =>
  JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as never;

describe("the simulator's payments report, in each header layout", () => {
  it.each([
    ['summary', 'minus', 'plain', 'credit-note'],
    ['daily', 'parens', 'currency', 'original'],
  ] as const)(
    'layout %s (refunds %s, money %s, refunds naming the %s) imports every row',
    async (layout, negative, money, refundNumbers) => {
      const l = REPORT_LAYOUTS[layout as ReportLayout];
      const s = await setupSync({
        invoices: 40,
        seed: 21,
        settings: TEST_SETTINGS({
          syncFrom: '2000-01-01',
          payments: { mode: 'report', columns: { ...l.columns }, dateFormat: l.dateFormat, folder: null },
        }),
      });
      s.cliniko.store.createCreditNote(
        s.cliniko.store.data.invoices.find((i) => i.status === 20)?.id ?? '',
        {},
      );
      const sync = await s.cli(['sync', '--once', '--json']);
      expect([0, 2]).toContain(sync.code);
      const csv = s.cliniko.paymentsReport({
        from: '2000-01-01',
        to: '2100-12-31',
        layout,
        negative,
        money,
        refundNumbers,
      });
      const rows = csv.trim().split('\n').length - 1;
      expect(rows).toBeGreaterThan(20);
      const file = path.join(s.dir, `${layout}.csv`);
      await writeFile(file, csv);
      const run = await s.cli(['payments', 'import', file, '--json']);
      expect(run.stderr).not.toMatch(/line \d+/);
      expect(run.code).toBe(0);
      const sum = lastJson(run.stdout);
      expect(sum).toMatchObject({ rows, accepted: rows, refused: 0 });
      expect(sum.days).toBeGreaterThan(1);
    },
  );
});
