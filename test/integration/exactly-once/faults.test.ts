import { afterEach, describe, expect, it } from 'vitest';
import {
  apiCalls,
  cleanup,
  duplicatesIn,
  fingerprint,
  noDuplicates,
  runCli,
  startWorld,
  summaryOf,
  type WorldOptions,
} from './harness.js';

afterEach(cleanup);

const INVOICES = 150;
/** A simulated Xero minute lasts one real second; retries start after ~0.2 s instead of ~30 s. */
const base: WorldOptions = { invoices: INVOICES, seed: 11, xero: { timeScale: 60 } };
const fast = { CXS_RETRY_BASE_MS: '200' };

describe('faults on both simulators: the final Xero state equals the fault-free one, with no duplicate', () => {
  it('429s with Retry-After, 503s, 500s, resets after commit, latency on Xero; 429s on Cliniko', async () => {
    const clean = await startWorld(base);
    const ref = await runCli(['sync', '--once', '--json'], clean.env, { extraEnv: fast });
    expect(ref.code).toBe(0);
    const want = fingerprint(clean.xero);
    expect(want.invoices.length).toBeGreaterThan(100);
    expect(want.payments.length).toBeGreaterThan(50);

    // Cliniko: 5 requests per simulated minute, and its clock runs 60× faster but an hour behind, so
    // its X-RateLimit-Reset is already past when the client reads it (the client waits its minimum).
    const t0 = Date.now();
    const faulty = await startWorld({
      ...base,
      cliniko: { rateLimitPerMinute: 5, now: () => new Date(t0 - 3_600_000 + (Date.now() - t0) * 60) },
    });
    const x = faulty.xero;
    x.faults.setLatency(25);
    x.faults.rateLimitNext('minute', 1);
    x.faults.rateLimitNext('minute', 1);
    x.faults.failNext(2, 503, { method: 'PUT', pathPrefix: '/api.xro/2.0/Invoices' });
    x.faults.failNext(1, 500, { method: 'PUT', pathPrefix: '/api.xro/2.0/Payments' });
    x.faults.failNext(1, 503, { method: 'PUT', pathPrefix: '/api.xro/2.0/Contacts' });
    x.faults.resetAfterCommitNext(1, { method: 'PUT', pathPrefix: '/api.xro/2.0/Contacts' });
    x.faults.resetAfterCommitNext(2, { method: 'PUT', pathPrefix: '/api.xro/2.0/Invoices' });
    x.faults.resetAfterCommitNext(1, { method: 'PUT', pathPrefix: '/api.xro/2.0/Payments' });

    const run = await runCli(['sync', '--once', '--json'], faulty.env, { extraEnv: fast });
    expect(run.stderr).not.toMatch(/Sync failed/);
    expect(run.code).toBe(0);
    expect(summaryOf(run.stdout)).toMatchObject({ pending: 0, failed: 0, needsAttention: 0 });

    // Every fault happened.
    const log = x.requests;
    expect(log.filter((r) => r.status === 429 && r.injected)).toHaveLength(2);
    expect(log.filter((r) => r.status === 503 && r.injected)).toHaveLength(3);
    expect(log.filter((r) => r.status === 500 && r.injected)).toHaveLength(1);
    expect(log.filter((r) => r.socketDestroyed)).toHaveLength(4);
    expect(faulty.cliniko.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);

    // Same organisation as without faults, and nothing twice.
    expect(duplicatesIn(x)).toEqual(noDuplicates);
    expect(fingerprint(x)).toEqual(want);
    const { counted, rateLimited } = apiCalls(x);
    console.log(
      `faults: ${counted} Xero calls (${rateLimited} × 429) vs ${apiCalls(clean.xero).counted} without faults; ` +
        `Cliniko 429s: ${faulty.cliniko.requests.filter((r) => r.status === 429).length}; ${run.ms} ms`,
    );

    // A second sync finds nothing to do and sends nothing.
    const before = apiCalls(x).total;
    const idle = await runCli(['sync', '--once', '--json'], faulty.env, { extraEnv: fast });
    expect(idle.code).toBe(0);
    expect(apiCalls(x).total).toBe(before);
  }, 300_000);

  it('a record that keeps getting 5xx is retried with backoff, then waits for the user (bounded), without starving others', async () => {
    const w = await startWorld({ invoices: 40, seed: 5, xero: { timeScale: 60 } });
    w.xero.faults.failNext(1000, 503, { method: 'PUT', pathPrefix: '/api.xro/2.0/Invoices' });
    const run = await runCli(['sync', '--once', '--json'], w.env, { extraEnv: { CXS_RETRY_BASE_MS: '20' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/need attention/);
    const puts = w.xero.requests.filter(
      (r) => r.method === 'PUT' && r.path.startsWith('/api.xro/2.0/Invoices'),
    );
    expect(puts.length).toBe(8); // one batch, tried 8 times, then left for the user
    // The invoices wait for the user; their payments wait for them; nothing is left retrying.
    expect(summaryOf(run.stdout)).toMatchObject({ failed: 0, needsAttention: 40 });
    // Contacts were not held back by the failing invoices.
    expect(w.xero.org().contacts().length).toBeGreaterThan(10);
    expect(w.xero.org().invoices()).toHaveLength(0);
  }, 300_000);
});
