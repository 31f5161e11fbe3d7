import type { AppStatus, Health } from '../../../shared/api.js';
import type { SyncRuntime } from '../sync/runtime.js';
import { budgetKvKey } from '../xero/limiter.js';

export type StatusInputs = Omit<AppStatus, 'health' | 'summary'>;

/** Derives the one-glance health and its sentence; the tray, dashboard and CLI all read this. */
export function describeStatus(s: StatusInputs): AppStatus {
  const health = healthOf(s);
  return { ...s, health, summary: summaryOf(health, s) };
}

function healthOf(s: StatusInputs): Health {
  if (!s.cliniko.connected || (!s.xero.connected && !s.xero.needsReconnect)) return 'setup';
  if (s.xero.needsReconnect) return 'disconnected';
  if (s.counts.needsAttention > 0) return 'attention';
  // A Xero pause (429 → Retry-After, up to ~18 h for the daily limit) holds back what Cliniko changes.
  if (s.sync === 'syncing' || s.counts.pending > 0 || s.counts.failed > 0 || s.pausedUntil) return 'syncing';
  return 'synced';
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summaryOf(health: Health, s: StatusInputs): string {
  switch (health) {
    case 'setup':
      return !s.cliniko.connected ? 'Connect Cliniko to get started.' : 'Connect Xero to start syncing.';
    case 'disconnected':
      return 'Xero connection lost: reconnect Xero to resume syncing.';
    case 'attention':
      return `${plural(s.counts.needsAttention, 'invoice needs', 'invoices need')} attention.`;
    case 'syncing':
      return s.pausedUntil
        ? `Paused until ${s.pausedUntil}${s.pauseReason ? `: ${s.pauseReason}` : ''}.`
        : `Syncing: ${plural(s.counts.pending + s.counts.failed, 'record', 'records')} to send.`;
    case 'synced':
      return 'All invoices synced.';
  }
}

/** The sync half of the status: loop state, ledger counts, last/next sync, a Xero pause. */
export function syncStatusInputs(
  sync: SyncRuntime,
  tenantId: string | null,
): Omit<StatusInputs, 'cliniko' | 'xero'> {
  const loop = sync.loop;
  const ledger = sync.ledger;
  const c = ledger.counts();
  const last = ledger.getKv('sync.lastSyncAt');
  const pause = tenantId ? ledger.getPause(tenantId) : null;
  const budget = tenantId ? ledger.getKv(budgetKvKey(tenantId)) : undefined;
  return {
    sync: loop.state === 'stopped' && loop.paused ? 'paused' : loop.state,
    counts: { synced: c.synced, pending: c.pending, failed: c.failed, needsAttention: c.needsAttention },
    lastSyncAt: typeof last === 'string' ? last : null,
    nextSyncAt: loop.nextSyncAt !== null ? new Date(loop.nextSyncAt).toISOString() : null,
    pausedUntil: pause?.until ?? null,
    pauseReason: pause?.reason ?? null,
    xeroBudget: isBudget(budget) ? budget : null,
  };
}

function isBudget(v: unknown): v is NonNullable<StatusInputs['xeroBudget']> {
  if (v === null || typeof v !== 'object') return false;
  const b = v as Record<string, unknown>;
  const n = (x: unknown) => x === null || typeof x === 'number';
  return n(b.dayRemaining) && n(b.minRemaining) && typeof b.at === 'string';
}
