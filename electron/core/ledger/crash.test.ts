import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openLedger } from './ledger.js';
import { tempDir } from '../../../test/support/ledger.js';

const child = fileURLToPath(new URL('../../../test/support/ledger-crash-child.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

function runChild(file: string, phase: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', child, file, phase], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const dirs: Array<{ cleanup(): void }> = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

describe('crash safety (a child process SIGKILLs itself mid-transaction)', () => {
  it('keeps the committed intent as an uncertain batch and no half-written rows', () => {
    const d = tempDir();
    dirs.push(d);

    const first = runChild(d.file, 'begin');
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/begun 1\nhalf-way\n$/);
    expect(first.signal).toBe('SIGKILL');
    // uncommitted pages really reached the disk (SQLite spilled them into the WAL): recovery must skip them
    expect(statSync(`${d.file}-wal`).size).toBeGreaterThan(1_000_000);

    let l = openLedger(d.file);
    const [u, ...rest] = l.uncertainBatches();
    expect(rest).toEqual([]);
    expect(u).toMatchObject({ id: 1, idempotencyKey: 'idem-1', payloadHash: 'payload-1', completedAt: null });
    expect(u?.records.map((r) => [r.sourceId, r.state, r.inflightBatchId])).toEqual([
      ['1', 'pending', 1],
      ['2', 'pending', 1],
    ]);
    // the interrupted transaction left nothing: neither its 10,001 records nor its cursor move
    expect(l.getCursor('invoices')).toBe('cursor-1');
    expect(l.counts()).toMatchObject({ pending: 3, synced: 0 });
    expect(l.list({ search: 'bulk' }).total).toBe(0);
    expect(l.nextDue('invoice', new Date(), 10).map((r) => r.sourceId)).toEqual(['3']);
    l.close();

    const second = runChild(d.file, 'complete');
    expect(second.stdout).toBe('outcome-1-written\n');
    expect(second.signal).toBe('SIGKILL');

    l = openLedger(d.file);
    expect(l.uncertainBatches().map((b) => b.id)).toEqual([1]);
    expect(l.get('invoice', '1')).toMatchObject({ state: 'pending', xeroId: null, inflightBatchId: 1 });

    // reconciliation: record 1 was found in Xero, record 2 was not → send again
    l.resolveBatch(1, [
      { sourceType: 'invoice', sourceId: '1', result: 'synced', xeroId: 'X1' },
      { sourceType: 'invoice', sourceId: '2', result: 'pending' },
    ]);
    expect(l.uncertainBatches()).toEqual([]);
    expect(l.nextDue('invoice', new Date(), 10).map((r) => r.sourceId)).toEqual(['2', '3']);
    l.close();
  });
});
