import { chmod, mkdtemp, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLedger } from '../../../electron/core/ledger/index.js';
import { FileSecretStore } from '../../../electron/core/secrets/file-store.js';
import { createService } from '../../../electron/core/service/create-service.js';
import { SyncLock } from '../../../electron/core/sync/process-lock.js';

const modeOf = async (file: string): Promise<number> => (await stat(file)).mode & 0o777;

describe.skipIf(process.platform === 'win32')('data folder permissions (issue 11 hardening)', () => {
  it('ledger.sqlite, its -wal and -shm, and sync.lock* are readable by this user only', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cxs-modes-'));
    const old = process.umask(0o022); // the usual umask: new files 0644
    try {
      const ledger = openLedger(path.join(dir, 'ledger.sqlite'));
      ledger.setKv('probe', 1); // a write: the WAL and shared-memory files exist now
      for (const f of ['ledger.sqlite', 'ledger.sqlite-wal', 'ledger.sqlite-shm'])
        expect([f, await modeOf(path.join(dir, f))]).toEqual([f, 0o600]);
      ledger.close();
      const lock = new SyncLock(dir);
      expect(lock.tryAcquire()).toBe(true);
      for (const f of ['sync.lock', 'sync.lock.json'])
        expect([f, await modeOf(path.join(dir, f))]).toEqual([f, 0o600]);
      lock.close();
    } finally {
      process.umask(old);
    }
  });

  it('tightens files and a data folder that an older version left readable by others', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cxs-modes-'));
    await chmod(dir, 0o755);
    const file = path.join(dir, 'ledger.sqlite');
    openLedger(file).close();
    await chmod(file, 0o644);
    await writeFile(`${file}-wal`, '');
    await chmod(`${file}-wal`, 0o644);
    const service = createService({
      mode: 'cli',
      dataDir: dir,
      secrets: new FileSecretStore(path.join(dir, 's.json')),
    });
    expect(await modeOf(dir)).toBe(0o700);
    const ledger = openLedger(file);
    expect(await modeOf(file)).toBe(0o600);
    expect(await modeOf(`${file}-wal`)).toBe(0o600);
    ledger.close();
    await service.close();
  });
});
