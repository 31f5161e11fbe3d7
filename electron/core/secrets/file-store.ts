import { chmod, mkdir, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { SecretStore } from '../ports.js';

export const FILE_STORE_WARNING =
  'Secrets are stored in a plain file (CXS_SECRET_STORE=file) readable by anyone with access to this ' +
  'user account. Use it only on a machine without a keychain.';

/**
 * The opt-in fallback for machines without a keychain, like `gh auth login --insecure-storage`.
 * One JSON file, mode 0600, written atomically (temp file + rename) so a crash never leaves half a
 * token set behind; writes are serialised so two callers cannot lose each other's update.
 */
export class FileSecretStore implements SecretStore {
  readonly kind = 'file' as const;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  async get(account: string): Promise<string | null> {
    await this.#queue;
    return (await this.#read())[account] ?? null;
  }

  set(account: string, secret: string): Promise<void> {
    return this.#serial(async () => {
      const all = await this.#read();
      all[account] = secret;
      await this.#write(all);
    });
  }

  delete(account: string): Promise<boolean> {
    return this.#serial(async () => {
      const all = await this.#read();
      if (!(account in all)) return false;
      delete all[account];
      await this.#write(all);
      return true;
    });
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #read(): Promise<Record<string, string>> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
  }

  async #write(all: Record<string, string>): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    // Created with 0600 from the first byte: a chmod afterwards would leave a window.
    const handle = await open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(all), 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(tmp, 0o600);
    await rename(tmp, this.file);
  }
}
