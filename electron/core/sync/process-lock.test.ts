import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncBusyError, SyncLock } from './process-lock.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('SyncLock', () => {
  it('lets one holder in at a time, says who holds it, and frees on release or close', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cxs-lock-'));
    dirs.push(dir);
    const a = new SyncLock(dir);
    const b = new SyncLock(dir);
    expect(a.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false);
    const waited: unknown[] = [];
    const busy = b.acquire({ timeoutMs: 50, pollMs: 10, onWait: (h) => waited.push(h) });
    await expect(busy).rejects.toBeInstanceOf(SyncBusyError);
    await expect(b.acquire({ timeoutMs: 0 })).rejects.toThrow(
      new RegExp(`Another sync is running on this data folder: another process \\(.*process ${process.pid}`),
    );
    expect(waited).toEqual([expect.objectContaining({ pid: process.pid })]);

    const later = b.acquire({ pollMs: 10 });
    setTimeout(() => a.release(), 30);
    await later;
    expect(b.held).toBe(true);
    expect(a.tryAcquire()).toBe(false);
    b.close();
    expect(a.tryAcquire()).toBe(true);
    await expect(b.acquire({ shouldStop: () => true })).rejects.toThrow(/Stopped while waiting/);
    a.close();
    b.close();
  });
});
