import { mkdtemp, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSecretStore } from './file-store.js';
import { openSecretStore } from './open-secret-store.js';

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'cxs-secrets-'));
}

describe('FileSecretStore', () => {
  it('writes the file with mode 0600 and round-trips secrets', async () => {
    const file = path.join(await tempDir(), 'nested', 'secrets.json');
    const store = new FileSecretStore(file);
    await store.set('cliniko-api-key', 'k-123');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await store.get('cliniko-api-key')).toBe('k-123');
    expect(await store.delete('cliniko-api-key')).toBe(true);
    expect(await store.delete('cliniko-api-key')).toBe(false);
    expect(await store.get('cliniko-api-key')).toBeNull();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('keeps every one of many concurrent writes', async () => {
    const store = new FileSecretStore(path.join(await tempDir(), 'secrets.json'));
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`a${i}`, `s${i}`)));
    const all = JSON.parse(await readFile(store.file, 'utf8')) as Record<string, string>;
    expect(Object.keys(all)).toHaveLength(20);
  });
});

describe('openSecretStore', () => {
  it('uses the file store only when CXS_SECRET_STORE=file, and warns', async () => {
    const warnings: string[] = [];
    const dir = await tempDir();
    const store = await openSecretStore({
      dataDir: dir,
      env: { CXS_SECRET_STORE: 'file' },
      warn: (m) => warnings.push(m),
    });
    expect(store.kind).toBe('file');
    expect(warnings).toEqual([expect.stringContaining('plain file')]);
  });

  it('refuses an unknown store name', async () => {
    await expect(
      openSecretStore({ dataDir: await tempDir(), env: { CXS_SECRET_STORE: 'plaintext' } }),
    ).rejects.toThrow(/must be "keychain" or "file"/);
  });

  it('never falls back to a file when the keychain is missing', async () => {
    const dir = await tempDir();
    // No session bus: the Secret Service cannot be reached, so the keychain is unavailable.
    const env = { ...process.env, CXS_SECRET_STORE: undefined };
    const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
    process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/bus';
    try {
      await expect(openSecretStore({ dataDir: dir, env })).rejects.toThrow(/CXS_SECRET_STORE=file/);
    } finally {
      if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
      else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
    }
    await expect(stat(path.join(dir, 'secrets.json'))).rejects.toThrow();
  });
});
