import { describe, expect, it } from 'vitest';
import { describeStatus, type StatusInputs } from './status.js';

/** Connected to both, settings complete, one cycle finished, nothing waiting. */
const synced: StatusInputs = {
  sync: 'idle',
  cliniko: { connected: true, account: 'Harbour Physio' },
  xero: { connected: true, tenantId: 't', tenantName: 'Org', needsReconnect: false },
  counts: { synced: 40, pending: 0, failed: 0, needsAttention: 0 },
  lastSyncAt: '2026-12-07T23:30:00.000Z',
  nextSyncAt: null,
  pausedUntil: null,
  pauseReason: null,
  settingsReady: true,
  retryEverySeconds: 30,
  timeZone: 'Australia/Sydney',
  outages: [],
  lastCycleError: null,
};

describe('describeStatus: the status says what is true', () => {
  it('says "All invoices synced." only after a whole cycle, with nothing waiting and nothing failing', () => {
    expect(describeStatus(synced)).toMatchObject({ health: 'synced', summary: 'All invoices synced.' });
  });

  it('during setup, before anything synced, never says "All invoices synced."', () => {
    const settingUp = describeStatus({
      ...synced,
      settingsReady: false,
      lastSyncAt: null,
      counts: { ...synced.counts, synced: 0 },
    });
    expect(settingUp.health).toBe('setup');
    expect(settingUp.summary).toBe('Choose the default accounts in Setup to start syncing.');
    const ready = describeStatus({ ...synced, lastSyncAt: null, counts: { ...synced.counts, synced: 0 } });
    expect(ready).toMatchObject({ health: 'syncing', summary: 'Waiting for the first sync.' });
    const first = describeStatus({ ...synced, sync: 'syncing', lastSyncAt: null });
    expect(first.summary).toBe('First sync in progress.');
  });

  it("names an outage with the time in the clinic's zone and how often it retries", () => {
    const s = describeStatus({
      ...synced,
      outages: [
        { service: 'cliniko', since: '2026-12-07T23:42:10.000Z', reason: 'Cliniko did not answer in time' },
      ],
    });
    expect(s.health).toBe('disconnected');
    // 23:42 UTC is 10:42 in Sydney (AEDT, UTC+11).
    expect(s.summary).toBe(
      "Can't reach Cliniko since 10:42 (Cliniko did not answer in time) — retrying every 30 s.",
    );
    const both = describeStatus({
      ...synced,
      outages: [
        { service: 'xero', since: '2026-12-07T23:50:00.000Z', reason: 'Xero answered HTTP 503' },
        { service: 'cliniko', since: '2026-12-07T23:42:00.000Z', reason: 'no connection to Cliniko' },
      ],
    });
    expect(both.summary).toBe("Can't reach Cliniko or Xero since 10:42 — retrying every 30 s.");
  });

  it('never says "All invoices synced." after a failed cycle', () => {
    const s = describeStatus({
      ...synced,
      lastCycleError: { at: '2026-12-07T23:44:00.000Z', message: 'Settings file is damaged' },
    });
    expect(s.health).toBe('attention');
    expect(s.summary).toBe('The last sync failed at 10:44: Settings file is damaged — retrying every 30 s.');
  });

  it("says when a pause ends in the clinic's time, with the day when it is not today", () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    const s = describeStatus({ ...synced, pausedUntil: soon, pauseReason: 'Xero minute limit' });
    // (With the day only if that minute is past the clinic's midnight.)
    expect(s.summary).toMatch(/^Paused until (\w{3} \d{1,2} \w{3} )?\d\d:\d\d: Xero minute limit\.$/);
    const later = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const t = describeStatus({ ...synced, pausedUntil: later, pauseReason: 'Xero daily limit' });
    expect(t.summary).toMatch(/^Paused until \w{3} \d{1,2} \w{3} \d\d:\d\d: Xero daily limit\.$/);
  });

  it('uses the right plural', () => {
    const one = describeStatus({ ...synced, counts: { ...synced.counts, pending: 1 } });
    expect(one.summary).toBe('Syncing: 1 record to send.');
    const many = describeStatus({ ...synced, counts: { ...synced.counts, pending: 1200, failed: 34 } });
    expect(many.summary).toBe('Syncing: 1,234 records to send.');
    const attention = describeStatus({ ...synced, counts: { ...synced.counts, needsAttention: 1 } });
    expect(attention.summary).toBe('1 invoice needs attention.');
  });
});
