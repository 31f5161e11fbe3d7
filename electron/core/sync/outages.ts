/**
 * Whether Cliniko and Xero can be reached, as the sync's own calls find out (issue 11 item 5). A
 * call that gets no answer (refused, reset, timed out), a 5xx or a 429 starts an outage at once, so
 * every UI can say "Can't reach Cliniko since 10:42" while the cycle is still failing. The outage
 * ends when a cycle finishes in which that service answered and never failed. A cycle that failed
 * for any other reason is kept too: the status never says "All invoices synced" after it.
 */
import { ClinikoHttpError } from '../cliniko/http-client.js';
import { redactMessage } from '../secrets/redact.js';
import { toXeroHttpError } from '../xero/xero-error.js';

export type ServiceName = 'cliniko' | 'xero';
export type OutageView = { service: ServiceName; since: string; reason: string };
export type CycleFailure = { at: string; message: string };

const NAMES: Record<ServiceName, string> = { cliniko: 'Cliniko', xero: 'Xero' };

/** Why a failed call means "cannot reach" (null: it was answered, e.g. a 400 or 401 is not an outage). */
export function outageReason(service: ServiceName, err: unknown): string | null {
  const name = NAMES[service];
  let status: number | null;
  if (service === 'cliniko') {
    if (!(err instanceof ClinikoHttpError)) return null;
    if (err.kind === 'network')
      return /timeout|ECONNABORTED/i.test(err.message)
        ? `${name} did not answer in time`
        : `no connection to ${name}`;
    status = err.status;
  } else {
    const x = toXeroHttpError(err);
    status = x.status;
    if (status === null) {
      // Only a call that went out and got nothing back: not our own refusals (no token, wrong org).
      return /timeout|ETIMEDOUT|ECONN|ENOTFOUND|EAI_AGAIN|EPIPE|socket hang up|no response|network/i.test(
        x.message,
      )
        ? /timeout/i.test(x.message)
          ? `${name} did not answer in time`
          : `no connection to ${name}`
        : null;
    }
  }
  if (status === null) return null;
  if (status === 429) return `${name} is limiting requests (HTTP 429)`;
  if (status >= 500 || status === 408) return `${name} answered HTTP ${status}`;
  return null;
}

export class OutageTracker {
  readonly #now: () => Date;
  readonly #down = new Map<ServiceName, { since: Date; reason: string }>();
  /** What this cycle saw of each service: any failure wins over answers. */
  readonly #seen = new Map<ServiceName, 'answered' | 'failed'>();
  #cycleFailure: CycleFailure | null = null;
  onChange: () => void = () => undefined;

  constructor(now: () => Date) {
    this.#now = now;
  }

  /** One call's outcome: `err` undefined = answered. Errors that are not outages count as answered. */
  report(service: ServiceName, err?: unknown): void {
    const reason = err === undefined ? null : outageReason(service, err);
    if (reason === null) {
      if (!this.#seen.has(service)) this.#seen.set(service, 'answered');
      return;
    }
    this.#seen.set(service, 'failed');
    const current = this.#down.get(service);
    this.#down.set(service, { since: current?.since ?? this.#now(), reason });
    if (!current || current.reason !== reason) this.onChange();
  }

  /** Shown as down, and not heard from in this cycle: a cycle with nothing to send would never clear it. */
  unheardWhileDown(service: ServiceName): boolean {
    return this.#down.has(service) && !this.#seen.has(service);
  }

  cycleStarted(): void {
    this.#seen.clear();
  }

  /** `error`: what the cycle threw, if it did. */
  cycleEnded(error?: unknown): void {
    let changed = false;
    for (const [service, seen] of this.#seen) {
      if (seen === 'answered' && this.#down.delete(service)) changed = true;
    }
    const failedOn = [...this.#seen.values()].includes('failed');
    const failure =
      error !== undefined && !failedOn
        ? { at: this.#now().toISOString(), message: redactMessage(error).slice(0, 300) }
        : null;
    if (failure !== null || this.#cycleFailure !== null) changed = true;
    this.#cycleFailure = failure;
    this.#seen.clear();
    if (changed) this.onChange();
  }

  get outages(): OutageView[] {
    return [...this.#down].map(([service, o]) => ({
      service,
      since: o.since.toISOString(),
      reason: o.reason,
    }));
  }

  get cycleFailure(): CycleFailure | null {
    return this.#cycleFailure;
  }
}
