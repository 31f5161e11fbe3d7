import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReportFolderWatcher } from './report-folder.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function folder(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'cxs-reports-'));
  dirs.push(d);
  return d;
}

async function settled(file: string, text: string): Promise<void> {
  await writeFile(file, text);
  const old = new Date(Date.now() - 60_000);
  await utimes(file, old, old);
}

describe('ReportFolderWatcher', () => {
  it('imports each settled .csv once and moves it to imported/, keeping both of two same names', async () => {
    const d = await folder();
    const seen: string[] = [];
    const w = new ReportFolderWatcher(({ name, text }) => {
      seen.push(`${name}:${text}`);
      return { accepted: 1, refused: 0 };
    });
    await settled(path.join(d, 'day.csv'), 'a');
    await settled(path.join(d, 'notes.txt'), 'x');
    expect((await w.scan(d)).imported.map((i) => i.file)).toEqual(['day.csv']);
    await settled(path.join(d, 'day.csv'), 'b');
    await w.scan(d);
    expect(seen).toEqual(['day.csv:a', 'day.csv:b']);
    expect((await readdir(path.join(d, 'imported'))).sort()).toEqual(['day (2).csv', 'day.csv']);
    expect(await readdir(d)).not.toContain('day.csv');
  });

  it('leaves a file that is still being written for the next scan', async () => {
    const d = await folder();
    let calls = 0;
    const w = new ReportFolderWatcher(() => {
      calls++;
      return { accepted: 1, refused: 0 };
    });
    await writeFile(path.join(d, 'fresh.csv'), 'a');
    expect((await w.scan(d)).imported).toEqual([]);
    expect(calls).toBe(0);
  });

  it('reports a file it cannot import once, leaves it in place, and reports an unreadable folder', async () => {
    const d = await folder();
    const w = new ReportFolderWatcher(() => {
      throw new Error('day.csv: the column "Amount" (the amount) is not in its header');
    });
    await settled(path.join(d, 'day.csv'), 'a');
    expect((await w.scan(d)).failed).toEqual([
      { file: 'day.csv', message: 'day.csv: the column "Amount" (the amount) is not in its header' },
    ]);
    expect((await w.scan(d)).failed).toEqual([]);
    expect(await readdir(d)).toContain('day.csv');
    const gone = await w.scan(path.join(d, 'missing'));
    expect(gone.failed[0]?.message).toMatch(/payments folder .* cannot be read \(ENOENT\)/);
  });
});
