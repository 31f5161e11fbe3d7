import { afterEach, describe, expect, it, vi } from 'vitest';
import { startClinikoSim, type ClinikoSim } from '../../../test/simulators/cliniko/index.js';
import { ClinikoClient } from './http-client.js';
import { ClinikoRateLimiter, clinikoLimiterFor } from './limiter.js';

const sims: ClinikoSim[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

describe('ClinikoRateLimiter', () => {
  it('lets at most perMinute requests start in any rolling window, in order', async () => {
    vi.useFakeTimers({ now: 0, toFake: ['Date', 'setTimeout'] });
    const l = new ClinikoRateLimiter({ perMinute: 200 });
    const at: number[] = [];
    const all = Array.from({ length: 450 }, (_, i) =>
      l.acquire().then(() => {
        at.push(Date.now());
        return i;
      }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(at).toHaveLength(200);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(at).toHaveLength(200);
    await vi.advanceTimersByTimeAsync(2);
    expect(at).toHaveLength(400);
    await vi.advanceTimersByTimeAsync(61_000);
    expect(await Promise.all(all)).toEqual(Array.from({ length: 450 }, (_, i) => i));
    for (const t of at) expect(at.filter((x) => x >= t && x < t + 60_000).length).toBeLessThanOrEqual(200);
  });

  it('a 429 holds every request of the key until the reset', async () => {
    vi.useFakeTimers({ now: 0, toFake: ['Date', 'setTimeout'] });
    const l = new ClinikoRateLimiter();
    await l.acquire();
    l.holdFor(5_000);
    let done = false;
    const next = l.acquire().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    await next;
    expect(l.waited).toBe(1);
  });

  it('one limiter per key in the process; CXS_CLINIKO_RATE_LIMIT sets the rate', () => {
    const a = clinikoLimiterFor('k-test-1-au1', { CXS_CLINIKO_RATE_LIMIT: '1000' });
    expect(clinikoLimiterFor('k-test-1-au1')).toBe(a);
    expect(a.perMinute).toBe(1000);
    expect(clinikoLimiterFor('k-test-2-au1', {}).perMinute).toBe(200);
  });

  it('keeps a ClinikoClient under the simulator’s limit: no 429 at all (and without it there are 429s)', async () => {
    // The simulator's clock runs 50× faster: its 60-second window lasts 1.2 s of real time. The
    // limiter's window is twice that, so a request held up by a busy machine still lands in time.
    const t0 = Date.now();
    const sim = await startClinikoSim({
      seed: { invoices: 3 },
      rateLimitPerMinute: 3,
      now: () => new Date(t0 + (Date.now() - t0) * 50),
    });
    sims.push(sim);
    const limited = new ClinikoClient({
      apiKey: sim.apiKey,
      baseUrl: sim.url,
      limiter: new ClinikoRateLimiter({ perMinute: 3, windowMs: 2_400 }),
      maxRateLimitRetries: 0,
    });
    const started = Date.now();
    for (let i = 0; i < 7; i++) await limited.get('/user');
    expect(sim.requests.filter((r) => r.status === 429)).toHaveLength(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_800);

    sim.resetRequestLog();
    await new Promise((r) => setTimeout(r, 1_300));
    const unlimited = new ClinikoClient({ apiKey: sim.apiKey, baseUrl: sim.url, maxRateLimitRetries: 0 });
    await expect(
      (async () => {
        for (let i = 0; i < 7; i++) await unlimited.get('/user');
      })(),
    ).rejects.toThrow(/rate-limiting/);
  });
});
