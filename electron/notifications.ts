/**
 * Desktop notifications, only for news: invoices *newly* needing attention (the count rose above
 * the last value we told the user about) or the Xero connection being lost. Status events come in
 * bursts during a sync and on every retry, so they are coalesced: the first change that deserves a
 * notice opens a short settle window, the state at its end is what gets shown, and at most one
 * notice is shown per `minIntervalMs`. Clicking a notice opens the sync log filtered to the problem.
 */
import type { AppStatus, UiNavigate } from '../shared/api.js';

export type Notice = { title: string; body: string; navigate: UiNavigate };

export type Timers = {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

export type StatusNotifierOptions = {
  show: (notice: Notice) => void;
  /** The `notifications` setting; when off, changes are acknowledged silently. */
  enabled?: () => boolean;
  /** How long a burst of status events is gathered before a notice (default 3 s). */
  settleMs?: number;
  /** At most one notice per this many ms (default 5 min). */
  minIntervalMs?: number;
  now?: () => number;
  timers?: Timers;
};

export type StatusNotifier = { onStatus(status: AppStatus): void; dispose(): void };

export const ATTENTION_FILTER: UiNavigate = { screen: 'log', filter: { state: 'needs_attention' } };

// Only a lost Xero connection (reconnect needed): an outage also shows as "disconnected" in the
// tray, but "Reconnect Xero" would be the wrong advice for a Cliniko or Xero that does not answer.
const lost = (s: AppStatus): boolean => s.xero.needsReconnect;

function invoices(n: number): string {
  return `${n} ${n === 1 ? 'invoice' : 'invoices'}`;
}

export function attentionNotice(count: number, previous: number): Notice {
  const added = count - previous;
  return {
    title:
      previous > 0
        ? `${added} more ${added === 1 ? 'invoice needs' : 'invoices need'} attention`
        : `${count} ${count === 1 ? 'invoice needs' : 'invoices need'} attention`,
    body:
      previous > 0
        ? `${invoices(count)} in all could not be sent to Xero. Click to see them in the sync log.`
        : 'They could not be sent to Xero as they are. Click to see them in the sync log.',
    navigate: ATTENTION_FILTER,
  };
}

export function createStatusNotifier(opts: StatusNotifierOptions): StatusNotifier {
  const settleMs = opts.settleMs ?? 3_000;
  const minIntervalMs = opts.minIntervalMs ?? 5 * 60_000;
  const now = opts.now ?? (() => Date.now());
  const timers: Timers = opts.timers ?? {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const enabled = opts.enabled ?? (() => true);

  /** The needs-attention count the user last heard about (lowered when problems are fixed). */
  let toldAttention = 0;
  /** Whether the user has been told about the current loss of the Xero connection. */
  let toldLost = false;
  let latest: AppStatus | null = null;
  let timer: unknown = null;
  let lastShownAt = Number.NEGATIVE_INFINITY;

  const isNews = (s: AppStatus): boolean => s.counts.needsAttention > toldAttention || (lost(s) && !toldLost);

  const flush = (): void => {
    timer = null;
    const s = latest;
    if (!s || !isNews(s)) return;
    const wait = lastShownAt + minIntervalMs - now();
    if (wait > 0) {
      timer = timers.setTimeout(flush, wait);
      return;
    }
    const count = s.counts.needsAttention;
    const attention = count > toldAttention ? attentionNotice(count, toldAttention) : null;
    const xeroLost = lost(s) && !toldLost;
    toldAttention = Math.max(toldAttention, count);
    toldLost = toldLost || xeroLost;
    if (!enabled()) return;
    lastShownAt = now();
    if (xeroLost) {
      opts.show({
        title: 'Xero connection lost',
        body: `Reconnect Xero to resume syncing.${attention ? ` ${attention.title}.` : ''}`,
        navigate: attention ? ATTENTION_FILTER : { screen: 'log' },
      });
    } else if (attention) {
      opts.show(attention);
    }
  };

  return {
    onStatus(s) {
      latest = s;
      // Fixed problems lower the mark, so a new one later is news again; a reconnect re-arms the loss notice.
      if (s.counts.needsAttention < toldAttention) toldAttention = s.counts.needsAttention;
      if (!lost(s)) toldLost = false;
      if (timer === null && isNews(s)) timer = timers.setTimeout(flush, settleMs);
    },
    dispose() {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
  };
}

/** The slice of Electron's Notification class used here. */
export type NotificationElectron = {
  Notification: {
    new (options: { title: string; body: string; icon?: string }): {
      show(): void;
      on(event: 'click' | 'close', listener: () => void): unknown;
    };
    isSupported(): boolean;
  };
};

/**
 * Shows a notice with Electron's Notification; a click calls `onClick` with where to go. Shown
 * notifications are kept referenced until clicked or closed: a collected one loses its click handler.
 */
export function electronNoticeShower(
  electron: NotificationElectron,
  opts: { icon?: string; onClick: (navigate: UiNavigate) => void },
): (notice: Notice) => void {
  const alive = new Set<object>();
  return (notice) => {
    if (!electron.Notification.isSupported()) return;
    const n = new electron.Notification({ title: notice.title, body: notice.body, icon: opts.icon });
    alive.add(n);
    n.on('click', () => {
      alive.delete(n);
      opts.onClick(notice.navigate);
    });
    n.on('close', () => alive.delete(n));
    n.show();
  };
}
