import { describe, expect, it } from 'vitest';
import { callsFor, callsNeeded, etaSeconds } from './eta.js';

const budget = {
  perMinute: 60,
  windowMs: 60_000,
  windowFree: 60,
  dayRemaining: 5000,
  pausedMs: 0,
  secondsPerCall: 0,
};

describe('eta from the call budget', () => {
  it('counts full batches of 50', () => {
    expect(callsFor(0)).toBe(0);
    expect(callsFor(1)).toBe(1);
    expect(callsFor(50)).toBe(1);
    expect(callsFor(51)).toBe(2);
    // 2,000 invoices, 400 contacts, 1,400 payments: 40 + 8 + 28
    expect(callsNeeded({ invoices: 2000, contacts: 400, payments: 1400 })).toBe(76);
  });

  it('what fits the current window is immediate, the rest takes whole windows', () => {
    expect(etaSeconds(0, budget)).toBe(0);
    expect(etaSeconds(60, budget)).toBe(0);
    expect(etaSeconds(61, budget)).toBe(60);
    expect(etaSeconds(76, { ...budget, windowFree: 10 })).toBe(120);
    expect(etaSeconds(76, { ...budget, windowMs: 6_000 })).toBe(6); // a simulator 10× faster
  });

  it('adds a pause and a day when the daily budget is short', () => {
    expect(etaSeconds(10, { ...budget, pausedMs: 3_600_000 })).toBe(3600);
    expect(etaSeconds(10, { ...budget, dayRemaining: 5 })).toBe(86_400);
  });
});
