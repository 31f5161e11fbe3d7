/**
 * The data folder holds patients' names, invoice amounts and (file store) credentials: only the user
 * who runs the app may read it. SQLite creates a database's `-wal`, `-shm` and `-journal` files with
 * the database file's own permissions, so creating the database 0600 before SQLite opens it covers
 * them; files left looser by an older version are tightened on open.
 */
import { chmodSync, closeSync, existsSync, openSync, statSync } from 'node:fs';

const POSIX = process.platform !== 'win32';
const SQLITE_COMPANIONS = ['', '-wal', '-shm', '-journal'];

/** Creates `file` (0600) if missing and makes it and its SQLite companions 0600. */
export function privateSqliteFile(file: string): void {
  if (!POSIX || file === ':memory:' || file === '') return;
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const suffix of SQLITE_COMPANIONS) privateFile(file + suffix);
}

/** Makes an existing file 0600 (nothing if it does not exist). */
export function privateFile(file: string): void {
  if (!POSIX) return;
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw err;
  }
}

/**
 * Tightens a data folder that others can read (an older version, a hand-made folder) to 0700.
 * Returns a sentence for the log when it could not (the folder belongs to someone else), else null.
 */
export function privateDir(dir: string): string | null {
  if (!POSIX) return null;
  try {
    const mode = statSync(dir).mode & 0o777;
    if ((mode & 0o077) === 0) return null;
    chmodSync(dir, 0o700);
    return null;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT') return null;
    return `The data folder ${dir} can be read by other users of this computer and could not be changed (${code ?? 'error'}). Run: chmod 700 "${dir}"`;
  }
}
