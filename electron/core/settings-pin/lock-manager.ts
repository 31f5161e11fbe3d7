/**
 * The settings lock (SPEC §3.4): an optional PIN that keeps mappings, settings and connections from
 * being changed. The PIN's salted scrypt hash lives in `<dataDir>/settings-lock.json` (mode 0600), not
 * in the settings file (which refuses unknown keys and is exported/imported as a whole).
 *
 * Unlocking is core-wide, not per caller: the desktop app has one window, and `serve` is a loopback
 * UI for one user. An unlock ends when the UI goes away (`uiClosed()`: the window closes, or the last
 * event stream of `serve` closes) or after 15 minutes without a contract call.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../api-error.js';
import type { Clock } from '../ports.js';
import { hashPin, verifyPin, type PinHash } from './pin-hash.js';

export const LOCK_FILE = 'settings-lock.json';
export const IDLE_RELOCK_MS = 15 * 60_000;
/** After this many wrong PINs in a row, guesses are refused for THROTTLE_MS. */
const MAX_WRONG = 5;
const THROTTLE_MS = 30_000;

export type LockStatus = { enabled: boolean; locked: boolean };

export class LockManager {
  readonly #file: string;
  readonly #clock: Clock;
  readonly #onChange: (status: LockStatus) => void;
  #hash: PinHash | null | undefined;
  #unlockedAt: number | null = null;
  #lastActivity = 0;
  #wrong = 0;
  /** Guesses being hashed right now. */
  #checking = 0;
  #throttledUntil = 0;
  #idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(opts: { dataDir: string; clock: Clock; onChange?: (status: LockStatus) => void }) {
    this.#file = path.join(opts.dataDir, LOCK_FILE);
    this.#clock = opts.clock;
    this.#onChange = opts.onChange ?? (() => {});
  }

  async #load(): Promise<PinHash | null> {
    if (this.#hash !== undefined) return this.#hash;
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      return (this.#hash = null);
    }
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // handled below
    }
    // A damaged file must not silently remove the lock: refuse until someone deletes the file.
    if (!isPinHash(parsed)) {
      throw new ApiError(
        'locked',
        `The settings lock file is damaged (${this.#file}); delete it to remove the lock.`,
      );
    }
    return (this.#hash = parsed);
  }

  #now(): number {
    return this.#clock.now().getTime();
  }

  /** Tells the UI when an unlock ends by idleness (the check itself happens on every read). */
  #armIdleTimer(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    if (this.#unlockedAt === null) return;
    const wait = Math.max(1000, this.#lastActivity + IDLE_RELOCK_MS - this.#now() + 1000);
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = null;
      if (this.#unlockedAt === null) return;
      if (this.#isUnlocked()) this.#armIdleTimer();
      else void this.#changed();
    }, wait);
    this.#idleTimer.unref?.();
  }

  #isUnlocked(): boolean {
    if (this.#unlockedAt === null) return false;
    if (this.#now() - this.#lastActivity > IDLE_RELOCK_MS) {
      this.#unlockedAt = null;
      return false;
    }
    return true;
  }

  async status(): Promise<LockStatus> {
    const enabled = (await this.#load()) !== null;
    return { enabled, locked: enabled && !this.#isUnlocked() };
  }

  /** Any contract call from the UI counts as activity for the idle re-lock. */
  touch(): void {
    if (this.#isUnlocked()) this.#lastActivity = this.#now();
  }

  /** Throws ApiError('locked') when the lock is on and not unlocked. */
  async assertUnlocked(what: string): Promise<void> {
    const s = await this.status();
    if (s.locked) {
      throw new ApiError(
        'locked',
        `Settings are locked, so ${what} cannot be changed. Unlock with the PIN first (Settings → Settings lock).`,
      );
    }
  }

  async #checkPin(pin: string, stored: PinHash): Promise<void> {
    const now = this.#now();
    if (now < this.#throttledUntil) {
      const s = Math.ceil((this.#throttledUntil - now) / 1000);
      throw new ApiError('locked', `Too many wrong PINs. Try again in ${s} seconds.`);
    }
    // Each guess takes its place before the slow hash: guesses sent all at once count as the
    // wrong ones they may be, so no more than MAX_WRONG are ever checked per throttle window.
    if (this.#wrong + this.#checking >= MAX_WRONG) {
      throw new ApiError(
        'locked',
        `Too many wrong PINs. Try again in ${Math.ceil(THROTTLE_MS / 1000)} seconds.`,
      );
    }
    this.#checking++;
    let right: boolean;
    try {
      right = await verifyPin(pin, stored);
    } finally {
      this.#checking--;
    }
    if (right) {
      this.#wrong = 0;
      return;
    }
    if (++this.#wrong >= MAX_WRONG) {
      this.#wrong = 0;
      this.#throttledUntil = this.#now() + THROTTLE_MS;
    }
    throw new ApiError('locked', 'That PIN is not right.');
  }

  async unlock(pin: string): Promise<LockStatus> {
    const stored = await this.#load();
    if (!stored) return this.status();
    await this.#checkPin(pin, stored);
    this.#unlockedAt = this.#lastActivity = this.#now();
    return this.#changed();
  }

  async lock(): Promise<LockStatus> {
    this.#unlockedAt = null;
    return this.#changed();
  }

  /** Sets, changes (currentPin required) or removes (pin null, currentPin required) the PIN. */
  async set(pin: string | null, currentPin: string | undefined): Promise<LockStatus> {
    const stored = await this.#load();
    if (stored) {
      if (currentPin === undefined) throw new ApiError('locked', 'Enter the current PIN to change the lock.');
      await this.#checkPin(currentPin, stored);
    }
    if (pin === null) {
      await rm(this.#file, { force: true });
      this.#hash = null;
      this.#unlockedAt = null;
    } else {
      const next = await hashPin(pin);
      const tmp = `${this.#file}.tmp`;
      await writeFile(tmp, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
      await rename(tmp, this.#file);
      this.#hash = next;
      // The one who just set the PIN stays in until they lock, leave or go idle.
      this.#unlockedAt = this.#lastActivity = this.#now();
    }
    return this.#changed();
  }

  /** The window closed (desktop) or the last event stream ended (`serve`): lock again. */
  uiClosed(): void {
    if (this.#unlockedAt === null) return;
    this.#unlockedAt = null;
    void this.#changed();
  }

  async #changed(): Promise<LockStatus> {
    const s = await this.status();
    this.#armIdleTimer();
    this.#onChange(s);
    return s;
  }
}

function isPinHash(v: unknown): v is PinHash {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    o['algorithm'] === 'scrypt' &&
    typeof o['salt'] === 'string' &&
    typeof o['hash'] === 'string' &&
    [o['N'], o['r'], o['p'], o['keyLength']].every(
      (n) => typeof n === 'number' && Number.isInteger(n) && n > 0,
    )
  );
}
