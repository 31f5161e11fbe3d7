/**
 * The app's log: one line per entry in `<dataDir>/logs/clinic-xero-sync.log`, rotated when it passes
 * ~1 MB (`.1` … `.5` kept, the oldest dropped). Every message and detail goes through the ledger's
 * `redact()` first, so Authorization headers, bearer/OAuth tokens and API keys never reach the disk.
 * Plain Node (no electron): the desktop app, the CLI and `serve` share it.
 *
 * Writes are synchronous appends: a log line must be on disk before a crash, and a desktop sync app
 * logs a few lines a minute, not thousands a second.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { redact, redactMessage } from '../secrets/redact.js';

export const LOG_FILE_NAME = 'clinic-xero-sync.log';
export const DEFAULT_MAX_BYTES = 1024 * 1024;
export const DEFAULT_MAX_FILES = 5;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type Logger = {
  readonly file: string;
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
};

export type FileLoggerOptions = {
  /** The folder the log files live in (see `logsDir`). */
  dir: string;
  maxBytes?: number;
  /** How many rotated files to keep beside the current one. */
  maxFiles?: number;
  /** Entries below this level are dropped (default 'info'). */
  level?: LogLevel;
  now?: () => Date;
  /** Also echo each line here (e.g. stderr in development). */
  echo?: (line: string) => void;
};

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** `<dataDir>/logs`: where the desktop app, the CLI and "Open logs folder" look. */
export function logsDir(dataDir: string): string {
  return path.join(dataDir, 'logs');
}

/** One redacted line: `2026-01-02T03:04:05.000Z INFO message {"detail":…}`. */
export function formatLine(at: Date, level: LogLevel, message: string, detail?: unknown): string {
  let line = `${at.toISOString()} ${level.toUpperCase()} ${redact(message).replace(/\r?\n/g, '\\n')}`;
  if (detail !== undefined) {
    const text =
      detail instanceof Error
        ? JSON.stringify(redact(detail))
        : typeof detail === 'string'
          ? redactMessage(detail)
          : JSON.stringify(redact(detail));
    line += ` ${(text ?? String(detail)).replace(/\r?\n/g, '\\n')}`;
  }
  return `${line}\n`;
}

export function createFileLogger(opts: FileLoggerOptions): Logger {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxFiles = Math.max(1, opts.maxFiles ?? DEFAULT_MAX_FILES);
  const min = ORDER[opts.level ?? 'info'];
  const now = opts.now ?? (() => new Date());
  const file = path.join(opts.dir, LOG_FILE_NAME);
  let size: number | null = null;

  const currentSize = (): number => {
    if (size === null) size = existsSync(file) ? statSync(file).size : 0;
    return size;
  };

  const rotate = (): void => {
    rmSync(`${file}.${maxFiles}`, { force: true });
    for (let i = maxFiles - 1; i >= 1; i--) {
      if (existsSync(`${file}.${i}`)) renameSync(`${file}.${i}`, `${file}.${i + 1}`);
    }
    if (existsSync(file)) renameSync(file, `${file}.1`);
    size = 0;
  };

  const write = (level: LogLevel, message: string, detail?: unknown): void => {
    if (ORDER[level] < min) return;
    const line = formatLine(now(), level, message, detail);
    try {
      mkdirSync(opts.dir, { recursive: true });
      const bytes = Buffer.byteLength(line);
      if (currentSize() > 0 && currentSize() + bytes > maxBytes) rotate();
      appendFileSync(file, line, { mode: 0o600 });
      size = currentSize() + bytes;
    } catch {
      // A full disk or a removed folder must never take the app down with it; forget the size.
      size = null;
    }
    opts.echo?.(line.trimEnd());
  };

  return {
    file,
    debug: (m, d) => write('debug', m, d),
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
  };
}
