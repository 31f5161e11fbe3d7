import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openLedger, type Ledger } from '../ledger/index.js';
import { toXeroHttpError } from './xero-error.js';
import {
  budgetKvKey,
  responseHeaders,
  scaledXeroLimits,
  XeroLimiter,
  XeroPausedError,
  type XeroLimiterOptions,
} from './limiter.js';

const T = 'TENANT-A';

/** xero-node's resolved shape. */
const ok = (headers: Record<string, string> = {}) => ({ response: { status: 200, headers }, body: {} });

/** xero-node's rejection: a JSON string. */
const rejection = (status: number, headers: Record<string, string>) =>
  JSON.stringify({ response: { statusCode: status, body: '', headers }, body: '' });

function limiter(opts: XeroLimiterOptions = {}): XeroLimiter {
  // Date.now and setTimeout are faked by vi.useFakeTimers: the clock is injected through them.
  return new XeroLimiter({ now: () => Date.now(), ...opts });
}

let dir = '';
let ledgers: Ledger[] = [];
function ledgerAt(file: string): Ledger {
  const l = openLedger(file, { clock: { now: () => new Date(Date.now()) } });
  ledgers.push(l);
  return l;
}

beforeEach(async () => {
  vi.useFakeTimers({ now: new Date('2026-03-02T00:00:00Z'), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  dir = await mkdtemp(path.join(os.tmpdir(), 'cxs-limiter-'));
});

afterEach(async () => {
  vi.useRealTimers();
  for (const l of ledgers.splice(0)) l.close();
  await rm(dir, { recursive: true, force: true });
});

describe('XeroLimiter', () => {
  it('never has more than 5 calls in flight per organisation, and organisations are independent', async () => {
    const l = limiter();
    let inFlight = 0;
    let peak = 0;
    const slow = () => async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 100));
      inFlight--;
      return ok();
    };
    const all = Array.from({ length: 12 }, () => l.schedule(T, slow()));
    let otherPeak = 0;
    let other = 0;
    const others = Array.from({ length: 5 }, () =>
      l.schedule('TENANT-B', async () => {
        other++;
        otherPeak = Math.max(otherPeak, other);
        await new Promise((r) => setTimeout(r, 100));
        other--;
        return ok();
      }),
    );
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all([...all, ...others]);
    expect(peak).toBe(5);
    expect(otherPeak).toBe(5); // B did not wait for A's queue
    expect(l.stats(T)).toEqual({ started: 12, maxInFlight: 5, rateLimited: 0 });
  });

  it('starts at most 60 calls in any rolling minute (injected clock)', async () => {
    const l = limiter();
    const startedAt: number[] = [];
    const t0 = Date.now();
    const calls = Array.from({ length: 130 }, () =>
      l.schedule(T, () => {
        startedAt.push(Date.now() - t0);
        return Promise.resolve(ok());
      }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(startedAt).toHaveLength(60);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(startedAt).toHaveLength(60);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(startedAt).toHaveLength(120);
    await vi.advanceTimersByTimeAsync(61_000);
    await Promise.all(calls);
    expect(startedAt).toHaveLength(130);
    // Whatever 60-second window you look at, at most 60 started in it.
    for (const s of startedAt)
      expect(startedAt.filter((x) => x >= s && x < s + 60_000).length).toBeLessThanOrEqual(60);
    expect(Math.max(...startedAt)).toBeLessThan(125_000);
  });

  it('is rolling, not fixed: a slot frees exactly one window after the call that used it', async () => {
    const l = limiter({ limits: { perMinute: 3, safetyMs: 0 } });
    const startedAt: number[] = [];
    const t0 = Date.now();
    const go = () =>
      l.schedule(T, () => {
        startedAt.push(Date.now() - t0);
        return Promise.resolve(ok());
      });
    void go();
    await vi.advanceTimersByTimeAsync(20_000);
    void go();
    void go();
    const fourth = go();
    await vi.advanceTimersByTimeAsync(40_500);
    await fourth;
    expect(startedAt).toEqual([0, 20_000, 20_000, 60_001]);
  });

  it('counts a call in the window from its end (it reached Xero somewhere before that), in-flight calls too', async () => {
    const l = limiter({ limits: { perMinute: 2, safetyMs: 0 } });
    const t0 = Date.now();
    const startedAt: number[] = [];
    const go = (ms: number) =>
      l.schedule(T, async () => {
        startedAt.push(Date.now() - t0);
        await new Promise((r) => setTimeout(r, ms));
        return ok();
      });
    const all = [go(5_000), go(0), go(0), go(0)];
    await vi.advanceTimersByTimeAsync(59_000);
    expect(startedAt).toEqual([0, 0]); // one done, one in flight: the window is full
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(all);
    expect(startedAt).toEqual([0, 0, 60_001, 65_001]);
  });

  it('reads the budget from X-DayLimit-Remaining / X-MinLimit-Remaining, stores it, and counts calls made elsewhere', async () => {
    const ledger = ledgerAt(path.join(dir, 'ledger.sqlite'));
    const l = limiter({ store: ledger });
    expect(l.budget(T)).toBeNull();
    await l.schedule(T, () =>
      Promise.resolve(ok({ 'X-DayLimit-Remaining': '4321', 'X-MinLimit-Remaining': '10' })),
    );
    expect(l.budget(T)).toMatchObject({ dayRemaining: 4321, minRemaining: 10 });
    expect(ledger.getKv(budgetKvKey(T))).toMatchObject({ dayRemaining: 4321, minRemaining: 10 });
    // Xero says 10 left this minute although we made one call: only 10 more start now.
    expect(l.windowFree(T)).toBe(10);
    let started = 0;
    const more = Array.from({ length: 12 }, () =>
      l.schedule(T, () => {
        started++;
        return Promise.resolve(ok());
      }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toBe(10);
    await vi.advanceTimersByTimeAsync(61_000);
    await Promise.all(more);
    expect(started).toBe(12);
    // A new limiter on the same ledger knows the last budget.
    expect(limiter({ store: ledger }).budget(T)).toMatchObject({ dayRemaining: 4321 });
  });

  it('keeps the budget in memory and writes it at most once a second, and at once on flush()', async () => {
    const ledger = ledgerAt(path.join(dir, 'ledger.sqlite'));
    const writes: unknown[] = [];
    const store = {
      setPause: ledger.setPause.bind(ledger),
      getPause: ledger.getPause.bind(ledger),
      clearPause: ledger.clearPause.bind(ledger),
      getKv: ledger.getKv.bind(ledger),
      setKv: (key: string, value: unknown) => {
        writes.push(value);
        ledger.setKv(key, value);
      },
    };
    const l = limiter({ store });
    const call = (day: number) => () => Promise.resolve(ok({ 'X-DayLimit-Remaining': String(day) }));
    for (let day = 5000; day > 4990; day--) await l.schedule(T, call(day));
    expect(writes).toHaveLength(1); // the first answer; the other nine within the same second wait
    expect(l.budget(T)?.dayRemaining).toBe(4991); // what the limiter itself uses is never behind
    await vi.advanceTimersByTimeAsync(1000);
    expect(writes).toHaveLength(2); // one write when the second is over, with the latest budget
    expect(ledger.getKv(budgetKvKey(T))).toMatchObject({ dayRemaining: 4991 });
    await vi.advanceTimersByTimeAsync(5000);
    expect(writes).toHaveLength(2); // nothing changed, nothing written
    await l.schedule(T, call(4990));
    await l.schedule(T, call(4989));
    expect(writes).toHaveLength(3);
    l.flush(); // closing: what is in memory goes to the store
    expect(writes).toHaveLength(4);
    expect(ledger.getKv(budgetKvKey(T))).toMatchObject({ dayRemaining: 4989 });
  });

  it('loses no 429 pause across a restart while budget writes are being held back', async () => {
    const file = path.join(dir, 'ledger.sqlite');
    let ledger = ledgerAt(file);
    const l = limiter({ store: ledger });
    await l.schedule(T, () => Promise.resolve(ok({ 'X-DayLimit-Remaining': '2' })));
    await vi.advanceTimersByTimeAsync(100);
    await l.schedule(T, () => Promise.resolve(ok({ 'X-DayLimit-Remaining': '1' })));
    await vi.advanceTimersByTimeAsync(100);
    // Within the same second: the daily 429 is written at once, with the budget that came with it.
    await expect(
      l.schedule(T, () =>
        Promise.reject(
          rejection(429, {
            'Retry-After': '3600',
            'X-Rate-Limit-Problem': 'day',
            'X-DayLimit-Remaining': '0',
          }),
        ),
      ),
    ).rejects.toBeInstanceOf(XeroPausedError);
    const until = Date.now() + 3_600_000;

    // "Restart" before any timer ran: the process dies, the file is reopened by a new limiter.
    ledger.close();
    ledgers = ledgers.filter((x) => x !== ledger);
    ledger = ledgerAt(file);
    const after = limiter({ store: ledger });
    expect(after.pausedUntil(T)?.until.getTime()).toBe(until);
    expect(after.budget(T)).toMatchObject({ dayRemaining: 0 });
    let sent = 0;
    await expect(
      after.schedule(T, () => {
        sent++;
        return Promise.resolve(ok());
      }),
    ).rejects.toBeInstanceOf(XeroPausedError);
    expect(sent).toBe(0);
  });

  it('follows Xero’s fixed window: when X-MinLimit-Remaining says a new window began, the old calls stop counting', async () => {
    const l = limiter();
    // A fake Xero with fixed windows starting at the first call after the previous one ended.
    let wStart = -Infinity;
    let count = 0;
    let refused = 0;
    const startedAt: number[] = [];
    const t0 = Date.now();
    const xero = () => {
      const now = Date.now();
      if (now - wStart >= 60_000) {
        wStart = now;
        count = 0;
      }
      if (count >= 60) {
        refused++;
        return Promise.reject(rejection(429, { 'Retry-After': '1', 'X-Rate-Limit-Problem': 'minute' }));
      }
      count++;
      startedAt.push(now - t0);
      return Promise.resolve(ok({ 'X-MinLimit-Remaining': String(60 - count) }));
    };
    await Promise.all(Array.from({ length: 30 }, () => l.schedule(T, xero)));
    await vi.advanceTimersByTimeAsync(30_000);
    await Promise.all(Array.from({ length: 30 }, () => l.schedule(T, xero)));
    const more = Array.from({ length: 40 }, () => l.schedule(T, xero));
    await vi.advanceTimersByTimeAsync(30_100);
    // A rolling window would allow only 30 before t = 90 s; Xero's new window allows them all.
    expect(startedAt.filter((t) => t >= 60_000)).toHaveLength(40);
    expect(Math.max(...startedAt)).toBeLessThan(60_200);
    await Promise.all(more);
    expect(refused).toBe(0);
  });

  it('a minute 429 pauses the organisation for Retry-After, then sends the same call again', async () => {
    const ledger = ledgerAt(path.join(dir, 'ledger.sqlite'));
    const pauses: string[] = [];
    const l = limiter({ store: ledger, onPause: (_t, p) => pauses.push(p.problem) });
    let attempts = 0;
    const p = l.schedule(T, () => {
      attempts++;
      return attempts === 1
        ? Promise.reject(
            rejection(429, {
              'Retry-After': '7',
              'X-Rate-Limit-Problem': 'minute',
              'X-MinLimit-Remaining': '0',
            }),
          )
        : Promise.resolve(ok());
    });
    let otherRan = false;
    await vi.advanceTimersByTimeAsync(10);
    const other = l.schedule(T, () => {
      otherRan = true;
      return Promise.resolve(ok());
    });
    await vi.advanceTimersByTimeAsync(6_000);
    expect(attempts).toBe(1);
    expect(otherRan).toBe(false); // the whole organisation waits
    expect(l.pausedUntil(T)?.problem).toBe('minute');
    await vi.advanceTimersByTimeAsync(61_500);
    await expect(p).resolves.toBeDefined();
    await other;
    expect(attempts).toBe(2);
    expect(pauses).toEqual(['minute']);
    expect(ledger.getPause(T)).toBeNull(); // short pauses are not persisted
    expect(l.stats(T).rateLimited).toBe(1);
  });

  it('a daily 429 pauses the organisation in the ledger; new calls are refused without sending, also after a restart, until it ends', async () => {
    const file = path.join(dir, 'ledger.sqlite');
    let ledger = ledgerAt(file);
    const l = limiter({ store: ledger });
    let sent = 0;
    const call = () => {
      sent++;
      return sent === 1
        ? Promise.reject(rejection(429, { 'Retry-After': '66975', 'X-Rate-Limit-Problem': 'day' }))
        : Promise.resolve(ok());
    };
    const first = l.schedule(T, call);
    await expect(first).rejects.toBeInstanceOf(XeroPausedError);
    expect(sent).toBe(1);
    const pause = ledger.getPause(T);
    expect(pause?.reason).toMatch(/daily limit/);
    expect(new Date(pause?.until ?? 0).getTime()).toBe(Date.now() + 66_975_000);
    await expect(l.schedule(T, call)).rejects.toThrow(/paused this organisation until/);
    expect(sent).toBe(1);

    // "Restart": close the ledger, reopen the file, new limiter.
    ledger.close();
    ledgers = ledgers.filter((x) => x !== ledger);
    ledger = ledgerAt(file);
    const after = limiter({ store: ledger });
    expect(after.pausedUntil(T)?.until.getTime()).toBe(Date.now() + 66_975_000);
    await expect(after.schedule(T, call)).rejects.toBeInstanceOf(XeroPausedError);
    expect(sent).toBe(1);

    vi.setSystemTime(Date.now() + 66_975_000 + 1);
    expect(after.pausedUntil(T)).toBeNull();
    await expect(after.schedule(T, call)).resolves.toBeDefined();
    expect(sent).toBe(2);
  });

  it('a pause shorter than maxWaitMs is waited out, a longer one is not; 429s are bounded', async () => {
    const l = limiter({ maxWaitMs: 5_000, max429Retries: 2 });
    let sent = 0;
    const always429 = () => {
      sent++;
      return Promise.reject(rejection(429, { 'Retry-After': '1', 'X-Rate-Limit-Problem': 'concurrent' }));
    };
    const p = l.schedule(T, always429);
    const caught = p.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5_000);
    const err = await caught;
    expect(typeof err).toBe('string'); // the last 429 itself, as xero-node rejected it
    expect(sent).toBe(3);
  });

  it('understands a 429 already wrapped as XeroHttpError (the gateway’s withAccounting)', async () => {
    const l = limiter({ maxWaitMs: 1000 });
    const wrapped = toXeroHttpError(rejection(429, { 'Retry-After': '3600', 'X-Rate-Limit-Problem': 'day' }));
    await expect(l.schedule(T, () => Promise.reject(wrapped))).rejects.toBeInstanceOf(XeroPausedError);
    expect(l.pausedUntil(T)?.problem).toBe('day');
  });

  it('reads headers from axios-style responses and plain objects', () => {
    expect(responseHeaders(ok({ 'X-DayLimit-Remaining': '5' }))).toEqual({ 'x-daylimit-remaining': '5' });
    expect(responseHeaders({ response: { headers: new Headers({ 'X-MinLimit-Remaining': '3' }) } })).toEqual({
      'x-minlimit-remaining': '3',
    });
    expect(responseHeaders(null)).toEqual({});
  });

  it('scales the window for a simulator whose clock runs faster', () => {
    expect(scaledXeroLimits(60)).toMatchObject({
      windowMs: 1000,
      perMinute: 60,
      concurrent: 5,
      safetyMs: 2,
    });
    expect(scaledXeroLimits(1)).toMatchObject({ windowMs: 60_000, safetyMs: 50 });
  });
});
