import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isReadOnlyError, readOnlyError } from '../../../electron/core/data-errors.js';
import { testSettings } from '../../support/settings.js';
import { cleanup, runCli, tempDataDir } from '../connections/helpers.js';

afterEach(cleanup);

const good = testSettings({ syncFrom: '2024-07-01', defaults: { productAccountCode: '200' }, taxRates: {} });

describe('damaged data files (issue 11 hardening)', () => {
  it('a damaged settings.json gets one plain message naming the file and the fix; settings import repairs it', async () => {
    const dir = await tempDataDir();
    const env = { CXS_DATA_DIR: dir, CXS_SECRET_STORE: 'file' };
    const file = path.join(dir, 'settings.json');
    await writeFile(file, '{"version": 1, "invoicePrefix": "CL-",');
    const r = await runCli(['settings', 'export'], env);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.trim() && !/plain file/i.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`The settings file ${file} is damaged`);
    expect(lines[0]).toContain('settings import FILE');

    const repair = path.join(dir, 'good.json');
    await writeFile(repair, JSON.stringify(good));
    const imported = await runCli(['settings', 'import', repair], env);
    expect(imported.stderr).not.toMatch(/damaged/);
    expect(imported.code).toBe(0);
    const exported = await runCli(['settings', 'export'], env);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ invoicePrefix: 'CL-', defaults: good.defaults });
  }, 60_000);

  it('a damaged ledger gets one plain message naming the file and the fix', async () => {
    const dir = await tempDataDir();
    const file = path.join(dir, 'ledger.sqlite');
    await writeFile(file, 'this is not a database, it is a shopping list'.repeat(100));
    const r = await runCli(['log', '--json'], { CXS_DATA_DIR: dir, CXS_SECRET_STORE: 'file' });
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.trim() && !/plain file/i.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`The sync ledger ${file} is damaged`);
    expect(lines[0]).toMatch(/restore the file from a backup/);
  }, 60_000);

  it('a read-only data folder is named with the fix', () => {
    // (Tests may run as root, for whom no folder is read-only: the errors the OS and SQLite give.)
    for (const code of ['EACCES', 'EROFS', 'SQLITE_READONLY', 'SQLITE_CANTOPEN']) {
      const err = Object.assign(new Error('x'), { code });
      expect(isReadOnlyError(err)).toBe(true);
      expect(readOnlyError('/data/cxs/ledger.sqlite', err).message).toBe(
        `Cannot write /data/cxs/ledger.sqlite: the data folder /data/cxs is read-only for this user (${code}). ` +
          'Make it writable (chmod u+w "/data/cxs"), or set CXS_DATA_DIR to a folder you can write to.',
      );
    }
  });
});
