import type { AppStatus, Health, Outage } from '../../../shared/api.js';
import { clockTime, intervalText, whenText } from '../../../shared/clock-time.js';
import { countOf } from '../../../shared/plural.js';
import type { ClinikoBusiness } from '../cliniko/types.js';
import type { SyncRuntime } from '../sync/runtime.js';
import { budgetKvKey } from '../xero/limiter.js';

export type StatusInputs = Omit<AppStatus, 'health' | 'summary'>;

/**
 * Derives the one-glance health and its sentence; the tray, dashboard and CLI all read this. It only
 * says "All invoices synced." when that is true: connected, set up, a whole cycle finished, nothing
 * waiting, and neither service failing.
 */
export function describeStatus(s: StatusInputs): AppStatus {
  const health = healthOf(s);
  return { ...s, health, summary: summaryOf(health, s) };
}

function outagesOf(s: StatusInputs): Outage[] {
  return s.outages ?? [];
}

function healthOf(s: StatusInputs): Health {
  if (!s.cliniko.connected || (!s.xero.connected && !s.xero.needsReconnect)) return 'setup';
  if (s.xero.needsReconnect) return 'disconnected';
  if (s.settingsReady === false) return 'setup';
  // Cannot reach Cliniko or Xero: the tray shows its "disconnected" icon until a cycle gets through.
  if (outagesOf(s).length > 0) return 'disconnected';
  if (s.counts.needsAttention > 0 || s.lastCycleError) return 'attention';
  // A Xero pause (429 → Retry-After, up to ~18 h for the daily limit) holds back what Cliniko changes.
  if (s.sync === 'syncing' || s.counts.pending > 0 || s.counts.failed > 0 || s.pausedUntil) return 'syncing';
  // Before the first complete cycle nothing is known to be in Xero.
  if (s.lastSyncAt === null) return 'syncing';
  return 'synced';
}

function retrying(s: StatusInputs): string {
  return s.retryEverySeconds ? ` — retrying every ${intervalText(s.retryEverySeconds)}` : '';
}

/** "Can't reach Cliniko since 10:42 — retrying every 30 s" (one sentence for both services). */
export function outageSentence(s: StatusInputs): string | null {
  const list = [...outagesOf(s)].sort((a, b) => a.since.localeCompare(b.since));
  const first = list[0];
  if (!first) return null;
  const names = list.map((o) => (o.service === 'cliniko' ? 'Cliniko' : 'Xero')).join(' or ');
  const why = list.length === 1 ? ` (${first.reason})` : '';
  return `Can't reach ${names} since ${clockTime(first.since, s.timeZone)}${why}${retrying(s)}.`;
}

function summaryOf(health: Health, s: StatusInputs): string {
  switch (health) {
    case 'setup':
      if (!s.cliniko.connected) return 'Connect Cliniko to get started.';
      if (!s.xero.connected) return 'Connect Xero to start syncing.';
      return 'Choose the default accounts in Setup to start syncing.';
    case 'disconnected':
      if (s.xero.needsReconnect) return 'Xero connection lost: reconnect Xero to resume syncing.';
      return outageSentence(s) ?? 'Cannot reach Cliniko or Xero.';
    case 'attention':
      if (s.counts.needsAttention > 0)
        return `${countOf(s.counts.needsAttention, 'invoice needs', 'invoices need')} attention.`;
      return `The last sync failed at ${clockTime(s.lastCycleError?.at ?? '', s.timeZone)}: ${s.lastCycleError?.message ?? ''}${retrying(s)}.`;
    case 'syncing': {
      if (s.pausedUntil)
        return `Paused until ${whenText(s.pausedUntil, s.timeZone)}${s.pauseReason ? `: ${s.pauseReason}` : ''}.`;
      const left = s.counts.pending + s.counts.failed;
      if (s.lastSyncAt === null && left === 0)
        return s.sync === 'syncing' ? 'First sync in progress.' : 'Waiting for the first sync.';
      if (left === 0) return 'Syncing: checking Cliniko for changes.';
      return `Syncing: ${countOf(left, 'record')} to send.`;
    }
    case 'synced':
      return 'All invoices synced.';
  }
}

/** The sync half of the status: loop state, ledger counts, last/next sync, a Xero pause, outages. */
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
    outages: sync.outages.outages,
    lastCycleError: sync.outages.cycleFailure,
    timeZone: clinicZone(sync),
  };
}

/** The first Cliniko business's zone (cached by the sync), else the machine's. */
function clinicZone(sync: SyncRuntime): string {
  const zoned = sync.cache.all<ClinikoBusiness>('business').find((b) => b.timeZone);
  return zoned?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function isBudget(v: unknown): v is NonNullable<StatusInputs['xeroBudget']> {
  if (v === null || typeof v !== 'object') return false;
  const b = v as Record<string, unknown>;
  const n = (x: unknown) => x === null || typeof x === 'number';
  return n(b.dayRemaining) && n(b.minRemaining) && typeof b.at === 'string';
}
