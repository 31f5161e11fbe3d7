import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../connections/helpers.js';
import { cleanup, closeSims, setupSync, summaryOf, TEST_SETTINGS } from './helpers.js';

afterEach(async () => {
  await closeSims();
  await cleanup();
});

type LogEntry = {
  sourceType: 'invoice' | 'contact' | 'payment';
  sourceId: string;
  invoiceNumber: string | null;
  state: string;
  xeroId: string | null;
  error: string | null;
  attempts: number;
  updatedAt: string;
  patientName: string | null;
  issueDate: string | null;
  totalCents: number | null;
  xeroUrl: string | null;
};

describe('a line mapped to an archived account', () => {
  it('needs attention with a message naming the account; the rest of its batch syncs; fixed + retry → synced', async () => {
    const s = await setupSync({ invoices: 60, seed: 11, settings: null });
    const massage = s.cliniko.store.data.billableItems.find((b) => b.name === 'Remedial Massage 60 min');
    if (!massage) throw new Error('seed');
    const bad = TEST_SETTINGS({ billableItems: { [massage.id]: { accountCode: '205' } } });
    const file = path.join(s.dir, 'bad-settings.json');
    await writeFile(file, JSON.stringify(bad));
    expect((await s.cli(['settings', 'import', file])).code).toBe(0);

    const first = await s.cli(['sync', '--once', '--json']);
    expect(first.code).toBe(2);
    const sum = summaryOf(first);
    expect(sum.needsAttention).toBeGreaterThan(0);
    expect(sum.synced).toBeGreaterThan(0);
    const attention = JSON.parse(
      (await s.cli(['log', '--json', '--state', 'needs_attention'])).stdout,
    ) as LogEntry[];
    expect(attention.length).toBe(sum.needsAttention);
    for (const r of attention) {
      expect(r.sourceType).toBe('invoice');
      expect(r.error).toMatch(
        /Invoice CL-\d+, line "Remedial Massage 60 min": Xero account 205 \(Group Classes \(old\)\) is archived\. Choose another account for billable item "Remedial Massage 60 min" in Mappings, then retry\./,
      );
      expect(r.xeroId).toBeNull();
    }
    // Pre-flight: nothing was sent for them.
    const org = s.xero.org();
    for (const r of attention) expect(org.invoice(r.invoiceNumber ?? '')).toBeUndefined();
    expect(s.xero.requests.filter((q) => q.method !== 'GET' && q.status >= 400)).toEqual([]);

    // Fix the mapping, retry one by its Xero number and the rest with --all.
    const fixed = TEST_SETTINGS({ billableItems: { [massage.id]: { accountCode: '260' } } });
    await writeFile(file, JSON.stringify(fixed));
    expect((await s.cli(['settings', 'import', file])).code).toBe(0);
    const one = await s.cli(['retry', attention[0]?.invoiceNumber ?? '']);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/1 record/);
    expect((await s.cli(['retry', '--all'])).code).toBe(0);
    const second = await s.cli(['sync', '--once', '--json']);
    expect(second.code).toBe(0);
    expect(summaryOf(second).needsAttention).toBe(0);
    for (const r of attention) {
      const inv = org.invoice(r.invoiceNumber ?? '');
      expect(inv?.LineItems.some((l) => l.AccountCode === '260')).toBe(true);
    }
  }, 300_000);
});

describe('CLI contract', () => {
  it('sync --once is fatal (exit 1) and says which when settings are incomplete; status and log show the state', async () => {
    const s = await setupSync({ invoices: 10, settings: null });
    const fatal = await s.cli(['sync', '--once', '--json']);
    expect(fatal.code).toBe(1);
    expect(fatal.stderr).toMatch(
      /Settings incomplete: defaults\.serviceAccountCode, defaults\.productAccountCode, defaults\.paymentAccountCode, defaults\.taxExemptTaxType/,
    );

    // A refused import changes nothing and names the key.
    const file = path.join(s.dir, 's.json');
    await writeFile(file, JSON.stringify({ ...TEST_SETTINGS(), colour: 'blue' }));
    const refused = await s.cli(['settings', 'import', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/colour: unknown setting/);
    await writeFile(
      file,
      JSON.stringify({
        ...TEST_SETTINGS(),
        defaults: { ...TEST_SETTINGS().defaults, paymentAccountCode: 'not a code!' },
      }),
    );
    expect((await s.cli(['settings', 'import', file])).stderr).toMatch(/defaults\.paymentAccountCode/);
    const exported = JSON.parse((await s.cli(['settings', 'export'])).stdout) as {
      defaults: { serviceAccountCode: string };
    };
    expect(exported.defaults.serviceAccountCode).toBe('');

    await writeFile(file, JSON.stringify(TEST_SETTINGS()));
    expect((await s.cli(['settings', 'import', file])).code).toBe(0);
    const again = JSON.parse((await s.cli(['settings', 'export'])).stdout) as unknown;
    expect(again).toEqual(TEST_SETTINGS());

    const run = await s.cli(['sync', '--once', '--json']);
    expect(run.code).toBe(0);
    const sum = summaryOf(run);
    // Exactly the issue's keys, in its order, each a number: scripts parse this line.
    expect(Object.keys(sum)).toEqual([
      'synced',
      'failed',
      'needsAttention',
      'pending',
      'xeroCalls',
      'clinikoCalls',
      'durationMs',
    ]);
    for (const v of Object.values(sum)) expect(typeof v).toBe('number');
    const status = JSON.parse((await s.cli(['status', '--json'])).stdout) as {
      counts: Record<string, number>;
      lastSyncAt: string | null;
      health: string;
    };
    expect(status.counts).toEqual({ synced: sum.synced, pending: 0, failed: 0, needsAttention: 0 });
    expect(status.lastSyncAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(status.health).toBe('synced');
    const log = JSON.parse((await s.cli(['log', '--json'])).stdout) as LogEntry[];
    expect(log.length).toBe(sum.synced);
    const inv = log.find((r) => r.sourceType === 'invoice');
    expect(Object.keys(inv ?? {})).toEqual([
      'sourceType',
      'sourceId',
      'invoiceNumber',
      'state',
      'xeroId',
      'error',
      'attempts',
      'updatedAt',
      'patientName',
      'issueDate',
      'totalCents',
      'xeroUrl',
    ]);
    expect(inv?.invoiceNumber).toMatch(/^CL-\d+$/);
    // Patient, date, total and the Xero link (issue 16): enough for a script to report without the UI.
    expect(inv?.patientName).toMatch(/\S+ \S+/);
    expect(inv?.issueDate).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(Number.isInteger(inv?.totalCents)).toBe(true);
    expect(inv?.xeroUrl).toMatch(/^https:\/\/go\.xero\.com\/.*InvoiceID=/i);
    expect(inv?.sourceId).toMatch(/^\d{19}$/);
    expect(log.filter((r) => r.sourceType === 'contact').every((r) => r.invoiceNumber === null)).toBe(true);
    expect((await s.cli(['log', '--json', '--state', 'bogus'])).code).toBe(1);
  }, 300_000);

  it('sync --once is fatal when Xero is not connected', async () => {
    const s = await setupSync({ invoices: 5 });
    expect((await s.cli(['xero', 'disconnect'])).code).toBe(0);
    const r = await s.cli(['sync', '--once']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Xero is not connected/);
  }, 300_000);

  it('sync (polling) exits 0 on SIGINT after finishing its cycle', async () => {
    const s = await setupSync({ invoices: 20 });
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli.ts', 'sync'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CXS_BROWSER: 'none', ...s.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no exit; stdout: ${out}`)), 120_000);
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (/All invoices synced/.test(out)) child.kill('SIGINT');
      });
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code).toBe(0);
    expect(s.xero.org().invoiceCount()).toBeGreaterThan(0);
  }, 300_000);
});
