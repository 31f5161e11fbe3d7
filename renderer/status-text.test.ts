import { describe, expect, it } from 'vitest';
import type { AppStatus } from '../shared/api';
import { progressText } from '../shared/progress-text';
import { activityLine, ago, outageLine, until } from './status-text';

const now = Date.parse('2026-12-07T23:50:00Z');
const base: AppStatus = {
  health: 'syncing',
  summary: '',
  sync: 'idle',
  cliniko: { connected: true, account: 'Clinic' },
  xero: { connected: true, tenantId: 't', tenantName: 'Org', needsReconnect: false },
  counts: { synced: 0, pending: 646, failed: 0, needsAttention: 0 },
  lastSyncAt: '2026-12-07T23:49:58Z',
  nextSyncAt: '2026-12-07T23:50:25Z',
  pausedUntil: null,
  pauseReason: null,
  retryEverySeconds: 30,
  timeZone: 'Australia/Sydney',
};

describe('status words', () => {
  it('never puts a past event in the future tense', () => {
    expect(ago('2026-12-07T23:50:00Z', now)).toBe('just now');
    expect(ago('2026-12-07T23:50:01Z', now)).toBe('just now'); // a second of clock skew
    expect(ago('2026-12-07T23:49:00Z', now)).toBe('1 minute ago');
    expect(ago('2026-12-07T21:50:00Z', now)).toBe('2 hours ago');
    expect(until('2026-12-07T23:50:25Z', now)).toBe('in 25 s');
    expect(until('2026-12-07T23:49:59Z', now)).toBe('any moment now');
  });

  it('never says "Nothing running" beside records that wait', () => {
    expect(activityLine(base, null, now)).toBe('646 records waiting to be sent to Xero — next sync in 25 s');
    expect(activityLine({ ...base, counts: { ...base.counts, pending: 1 } }, null, now)).toBe(
      '1 record waiting to be sent to Xero — next sync in 25 s',
    );
    expect(activityLine({ ...base, counts: { ...base.counts, pending: 0 } }, null, now)).toBe(
      'Up to date — next sync in 25 s',
    );
    expect(
      activityLine({ ...base, counts: { ...base.counts, pending: 0 }, lastSyncAt: null }, null, now),
    ).toBe('Waiting for the first sync — next sync in 25 s');
  });

  it('speaks of progress in plain words, not internal phases', () => {
    const p = { phase: 'invoices', done: 88, total: 400, etaSeconds: 360 };
    expect(progressText(p)).toBe('Sending 312 invoices to Xero — about 6 min left');
    expect(activityLine({ ...base, sync: 'syncing' }, p, now)).toBe(
      'Sending 312 invoices to Xero — about 6 min left',
    );
    expect(progressText({ phase: 'reading', done: 6, total: 8, etaSeconds: null })).toBe(
      'Checking Cliniko for new and changed invoices',
    );
    expect(progressText({ phase: 'payments', done: 0, total: 1, etaSeconds: 20 })).toBe(
      'Sending 1 payment to Xero — less than a minute left',
    );
  });

  it("names an outage on its connection card, in the clinic's time", () => {
    const s = {
      ...base,
      outages: [
        { service: 'xero' as const, since: '2026-12-07T23:42:00Z', reason: 'Xero answered HTTP 503' },
      ],
    };
    expect(outageLine(s, 'xero')).toBe(
      "Can't reach Xero since 10:42 (Xero answered HTTP 503) — retrying every 30 s",
    );
    expect(outageLine(s, 'cliniko')).toBeNull();
    // Never "Up to date" while a service cannot be reached.
    expect(activityLine({ ...s, counts: { ...s.counts, pending: 0 } }, null, now)).toBe(
      'Waiting for Xero to answer — trying again in 25 s',
    );
  });
});
