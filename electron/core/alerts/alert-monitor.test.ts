// The alert monitor's batching and triggers, on a fake clock (the SMTP side is test/integration/alerts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppStatus } from '../../../shared/api.js';
import { defaultAlerts } from '../../../shared/settings-extras.js';
import { AlertMonitor } from './alert-monitor.js';
import type { AttentionRecord } from './digest.js';
import type { AlertEmail } from './mailer.js';

const HOUR = 3_600_000;

function status(over: Partial<AppStatus> = {}): AppStatus {
  return {
    health: 'synced',
    summary: 'All invoices synced.',
    sync: 'idle',
    cliniko: { connected: true, account: 'Clinic' },
    xero: { connected: true, tenantId: 't', tenantName: 'Demo Org', needsReconnect: false },
    counts: { synced: 1, pending: 0, failed: 0, needsAttention: 0 },
    lastSyncAt: null,
    nextSyncAt: null,
    pausedUntil: null,
    pauseReason: null,
    ...over,
  };
}

const rec = (id: number): AttentionRecord => ({
  id,
  sourceType: 'invoice',
  sourceId: String(id),
  invoiceNumber: `CL-${id}`,
  patientName: 'Ann Lee',
  lastError: `Invoice CL-${id}: Xero account 205 is archived. Choose another account in Mappings, then retry.`,
});

let sent: AlertEmail[];
let records: AttentionRecord[];
let st: AppStatus;
let saved: unknown;
let monitor: AlertMonitor;

function make(): AlertMonitor {
  return new AlertMonitor({
    alerts: () => ({
      ...defaultAlerts(),
      enabled: true,
      smtpHost: 'h',
      from: 'a@b.example',
      to: ['c@d.example'],
    }),
    status: () => Promise.resolve(st),
    attention: () => records,
    send: (e) => {
      sent.push(e);
      return Promise.resolve();
    },
    store: { load: () => saved, save: (s) => void (saved = structuredClone(s)) },
    fmtTime: (iso) => `local ${iso}`,
    now: () => Date.now(),
  });
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-01T00:00:00Z') });
  sent = [];
  records = [];
  st = status();
  saved = undefined;
  monitor = make();
});
afterEach(async () => {
  await monitor.close();
  vi.useRealTimers();
});

/** A check, then time passing (timers fire), then the queued work finishing. */
async function tick(ms: number): Promise<void> {
  await monitor.check();
  await vi.advanceTimersByTimeAsync(ms);
  await monitor.check();
}

describe('AlertMonitor', () => {
  it('a burst is one digest; news within the hour waits for the hour; recovery is one more message', async () => {
    records = Array.from({ length: 30 }, (_, i) => rec(i + 1));
    await tick(10_000);
    expect(sent).toHaveLength(0); // still gathering the burst (30 s)
    await tick(25_000);
    expect(sent.map((e) => e.subject)).toEqual(['clinic-xero-sync (Demo Org): 30 invoices need attention']);
    records = [...records, rec(31), rec(32)];
    for (let i = 0; i < 10; i++) await tick(5 * 60_000); // 50 minutes of retries
    expect(sent).toHaveLength(1);
    await tick(15 * 60_000);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.subject).toBe('clinic-xero-sync (Demo Org): 2 invoices need attention');
    expect(sent[1]?.text).toContain(
      '- Invoice CL-31 (Ann Lee): Invoice CL-31: Xero account 205 is archived.',
    );
    expect(sent[1]?.text).toContain('(32 in all)');
    records = [];
    await tick(1000);
    expect(sent.map((e) => e.subject)).toHaveLength(3);
    expect(sent[2]?.subject).toBe('clinic-xero-sync (Demo Org): all clear, syncing normally');
    await tick(HOUR);
    expect(sent).toHaveLength(3);
  });

  it('news that recovers before the digest goes out sends nothing at all', async () => {
    records = [rec(1)];
    await tick(5000);
    records = [];
    await tick(HOUR);
    expect(sent).toEqual([]);
  });

  it('reports a lost connection and a daily-limit pause, in the clinic time', async () => {
    st = status({
      xero: { connected: false, tenantId: 't', tenantName: 'Demo Org', needsReconnect: true },
    });
    await tick(31_000);
    expect(sent[0]?.subject).toBe('clinic-xero-sync (Demo Org): Xero connection lost');
    expect(sent[0]?.text).toContain('Reconnect Xero');
    st = status({
      pausedUntil: '2026-12-02T00:00:00.000Z',
      pauseReason: "Xero's daily limit for this organisation was reached",
    });
    await tick(HOUR);
    expect(sent[1]?.subject).toBe("clinic-xero-sync (Demo Org): paused at Xero's daily limit");
    expect(sent[1]?.text).toContain('Paused until local 2026-12-02T00:00:00.000Z.');
  });

  it('sync failing for over an hour is news; failing for less is not', async () => {
    monitor.cycleEnded({ ok: false });
    await tick(30 * 60_000);
    expect(sent).toEqual([]);
    monitor.cycleEnded({ ok: false });
    await tick(31 * 60_000);
    await tick(31_000);
    expect(sent.map((e) => e.subject)).toEqual(['clinic-xero-sync (Demo Org): sync failing']);
    monitor.cycleEnded({ ok: true });
    await tick(1000);
    expect(sent[1]?.subject).toMatch(/all clear/);
  });

  it('a restart does not repeat what was reported', async () => {
    records = [rec(1), rec(2)];
    await tick(31_000);
    expect(sent).toHaveLength(1);
    await monitor.close();
    monitor = make();
    await tick(2 * HOUR);
    expect(sent).toHaveLength(1);
  });

  it('what a process noticed but never sent (closed before the burst settled) is news for the next', async () => {
    records = [rec(1), rec(2)];
    await monitor.check();
    await monitor.close();
    expect(sent).toEqual([]);
    monitor = make();
    await tick(31_000);
    expect(sent.map((e) => e.subject)).toEqual(['clinic-xero-sync (Demo Org): 2 invoices need attention']);
  });

  it('a send that fails keeps the news and tries again after the hour, not on every check', async () => {
    let fail = true;
    const tries: AlertEmail[] = [];
    monitor = new AlertMonitor({
      alerts: () => ({
        ...defaultAlerts(),
        enabled: true,
        smtpHost: 'h',
        from: 'a@b.example',
        to: ['c@d.example'],
      }),
      status: () => Promise.resolve(st),
      attention: () => records,
      send: (e) => {
        tries.push(e);
        return fail ? Promise.reject(new Error('server down')) : (sent.push(e), Promise.resolve());
      },
      now: () => Date.now(),
    });
    records = [rec(1)];
    await tick(31_000);
    for (let i = 0; i < 5; i++) await tick(10 * 60_000);
    expect(tries).toHaveLength(1);
    fail = false;
    await tick(15 * 60_000);
    expect(tries).toHaveLength(2);
    expect(sent.map((e) => e.subject)).toEqual(['clinic-xero-sync (Demo Org): 1 invoice needs attention']);
  });

  it('turned off: nothing is sent', async () => {
    monitor = new AlertMonitor({
      alerts: () => defaultAlerts(),
      status: () => Promise.resolve(st),
      attention: () => [rec(1)],
      send: (e) => {
        sent.push(e);
        return Promise.resolve();
      },
    });
    await tick(2 * HOUR);
    expect(sent).toEqual([]);
  });
});
