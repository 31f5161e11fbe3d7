import { describe, expect, it } from 'vitest';
import { ClinikoHttpError } from '../cliniko/http-client.js';
import { XeroHttpError } from '../xero/xero-error.js';
import { OutageTracker, outageReason } from './outages.js';

const timeout = new ClinikoHttpError('network', null, 'Could not reach Cliniko at http://x (ECONNABORTED).');

describe('OutageTracker', () => {
  it('starts an outage at the first failed call and ends it after a cycle in which the service answered', () => {
    let now = new Date('2026-12-07T23:42:00Z');
    const t = new OutageTracker(() => now);
    let changes = 0;
    t.onChange = () => changes++;
    t.cycleStarted();
    t.report('cliniko');
    t.report('cliniko', timeout);
    // Shown at once, not at the end of the cycle.
    expect(t.outages).toEqual([
      { service: 'cliniko', since: '2026-12-07T23:42:00.000Z', reason: 'Cliniko did not answer in time' },
    ]);
    expect(changes).toBe(1);
    t.cycleEnded(timeout);
    expect(t.cycleFailure).toBeNull(); // the outage says it all

    now = new Date('2026-12-07T23:42:30Z');
    t.cycleStarted();
    t.report('cliniko', timeout);
    t.cycleEnded(timeout);
    expect(t.outages[0]?.since).toBe('2026-12-07T23:42:00.000Z'); // since the first failure

    t.cycleStarted();
    t.report('cliniko');
    expect(t.outages).toHaveLength(1); // not over until the cycle is
    t.cycleEnded();
    expect(t.outages).toEqual([]);
  });

  it('counts no answer, 5xx and 429 as outages; a 400 or 401 is an answer', () => {
    expect(outageReason('cliniko', new ClinikoHttpError('http', 503, 'Cliniko answered HTTP 503'))).toBe(
      'Cliniko answered HTTP 503',
    );
    expect(outageReason('cliniko', new ClinikoHttpError('rate_limited', 429, 'x'))).toMatch(/429/);
    expect(outageReason('cliniko', new ClinikoHttpError('http', 400, 'x'))).toBeNull();
    expect(outageReason('cliniko', new ClinikoHttpError('unauthorized', 401, 'x'))).toBeNull();
    const xero = (status: number | null, message = 'x') =>
      new XeroHttpError({ status, body: null, headers: {}, message });
    expect(outageReason('xero', xero(500))).toBe('Xero answered HTTP 500');
    expect(outageReason('xero', xero(429))).toMatch(/limiting/);
    expect(outageReason('xero', xero(null, 'Could not reach Xero (ECONNREFUSED)'))).toBe(
      'no connection to Xero',
    );
    expect(outageReason('xero', xero(400))).toBeNull();
  });

  it('keeps a cycle that failed for another reason, until a cycle succeeds', () => {
    const t = new OutageTracker(() => new Date('2026-12-07T23:42:00Z'));
    t.cycleStarted();
    t.cycleEnded(new Error('Settings incomplete'));
    expect(t.cycleFailure).toEqual({ at: '2026-12-07T23:42:00.000Z', message: 'Settings incomplete' });
    t.cycleStarted();
    t.cycleEnded();
    expect(t.cycleFailure).toBeNull();
  });
});
