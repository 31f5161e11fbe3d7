/**
 * The status file of the process that syncs a data folder in the background (the desktop app or
 * `serve`): `<dataDir>/app-status.json`, rewritten on every status change and, at most once a
 * second, on sync progress. `clinic-xero-sync status` in another terminal reads it to report what
 * that process is doing right now (the ledger it shares says only what is stored).
 *
 * A file left behind by a process that died is ignored: its pid is not alive on this host.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppInfo, AppStatus, SyncProgress } from '../../../shared/api.js';

export const RUN_STATUS_FILE = 'app-status.json';

export type RunStatus = {
  pid: number;
  host: string;
  mode: AppInfo['mode'];
  startedAt: string;
  updatedAt: string;
  status: AppStatus;
  /** The running cycle's progress; null between cycles. */
  progress: SyncProgress | null;
};

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM'; // alive, owned by another user
  }
}

/** The running process's status, or null when none runs (no file, unreadable, or its process is gone). */
export function readRunStatus(dataDir: string): RunStatus | null {
  let parsed: RunStatus;
  try {
    parsed = JSON.parse(readFileSync(path.join(dataDir, RUN_STATUS_FILE), 'utf8')) as RunStatus;
  } catch {
    return null;
  }
  if (typeof parsed.pid !== 'number' || typeof parsed.status !== 'object') return null;
  if (parsed.host === os.hostname() && !alive(parsed.pid)) return null;
  return parsed;
}

/** Writes this process's status file (atomically: a reader never sees half a file). */
export class RunStatusWriter {
  readonly #file: string;
  readonly #base: Pick<RunStatus, 'pid' | 'host' | 'mode' | 'startedAt'>;
  #status: AppStatus | null = null;
  #progress: SyncProgress | null = null;
  #lastProgressWrite = 0;
  #closed = false;

  constructor(dataDir: string, mode: AppInfo['mode'], now: () => Date) {
    this.#file = path.join(dataDir, RUN_STATUS_FILE);
    this.#now = now;
    this.#base = { pid: process.pid, host: os.hostname(), mode, startedAt: now().toISOString() };
  }

  readonly #now: () => Date;

  status(s: AppStatus): void {
    this.#status = s;
    if (s.sync !== 'syncing') this.#progress = null;
    this.#write();
  }

  progress(p: SyncProgress): void {
    this.#progress = p.phase === 'done' ? null : p;
    const t = this.#now().getTime();
    if (p.phase !== 'done' && t - this.#lastProgressWrite < 1000) return;
    this.#lastProgressWrite = t;
    this.#write();
  }

  #write(): void {
    if (this.#closed || !this.#status) return;
    const body: RunStatus = {
      ...this.#base,
      updatedAt: this.#now().toISOString(),
      status: this.#status,
      progress: this.#progress,
    };
    const tmp = `${this.#file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify(body, null, 2));
      renameSync(tmp, this.#file);
    } catch {
      // informational only: a full disk must not stop the sync
    }
  }

  /** Removes the file if it is still this process's. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const current = readRunStatus(path.dirname(this.#file));
    if (current?.pid === process.pid && current.host === os.hostname()) rmSync(this.#file, { force: true });
  }
}
