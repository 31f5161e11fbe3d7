import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, type CliRun } from '../connections/helpers.js';
import { cleanup, closeSims, setupSync, summaryOf } from './helpers.js';

afterEach(async () => {
  await closeSims();
  await cleanup();
});

/** The CLI, telling `onStderr` what it has written so far. */
function cli(args: string[], env: NodeJS.ProcessEnv, onStderr?: (soFar: string) => void): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli.ts', ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CXS_BROWSER: 'none', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, 300_000);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
      onStderr?.(stderr);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('two sync --once on one data folder at the same time', () => {
  it('run one after the other: both exit 0 and Xero holds every invoice, contact and payment once', async () => {
    const s = await setupSync({ invoices: 40 });
    s.xero.faults.setLatency(40);
    const runs = await Promise.all([1, 2, 3].map(() => cli(['sync', '--once', '--json'], s.env)));
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      expect(summaryOf(r)).toMatchObject({ failed: 0, needsAttention: 0, pending: 0 });
    }
    const org = s.xero.org();
    const numbers = org.invoices().map((i) => i.InvoiceNumber);
    expect(numbers.length).toBeGreaterThan(0);
    expect(new Set(numbers).size).toBe(numbers.length);
    const contacts = org.contacts().map((c) => c.ContactNumber);
    expect(new Set(contacts).size).toBe(contacts.length);
    const paid = org
      .payments()
      .filter((p) => p.Status !== 'DELETED')
      .map((p) => p.InvoiceID);
    expect(new Set(paid).size).toBe(paid.length);
    // No write was ever refused or replayed: the runs did not overlap.
    expect(s.xero.requests.filter((q) => q.method !== 'GET' && q.status >= 400)).toEqual([]);
  }, 300_000);

  it('the second one with --max-wait 0 exits 1 saying another sync is running on this data folder', async () => {
    const s = await setupSync({ invoices: 40 });
    s.xero.faults.setLatency(400);
    let second: Promise<CliRun> | null = null;
    const first = cli(['sync', '--once', '--json', '--progress'], s.env, (err) => {
      if (!second && /progress /.test(err))
        second = cli(['sync', '--once', '--json', '--max-wait', '0'], s.env);
    });
    const a = await first;
    expect(a.code, a.stderr).toBe(0);
    expect(second).not.toBeNull();
    const b = await (second as unknown as Promise<CliRun>);
    expect(b.code).toBe(1);
    expect(b.stdout).toBe('');
    expect(b.stderr).toMatch(
      /Another sync is running on this data folder: another process \("sync --once --json --progress", process \d+, since \d{4}-/,
    );
    expect(b.stderr).not.toMatch(/database is locked|batch \d+ is already closed|\n\s+at /);
  }, 300_000);
});
