/**
 * One sync cycle at a time per data folder, across processes: the desktop app, `serve`, `sync` and
 * `sync --once` may all point at the same folder. Two cycles at once would reconcile each other's
 * in-flight batches as if they had been abandoned and race on the ledger.
 *
 * The lock is an exclusive SQLite lock on `<dataDir>/sync.lock` (a file lock the OS releases when the
 * process dies, so a crash or SIGKILL never leaves a stale lock behind). Who holds it is written
 * next to it, in `sync.lock.json`, only for the message the waiting side shows.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { SyncFatal } from './engine.js';
import { privateFile, privateSqliteFile } from '../private-files.js';

export const SYNC_LOCK_FILE = 'sync.lock';
const HOLDER_FILE = 'sync.lock.json';

export type LockHolder = { pid: number; host: string; since: string; command: string };

/** Another process is syncing this data folder and did not finish within the wait allowed. */
export class SyncBusyError extends SyncFatal {
  constructor(message: string) {
    super(message);
    this.name = 'SyncBusyError';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class SyncLock {
  readonly #dir: string;
  #db: Db | null = null;
  #held = false;

  constructor(dataDir: string) {
    this.#dir = dataDir;
  }

  get held(): boolean {
    return this.#held;
  }

  #open(): Db {
    if (!this.#db) {
      privateSqliteFile(path.join(this.#dir, SYNC_LOCK_FILE));
      const db = new Database(path.join(this.#dir, SYNC_LOCK_FILE));
      db.pragma('busy_timeout = 0');
      this.#db = db;
    }
    return this.#db;
  }

  /** Takes the lock if nobody holds it; true when this process now holds it. */
  tryAcquire(): boolean {
    if (this.#held) return true;
    const db = this.#open();
    try {
      db.exec('BEGIN EXCLUSIVE');
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return false;
      throw err;
    }
    this.#held = true;
    const holder: LockHolder = {
      pid: process.pid,
      host: os.hostname(),
      since: new Date().toISOString(),
      command: process.argv.slice(2).join(' '),
    };
    try {
      writeFileSync(path.join(this.#dir, HOLDER_FILE), JSON.stringify(holder), { mode: 0o600 });
      privateFile(path.join(this.#dir, HOLDER_FILE));
    } catch {
      // only informational
    }
    return true;
  }

  /**
   * Waits for the lock: polls until it is free, `shouldStop()` turns true or `timeoutMs` passes
   * (then throws SyncBusyError saying who holds it). `onWait` is told once, when the wait starts.
   */
  async acquire(
    opts: {
      timeoutMs?: number;
      shouldStop?: () => boolean;
      onWait?: (holder: LockHolder | null) => void;
      pollMs?: number;
    } = {},
  ): Promise<void> {
    const deadline = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs;
    let told = false;
    for (;;) {
      if (this.tryAcquire()) return;
      if (opts.shouldStop?.()) throw new SyncBusyError('Stopped while waiting for another sync to finish.');
      if (Date.now() >= deadline) throw new SyncBusyError(busyMessage(this.holder()));
      if (!told) {
        told = true;
        opts.onWait?.(this.holder());
      }
      await sleep(Math.min(opts.pollMs ?? 250, Math.max(1, deadline - Date.now())));
    }
  }

  release(): void {
    if (!this.#held || !this.#db) return;
    this.#held = false;
    this.#db.exec('ROLLBACK');
  }

  /** Who holds the lock, as written by the holder (null when unknown). */
  holder(): LockHolder | null {
    try {
      const h = JSON.parse(readFileSync(path.join(this.#dir, HOLDER_FILE), 'utf8')) as Partial<LockHolder>;
      return typeof h.pid === 'number'
        ? {
            pid: h.pid,
            host: String(h.host ?? ''),
            since: String(h.since ?? ''),
            command: String(h.command ?? ''),
          }
        : null;
    } catch {
      return null;
    }
  }

  close(): void {
    this.release();
    this.#db?.close();
    this.#db = null;
  }
}

export function describeHolder(h: LockHolder | null): string {
  if (!h) return 'another process';
  const what = h.command ? `"${h.command}", ` : '';
  return `another process (${what}process ${h.pid}${h.host && h.host !== os.hostname() ? ` on ${h.host}` : ''}, since ${h.since})`;
}

function busyMessage(h: LockHolder | null): string {
  return (
    `Another sync is running on this data folder: ${describeHolder(h)}. ` +
    'Only one sync runs at a time, so nothing is sent twice. Wait for it to finish (or stop it), then try again, ' +
    'or give a longer --max-wait.'
  );
}
