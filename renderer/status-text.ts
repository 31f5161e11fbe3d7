/**
 * The status in words for the renderer's status components (pill, connection cards, progress). The
 * sentences themselves come from the core (`status.summary`, `progress.text`) so the tray, the CLI
 * and the screens say the same thing; this only adds what depends on the viewer's clock.
 */
import type { AppStatus, Outage, SyncProgress } from '../shared/api';
import { clockTime, intervalText } from '../shared/clock-time';
import { countOf } from '../shared/plural';
import { progressText } from '../shared/progress-text';

/** A past event never reads as future ("in a few seconds"), even with a second of clock skew. */
export function ago(iso: string, now = Date.now()): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 45) return 'just now';
  if (s < 3600) return `${countOf(Math.round(s / 60), 'minute')} ago`;
  if (s < 86400) return `${countOf(Math.round(s / 3600), 'hour')} ago`;
  return `${countOf(Math.round(s / 86400), 'day')} ago`;
}

/** A future event never reads as past: "in 25 s", "in 3 minutes", "any moment now". */
export function until(iso: string, now = Date.now()): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const s = Math.round((t - now) / 1000);
  if (s <= 1) return 'any moment now';
  if (s < 90) return `in ${s} s`;
  if (s < 3600) return `in ${countOf(Math.round(s / 60), 'minute')}`;
  return `in ${countOf(Math.round(s / 3600), 'hour')}`;
}

/** The outage of one service, for its connection card: "Can't reach Cliniko since 10:42 — retrying every 30 s". */
export function outageLine(status: AppStatus, service: Outage['service']): string | null {
  const o = (status.outages ?? []).find((x) => x.service === service);
  if (!o) return null;
  const name = service === 'cliniko' ? 'Cliniko' : 'Xero';
  const every = status.retryEverySeconds ? ` — retrying every ${intervalText(status.retryEverySeconds)}` : '';
  return `Can't reach ${name} since ${clockTime(o.since, status.timeZone)} (${o.reason})${every}`;
}

/**
 * The progress panel's line. While a cycle runs: its progress in plain words. Between cycles it
 * never says "Nothing running" beside records that are waiting: it says what waits and when the
 * next try is.
 */
export function activityLine(status: AppStatus, progress: SyncProgress | null, now = Date.now()): string {
  const running = status.sync === 'syncing';
  if (running && progress && progress.phase !== 'done') return progress.text ?? progressText(progress);
  if (running) return 'Syncing: checking Cliniko for changes';
  const waiting = status.counts.pending + status.counts.failed;
  const paused = status.sync === 'paused' || !!status.pausedUntil;
  const next = status.nextSyncAt ? `next sync ${until(status.nextSyncAt, now)}` : null;
  const down = (status.outages ?? []).map((o) => (o.service === 'cliniko' ? 'Cliniko' : 'Xero'));
  if (down.length > 0 && !paused) {
    const retry = status.nextSyncAt ? `trying again ${until(status.nextSyncAt, now)}` : 'will try again';
    const what = waiting > 0 ? `${countOf(waiting, 'record')} waiting — ` : '';
    return `${what}Waiting for ${down.join(' and ')} to answer — ${retry}`;
  }
  if (waiting > 0) {
    const what = `${countOf(waiting, 'record')} waiting to be sent to Xero`;
    if (paused) return `${what} — syncing is paused`;
    return next ? `${what} — ${next}` : `${what} at the next sync`;
  }
  if (paused) return 'Syncing is paused';
  if (status.lastSyncAt === null)
    return next ? `Waiting for the first sync — ${next}` : 'Waiting for the first sync';
  return next ? `Up to date — ${next}` : 'Up to date';
}
