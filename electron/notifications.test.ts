import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UiNavigate } from '../shared/api.js';
import { status } from '../test/electron/fakes.js';
import { EventBus } from './core/event-bus.js';
import {
  ATTENTION_FILTER,
  createStatusNotifier,
  electronNoticeShower,
  type Notice,
  type StatusNotifier,
} from './notifications.js';

let shown: Notice[];
let notifier: StatusNotifier;
let enabled: boolean;
const bus = new EventBus();

beforeEach(() => {
  vi.useFakeTimers();
  shown = [];
  enabled = true;
  notifier = createStatusNotifier({
    show: (n) => shown.push(n),
    enabled: () => enabled,
    settleMs: 2_000,
    minIntervalMs: 60_000,
  });
  bus.on('status.changed', (s) => notifier.onStatus(s));
});
afterEach(() => {
  notifier.dispose();
  vi.useRealTimers();
});

const attention = (n: number, over: Parameters<typeof status>[0] = {}) =>
  status({ ...over, counts: { needsAttention: n, ...over.counts } });

describe('status notifications', () => {
  it('coalesces a burst of rising counts into one notice with the final count', () => {
    for (let n = 1; n <= 5; n++) bus.emit('status.changed', attention(n));
    expect(shown).toHaveLength(0);
    vi.advanceTimersByTime(2_000);
    expect(shown).toEqual([
      {
        title: '5 invoices need attention',
        body: 'They could not be sent to Xero as they are. Click to see them in the sync log.',
        navigate: ATTENTION_FILTER,
      },
    ]);
  });

  it('never notifies per retry: the same count coming back, pending and failed changes are not news', () => {
    bus.emit('status.changed', attention(2));
    vi.advanceTimersByTime(2_000);
    expect(shown).toHaveLength(1);
    for (let i = 0; i < 50; i++) {
      bus.emit('status.changed', attention(2, { sync: 'syncing', counts: { failed: i % 3, pending: i } }));
      vi.advanceTimersByTime(10_000);
    }
    expect(shown).toHaveLength(1);
  });

  it('notifies again only when the count rises above what was last told, at most once a minute', () => {
    bus.emit('status.changed', attention(2));
    vi.advanceTimersByTime(2_000);
    bus.emit('status.changed', attention(3));
    vi.advanceTimersByTime(2_000);
    expect(shown).toHaveLength(1); // within the minimum interval: deferred, not dropped
    bus.emit('status.changed', attention(4));
    vi.advanceTimersByTime(60_000);
    expect(shown.map((n) => n.title)).toEqual([
      '2 invoices need attention',
      '2 more invoices need attention',
    ]);
    expect(shown[1]?.body).toContain('4 invoices in all');
  });

  it('lowers the mark when problems are fixed, so a new one later is news', () => {
    bus.emit('status.changed', attention(3));
    vi.advanceTimersByTime(2_000);
    bus.emit('status.changed', attention(0));
    vi.advanceTimersByTime(120_000);
    bus.emit('status.changed', attention(1));
    vi.advanceTimersByTime(2_000);
    expect(shown.map((n) => n.title)).toEqual(['3 invoices need attention', '1 invoice needs attention']);
  });

  it('tells once when the Xero connection is lost, and again only after a reconnect', () => {
    const lost = status({ xero: { connected: false, needsReconnect: true } });
    bus.emit('status.changed', lost);
    bus.emit('status.changed', lost);
    vi.advanceTimersByTime(2_000);
    bus.emit('status.changed', lost);
    vi.advanceTimersByTime(120_000);
    expect(shown).toEqual([
      {
        title: 'Xero connection lost',
        body: 'Reconnect Xero to resume syncing.',
        navigate: { screen: 'log' },
      },
    ]);
    bus.emit('status.changed', status());
    bus.emit('status.changed', lost);
    vi.advanceTimersByTime(2_000);
    expect(shown).toHaveLength(2);
  });

  it('does not tell "Xero connection lost" for an outage (Cliniko not answering)', () => {
    bus.emit(
      'status.changed',
      status({
        outages: [
          { service: 'cliniko', since: '2026-12-07T23:42:00.000Z', reason: 'no connection to Cliniko' },
        ],
      }),
    );
    vi.advanceTimersByTime(120_000);
    expect(shown).toEqual([]);
  });

  it('does not notify a loss that heals within the settle window', () => {
    bus.emit('status.changed', status({ xero: { connected: false, needsReconnect: true } }));
    bus.emit('status.changed', status());
    vi.advanceTimersByTime(10_000);
    expect(shown).toHaveLength(0);
  });

  it('stays silent when the setting is off, without piling notices up for later', () => {
    enabled = false;
    bus.emit('status.changed', attention(4));
    vi.advanceTimersByTime(2_000);
    enabled = true;
    bus.emit('status.changed', attention(4));
    vi.advanceTimersByTime(120_000);
    expect(shown).toHaveLength(0);
  });
});

describe('electron notice shower', () => {
  it('shows a Notification and sends a click to the sync log filter', () => {
    const created: FakeNotification[] = [];
    class FakeNotification {
      static isSupported = (): boolean => true;
      readonly handlers = new Map<string, () => void>();
      shown = false;
      constructor(readonly options: { title: string; body: string; icon?: string }) {
        created.push(this);
      }
      show(): void {
        this.shown = true;
      }
      on(event: 'click' | 'close', l: () => void): this {
        this.handlers.set(event, l);
        return this;
      }
    }
    const clicks: UiNavigate[] = [];
    const show = electronNoticeShower(
      { Notification: FakeNotification },
      { icon: '/i.png', onClick: (n) => clicks.push(n) },
    );
    show({ title: 'T', body: 'B', navigate: ATTENTION_FILTER });
    expect(created[0]?.options).toEqual({ title: 'T', body: 'B', icon: '/i.png' });
    expect(created[0]?.shown).toBe(true);
    created[0]?.handlers.get('click')?.();
    expect(clicks).toEqual([{ screen: 'log', filter: { state: 'needs_attention' } }]);
  });
});
