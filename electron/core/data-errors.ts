/**
 * What the user reads when a file in the data folder cannot be used: one plain message that names
 * the file and says how to fix it, instead of "Unexpected token } in JSON" or "SQLITE_NOTADB".
 */
import path from 'node:path';
import { ApiError } from './api-error.js';

/** A data file is damaged or cannot be written. `code` is 'failed' on the wire; the message is the fix. */
export class DataFileError extends ApiError {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super('failed', message);
    this.name = 'DataFileError';
  }
}

const READ_ONLY = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'SQLITE_READONLY',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY_DBMOVED',
]);

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** The data folder (or a file in it) cannot be written: the fix is permissions or another folder. */
export function isReadOnlyError(err: unknown): boolean {
  return READ_ONLY.has(codeOf(err));
}

export function readOnlyError(file: string, err: unknown): DataFileError {
  const dir = path.dirname(file);
  return new DataFileError(
    `Cannot write ${file}: the data folder ${dir} is read-only for this user (${codeOf(err) || 'permission denied'}). ` +
      `Make it writable (chmod u+w "${dir}"), or set CXS_DATA_DIR to a folder you can write to.`,
    file,
  );
}

/** settings.json cannot be read as JSON. */
export function damagedSettingsError(file: string, err: unknown): DataFileError {
  if (isReadOnlyError(err)) return readOnlyError(file, err);
  const why = err instanceof Error ? err.message.split('\n')[0]?.slice(0, 120) : 'unreadable';
  return new DataFileError(
    `The settings file ${file} is damaged (${why}). Import a good copy with ` +
      '`clinic-xero-sync settings import FILE` (or Settings → Import), or delete the file and run setup again.',
    file,
  );
}

/** ledger.sqlite cannot be opened. */
export function ledgerOpenError(file: string, err: unknown): DataFileError | unknown {
  if (isReadOnlyError(err)) return readOnlyError(file, err);
  const code = codeOf(err);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new DataFileError(
      `The sync ledger ${file} is damaged (${code}). It records what is already in Xero, so it is not rebuilt ` +
        'on its own: stop the app, restore the file from a backup of this folder, then start again.',
      file,
    );
  }
  return err;
}
