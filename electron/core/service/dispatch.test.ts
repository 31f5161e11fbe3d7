import { describe, expect, it } from 'vitest';
import { ApiError } from '../api-error.js';
import { dispatch, type Handlers } from './dispatch.js';
import { describeStatus } from './status.js';

const status = describeStatus({
  sync: 'idle',
  cliniko: { connected: false, account: null },
  xero: { connected: false, tenantId: null, tenantName: null, needsReconnect: false },
  counts: { synced: 0, pending: 0, failed: 0, needsAttention: 0 },
  lastSyncAt: null,
  nextSyncAt: null,
  pausedUntil: null,
  pauseReason: null,
});

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'app.info': () =>
      Promise.resolve({
        name: 'clinic-xero-sync',
        version: '1',
        mode: 'cli',
        dataDir: '/d',
        secretStore: 'file',
      }),
    'app.status': () => Promise.resolve(status),
    ...overrides,
  } as Handlers;
}

describe('dispatch', () => {
  it('keeps a user-facing ApiError message and hides internal errors', async () => {
    const user = await dispatch(
      handlers({ 'app.info': () => Promise.reject(new ApiError('locked', 'Settings are locked.')) }),
      'app.info',
      {},
    );
    expect(user).toEqual({ ok: false, error: { code: 'locked', message: 'Settings are locked.' } });
    const seen: string[] = [];
    const internal = await dispatch(
      handlers({ 'app.info': () => Promise.reject(new Error('token=abc leaked')) }),
      'app.info',
      {},
      (m) => seen.push(m),
    );
    expect(internal.ok).toBe(false);
    expect(JSON.stringify(internal)).not.toContain('abc');
    expect(seen).toEqual(['app.info']);
  });

  it('refuses names that are not methods, including prototype keys', async () => {
    for (const name of ['toString', '__proto__', 'constructor', 42, null]) {
      expect(await dispatch(handlers(), name, {})).toMatchObject({
        ok: false,
        error: { code: 'unknown_method' },
      });
    }
  });
});

describe('describeStatus', () => {
  it('asks for setup first, then shows attention and disconnection', () => {
    expect(status.health).toBe('setup');
    const connected = {
      ...status,
      cliniko: { connected: true, account: 'Clinic' },
      xero: { connected: true, tenantId: 't', tenantName: 'Org', needsReconnect: false },
      lastSyncAt: '2026-12-07T09:00:00.000Z',
    };
    expect(describeStatus(connected).health).toBe('synced');
    expect(describeStatus({ ...connected, counts: { ...connected.counts, needsAttention: 3 } }).summary).toBe(
      '3 invoices need attention.',
    );
    expect(
      describeStatus({ ...connected, xero: { ...connected.xero, connected: false, needsReconnect: true } })
        .health,
    ).toBe('disconnected');
  });
});
