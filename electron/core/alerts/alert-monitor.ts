/**
 * Decides when an alert email goes out (issue 17). It is told when the status changes and when a sync
 * cycle ends, and looks at what needs the user:
 *   - records newly in "needs attention";
 *   - the Xero connection lost (needs reconnect);
 *   - a pause at Xero's daily limit;
 *   - sync cycles failing for over an hour.
 *
 * News is gathered into one digest, never one email per retry: the first news waits `settleMs` for the
 * rest of its burst, then at most one digest goes out per `minIntervalMs` (an hour). When everything has
 * recovered after a digest, one recovery message goes out. What has been reported is kept (through
 * `store`, the ledger) so a restart does not repeat it.
 */
import type { AppStatus } from '../../../shared/api.js';
import type { AlertSettings } from '../../../shared/settings-extras.js';
import { digestEmail, recoveryEmail, type AlertCondition, type AttentionRecord } from './digest.js';
import type { AlertEmail } from './mailer.js';

export type DigestTiming = {
  /** How long the first news of a burst waits for the rest (default 30 s). */
  settleMs?: number;
  /** At most one digest per this long (default one hour). */
  minIntervalMs?: number;
  /** Sync failing for this long is news (default one hour). */
  failingAfterMs?: number;
};

export type AlertMonitorDeps = {
  alerts(): AlertSettings;
  status(): Promise<AppStatus>;
  attention(): readonly AttentionRecord[];
  send(email: AlertEmail): Promise<void>;
  digest?: DigestTiming;
  /** An ISO instant as the clinic reads it. */
  fmtTime?: (iso: string) => string;
  /** Keeps what was reported across restarts. */
  store?: { load(): unknown; save(state: unknown): void };
  log?: (message: string, err?: unknown) => void;
  now?: () => number;
};

type State = {
  /** Records reported in a digest that went out (only those still needing attention are kept). */
  reported: number[];
  /** Conditions reported in a digest that went out (only those still in force are kept). */
  conditions: AlertCondition[];
  /** A digest went out and no recovery message since. */
  alerted: boolean;
  lastDigestAt: number | null;
  /** The first failed cycle of the current run of failures. */
  failingSince: number | null;
};

const HOUR = 3_600_000;

function emptyState(): State {
  return { reported: [], conditions: [], alerted: false, lastDigestAt: null, failingSince: null };
}

function parseState(v: unknown): State {
  if (typeof v !== 'object' || v === null) return emptyState();
  const s = v as Partial<State>;
  const nums = (a: unknown): number[] =>
    Array.isArray(a) ? a.filter((x): x is number => typeof x === 'number') : [];
  return {
    reported: nums(s.reported),
    conditions: Array.isArray(s.conditions)
      ? s.conditions.filter((c): c is AlertCondition => ['disconnected', 'dailyPause', 'failing'].includes(c))
      : [],
    alerted: s.alerted === true,
    lastDigestAt: typeof s.lastDigestAt === 'number' ? s.lastDigestAt : null,
    failingSince: typeof s.failingSince === 'number' ? s.failingSince : null,
  };
}

export class AlertMonitor {
  readonly #d: AlertMonitorDeps;
  #state: State | null = null;
  /** News not sent yet. */
  #pendingRecords = new Map<number, AttentionRecord>();
  #pendingConditions = new Set<AlertCondition>();
  #timer: NodeJS.Timeout | null = null;
  #chain: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(deps: AlertMonitorDeps) {
    this.#d = deps;
  }

  get #settleMs(): number {
    return this.#d.digest?.settleMs ?? 30_000;
  }
  get #minIntervalMs(): number {
    return this.#d.digest?.minIntervalMs ?? HOUR;
  }
  #now(): number {
    return (this.#d.now ?? Date.now)();
  }

  #load(): State {
    if (!this.#state) {
      try {
        this.#state = parseState(this.#d.store?.load());
      } catch (err) {
        this.#d.log?.('alerts: could not read what was reported', err);
        this.#state = emptyState();
      }
    }
    return this.#state;
  }
  #save(): void {
    try {
      this.#d.store?.save(this.#state);
    } catch (err) {
      this.#d.log?.('alerts: could not keep what was reported', err);
    }
  }

  /** A sync cycle ended: a run of failures starts or ends (sync failing for over an hour is news). */
  cycleEnded(result: { ok: boolean }): void {
    const s = this.#load();
    const next = result.ok ? null : (s.failingSince ?? this.#now());
    if (next !== s.failingSince) {
      s.failingSince = next;
      this.#save();
    }
  }

  /** Looks for news and recovery; calls are queued so two never interleave. */
  check(): Promise<void> {
    const run = this.#chain.then(() => this.#check());
    this.#chain = run.catch((err: unknown) => this.#d.log?.('alerts: check failed', err));
    return this.#chain;
  }

  /** Waits for checks and a digest being sent, and cancels a pending one. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#chain;
  }

  async #conditions(status: AppStatus, s: State): Promise<{ kind: AlertCondition; detail: string }[]> {
    const out: { kind: AlertCondition; detail: string }[] = [];
    if (status.xero.needsReconnect) out.push({ kind: 'disconnected', detail: '' });
    if (status.pausedUntil && /daily limit/i.test(status.pauseReason ?? '')) {
      const until = this.#d.fmtTime ? this.#d.fmtTime(status.pausedUntil) : status.pausedUntil;
      out.push({ kind: 'dailyPause', detail: `Paused until ${until}.` });
    }
    const failingAfter = this.#d.digest?.failingAfterMs ?? HOUR;
    if (s.failingSince !== null && this.#now() - s.failingSince >= failingAfter) {
      out.push({ kind: 'failing', detail: status.summary });
    }
    return Promise.resolve(out);
  }

  async #check(): Promise<void> {
    if (this.#closed) return;
    const settings = this.#d.alerts();
    if (!settings.enabled) {
      // Turned off: forget pending news; what was reported stays reported.
      this.#pendingRecords.clear();
      this.#pendingConditions.clear();
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
      return;
    }
    const s = this.#load();
    const status = await this.#d.status();
    const records = this.#d.attention();
    const conditions = await this.#conditions(status, s);

    // What was reported and is still so stays reported; what cleared up may be news again later.
    const current = new Set(records.map((r) => r.id));
    const kinds = conditions.map((c) => c.kind);
    s.reported = s.reported.filter((id) => current.has(id));
    s.conditions = s.conditions.filter((k) => kinds.includes(k));
    for (const id of [...this.#pendingRecords.keys()]) if (!current.has(id)) this.#pendingRecords.delete(id);
    for (const k of [...this.#pendingConditions]) if (!kinds.includes(k)) this.#pendingConditions.delete(k);
    // News: not reported in a digest that went out, and not waiting for one. Only a sent digest marks
    // things reported, so what a process noticed but never sent (`sync --once`, a failed send, a quit
    // before the burst settled) is news again for the next one.
    for (const r of records) {
      if (!s.reported.includes(r.id) && !this.#pendingRecords.has(r.id)) this.#pendingRecords.set(r.id, r);
    }
    for (const k of kinds) if (!s.conditions.includes(k)) this.#pendingConditions.add(k);
    const news = this.#pendingRecords.size > 0 || this.#pendingConditions.size > 0;

    const troubled = records.length > 0 || conditions.length > 0;
    if (!troubled) {
      this.#pendingRecords.clear();
      this.#pendingConditions.clear();
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
      this.#save();
      if (s.alerted) {
        s.alerted = false;
        this.#save();
        await this.#send(recoveryEmail(status.xero.tenantName));
      }
      return;
    }
    this.#save();
    if (news && !this.#timer) this.#schedule(s);
  }

  #schedule(s: State): void {
    const now = this.#now();
    const earliest = s.lastDigestAt === null ? now : s.lastDigestAt + this.#minIntervalMs;
    const delay = Math.max(this.#settleMs, earliest - now);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      const run = this.#chain.then(() => this.#sendDigest());
      this.#chain = run.catch((err: unknown) => this.#d.log?.('alerts: digest failed', err));
    }, delay);
    this.#timer.unref();
  }

  async #sendDigest(): Promise<void> {
    if (this.#closed || !this.#d.alerts().enabled) return;
    const s = this.#load();
    const status = await this.#d.status();
    const records = this.#d.attention();
    const conditions = await this.#conditions(status, s);
    const newRecords = [...this.#pendingRecords.values()];
    if (newRecords.length === 0 && this.#pendingConditions.size === 0) return;
    s.lastDigestAt = this.#now();
    this.#save();
    const ok = await this.#send(
      digestEmail({
        newRecords,
        attentionNow: records.length,
        conditions,
        organisation: status.xero.tenantName,
      }),
    );
    if (ok) {
      s.reported = [...new Set([...s.reported, ...newRecords.map((r) => r.id)])];
      s.conditions = [...new Set([...s.conditions, ...conditions.map((c) => c.kind)])];
      for (const r of newRecords) this.#pendingRecords.delete(r.id);
      for (const c of conditions) this.#pendingConditions.delete(c.kind);
      s.alerted = true;
      this.#save();
    } else if (!this.#closed) {
      // Not sent: keep the news and try again after the interval, not on every retry.
      this.#schedule(s);
    }
  }

  async #send(email: AlertEmail): Promise<boolean> {
    try {
      await this.#d.send(email);
      return true;
    } catch (err) {
      // The mailer's sentences never hold the password.
      this.#d.log?.('alert email not sent', err);
      return false;
    }
  }
}
