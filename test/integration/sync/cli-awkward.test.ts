import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, runCli, tempDataDir } from '../connections/helpers.js';

afterEach(cleanup);

/** What a clinic's IT person types by mistake: each answer names the thing, what is wrong and what to do. */
describe('CLI: awkward input', () => {
  it('settings import of a missing file or a folder: exit 1, plain words, no errno codes', async () => {
    const dir = await tempDataDir();
    const env = { CXS_DATA_DIR: dir, CXS_SECRET_STORE: 'file' };
    const missing = await runCli(['settings', 'import', path.join(dir, 'nope.json')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      `Cannot read the settings file "${path.join(dir, 'nope.json')}": there is no such file.`,
    );
    expect(missing.stderr).toMatch(/Check the path/);
    expect(missing.stderr).not.toMatch(/ENOENT|EISDIR/);
    await mkdir(path.join(dir, 'folder'));
    const folder = await runCli(['settings', 'import', path.join(dir, 'folder')], env);
    expect(folder.code).toBe(1);
    expect(folder.stderr).toMatch(/"[^"]*folder": it is a folder, not a file\./);
    expect(folder.stderr).not.toMatch(/ENOENT|EISDIR/);
  });

  it('retry: an unknown invoice says how to find one; an invoice together with --all is refused', async () => {
    const env = { CXS_DATA_DIR: await tempDataDir(), CXS_SECRET_STORE: 'file' };
    const unknown = await runCli(['retry', '999'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No invoice "999" in the sync log\. .*`log`/);
    const both = await runCli(['retry', '--all', '999'], env);
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/either an invoice or --all, not both/);
    expect(both.stdout).toBe('');
  });

  it('sync --once with a bad --max-wait or --since is refused before anything is written', async () => {
    const dir = path.join(await tempDataDir(), 'fresh');
    const env = { CXS_DATA_DIR: dir, CXS_SECRET_STORE: 'file' };
    const r = await runCli(['sync', '--once', '--since', '2024-01-01', '--max-wait', 'soon'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--max-wait must be a number of seconds, not "soon"/);
    const s = await runCli(['sync', '--once', '--since', '1/1/2024'], env);
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/--since must be a date YYYY-MM-DD, not "1\/1\/2024"/);
    expect(existsSync(dir)).toBe(false);
  });
});
