/**
 * The settings file, `<dataDir>/settings.json`, behind a small port. The CLI and `serve` use `conf`;
 * the desktop app uses electron-store on the SAME file (electron-store is conf underneath), so both
 * read and write one JSON object with the v1 shape of ./schema.ts.
 *
 * - Every write is validated first (parseSettings / mergeSettings): an unknown key or a bad value is
 *   refused with a message naming the key, and a refused write changes nothing.
 * - Writes are atomic: conf writes a temp file and renames it (write-file-atomic semantics).
 * - A missing file reads as the defaults (nothing is written until the user saves something).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { ApiError } from '../api-error.js';
import { DataFileError, damagedSettingsError, isReadOnlyError, readOnlyError } from '../data-errors.js';
import { defaultSettings, mergeSettings, parseSettings, type Settings } from '../../../shared/settings.js';

export const SETTINGS_FILE = 'settings.json';

export interface SettingsStore {
  /** The current settings (defaults when the file does not exist yet). */
  get(): Settings;
  /** Applies a partial update (mergeSettings semantics); throws SettingsError, changing nothing, if refused. */
  update(patch: unknown): Settings;
  /** Replaces the whole file with a validated settings document (JSON text). */
  importJson(json: string): Settings;
  /** The whole file as pretty JSON. */
  exportJson(): string;
  /** Where the file lives. */
  readonly path: string;
}

/** A refused settings write; `errors` name the keys (`defaults.paymentAccountCode: required`). */
export class SettingsError extends ApiError {
  constructor(readonly errors: string[]) {
    super('invalid_request', `Settings refused: ${errors.join('; ')}`);
    this.name = 'SettingsError';
  }
}

type Store = Record<string, unknown>;

export class ConfSettingsStore implements SettingsStore {
  readonly #dir: string;
  #conf: Conf<Store> | null = null;
  /** Why the file could not be opened (damaged JSON, unreadable): every read says so, with the fix. */
  #broken: DataFileError | null = null;

  constructor(dataDir: string) {
    this.#dir = dataDir;
    this.#open();
  }

  #open(): void {
    try {
      this.#conf = new Conf<Store>({
        cwd: this.#dir,
        configName: 'settings',
        // Keys such as "billableItems.123" must not be read as paths.
        accessPropertiesByDotNotation: false,
        configFileMode: 0o600,
        clearInvalidConfig: false,
        watch: false,
      });
      this.#broken = null;
    } catch (err) {
      this.#conf = null;
      this.#broken = damagedSettingsError(this.path, err);
    }
  }

  #store(): Conf<Store> {
    if (!this.#conf) throw this.#broken ?? damagedSettingsError(this.path, null);
    return this.#conf;
  }

  get path(): string {
    return this.#conf?.path ?? path.join(this.#dir, SETTINGS_FILE);
  }

  get(): Settings {
    let raw: Store;
    try {
      raw = this.#store().store;
    } catch (err) {
      // Damaged since it was opened (edited by hand, a disk error).
      throw err instanceof DataFileError ? err : damagedSettingsError(this.path, err);
    }
    if (Object.keys(raw).length === 0) return defaultSettings();
    const r = parseSettings(raw);
    if (!r.ok) {
      throw new SettingsError(r.errors.map((e) => `${e} (in ${this.path}; fix or re-import the file)`));
    }
    return r.settings;
  }

  #write(s: Settings): Settings {
    try {
      if (this.#conf) {
        // One assignment = one atomic write of the whole document.
        this.#conf.store = structuredClone(s) as unknown as Store;
        return s;
      }
      // A damaged file is replaced whole (import is the fix the message offers), then reopened.
      mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
      const tmp = `${this.path}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify(s, null, '\t')}\n`, { mode: 0o600 });
      renameSync(tmp, this.path);
    } catch (err) {
      throw isReadOnlyError(err) ? readOnlyError(this.path, err) : err;
    }
    this.#open();
    if (this.#broken) throw this.#broken;
    return s;
  }

  update(patch: unknown): Settings {
    const r = mergeSettings(this.get(), patch);
    if (!r.ok) throw new SettingsError(r.errors);
    return this.#write(r.settings);
  }

  importJson(json: string): Settings {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (err) {
      throw new SettingsError([`(settings): not valid JSON (${err instanceof Error ? err.message : ''})`]);
    }
    const r = parseSettings(parsed);
    if (!r.ok) throw new SettingsError(r.errors);
    return this.#write(r.settings);
  }

  exportJson(): string {
    return `${JSON.stringify(this.get(), null, 2)}\n`;
  }
}
