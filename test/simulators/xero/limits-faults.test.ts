// Rate limits (compressed time) and fault injection.
import { describe, expect, it } from 'vitest';
import { startXeroSim } from './index.js';
import { client, invoice } from './test-helpers.js';

describe('rate limits', () => {
  it('60 calls per minute per organisation, then 429 minute with Retry-After; the window resets', async () => {
    // The limits run on the test's own clock, moved by hand: how fast the machine is cannot matter.
    let now = Date.parse('2026-12-07T10:00:00Z');
    const sim = await startXeroSim({ limitsClock: () => now });
    try {
      const call = client(sim);
      const first = await call('GET', '/Organisation');
      expect(first.headers.get('x-minlimit-remaining')).toBe('59');
      expect(first.headers.get('x-daylimit-remaining')).toBe('4999');
      expect(first.headers.get('x-appminlimit-remaining')).toBe('9999');
      for (let i = 0; i < 59; i++) await call('GET', '/Accounts');
      const over = await call('GET', '/Organisation');
      expect(over.status).toBe(429);
      expect(over.headers.get('x-rate-limit-problem')).toBe('minute');
      const retry = Number(over.headers.get('retry-after'));
      expect(retry).toBeGreaterThanOrEqual(1);
      expect(retry).toBeLessThanOrEqual(60); // within the minute's window
      now += 30_000;
      expect((await call('GET', '/Organisation')).status).toBe(429); // not yet
      now += retry * 1000;
      const after = await call('GET', '/Organisation');
      expect(after.status).toBe(200);
      expect(after.headers.get('x-minlimit-remaining')).toBe('59');
      expect(sim.callCount({ pathPrefix: '/api.xro/2.0/' })).toBe(63);
    } finally {
      await sim.close();
    }
  });

  it('the daily limit → 429 day; limits are per organisation', async () => {
    let now = Date.parse('2026-12-07T10:00:00Z');
    const sim = await startXeroSim({
      organisations: [{ name: 'Clinic A' }, { name: 'Clinic B' }],
      limits: { perDay: 3, perMinute: 100 },
      limitsClock: () => now,
    });
    try {
      const [a, b] = sim.tenants;
      const callA = client(sim, a?.tenantId);
      const callB = client(sim, b?.tenantId);
      for (let i = 0; i < 3; i++) expect((await callA('GET', '/Organisation')).status).toBe(200);
      const over = await callA('GET', '/Organisation');
      expect(over.status).toBe(429);
      expect(over.headers.get('x-rate-limit-problem')).toBe('day');
      expect(over.headers.get('x-daylimit-remaining')).toBe('0');
      const retry = Number(over.headers.get('retry-after'));
      expect(retry).toBeGreaterThanOrEqual(1);
      expect(retry).toBeLessThanOrEqual(86_400); // within the day's window
      expect((await callB('GET', '/Organisation')).status).toBe(200); // B has its own budget
      now += retry * 1000;
      expect((await callA('GET', '/Organisation')).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('more than 5 concurrent calls → 429 concurrent; maxConcurrentSeen records the peak', async () => {
    const sim = await startXeroSim({ latencyMs: 150 });
    try {
      const call = client(sim);
      const tenantId = sim.tenants[0]?.tenantId ?? '';
      const five = await Promise.all(Array.from({ length: 5 }, () => call('GET', '/Accounts')));
      expect(five.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(sim.maxConcurrentSeen(tenantId)).toBe(5);
      const seven = await Promise.all(Array.from({ length: 7 }, () => call('GET', '/Accounts')));
      const statuses = seven.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const limited = seven.find((r) => r.status === 429);
      expect(limited?.headers.get('x-rate-limit-problem')).toBe('concurrent');
      expect(sim.maxConcurrentSeen(tenantId)).toBe(7);
      expect(sim.maxConcurrentSeen()).toBe(7);
    } finally {
      await sim.close();
    }
  });

  it('rateLimitNext injects one 429 with the given problem and Retry-After', async () => {
    const sim = await startXeroSim();
    try {
      const call = client(sim);
      sim.faults.rateLimitNext('day', 66975);
      const r = await call('GET', '/Invoices');
      expect(r.status).toBe(429);
      expect(r.text).toBe('');
      expect(r.headers.get('retry-after')).toBe('66975');
      expect(r.headers.get('x-rate-limit-problem')).toBe('day');
      expect((await call('GET', '/Invoices')).status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});

describe('faults', () => {
  it('failNext(n, status, match) fails exactly the next n matching calls without committing them', async () => {
    const sim = await startXeroSim();
    try {
      const call = client(sim);
      sim.faults.failNext(2, 503, { method: 'PUT', pathPrefix: '/api.xro/2.0/Invoices' });
      expect((await call('GET', '/Invoices')).status).toBe(200); // does not match
      const body = { Invoices: [invoice({ InvoiceNumber: 'F-1' })] };
      expect((await call('PUT', '/Invoices', { body })).status).toBe(503);
      expect((await call('PUT', '/Invoices', { body })).status).toBe(503);
      expect(sim.org().invoices()).toHaveLength(0);
      expect((await call('PUT', '/Invoices', { body })).status).toBe(200);
      sim.faults.failNext(1);
      const r = await call('GET', '/Organisation');
      expect(r.status).toBe(500);
      expect(r.json.Title).toBe('An error occurred');
      expect(sim.requests.filter((x) => x.injected).length).toBe(3);
    } finally {
      await sim.close();
    }
  });

  it('resetAfterCommitNext commits the write then destroys the socket; an Idempotency-Key retry gets the stored result', async () => {
    const sim = await startXeroSim();
    try {
      const call = client(sim);
      sim.faults.resetAfterCommitNext(1, { method: 'PUT' });
      const body = { Invoices: [invoice({ InvoiceNumber: 'R-1' })] };
      await expect(call('PUT', '/Invoices', { body, idempotencyKey: 'reset-1' })).rejects.toThrow();
      expect(sim.org().invoice('R-1')?.Status).toBe('AUTHORISED'); // the data exists
      expect(sim.requests.at(-1)).toMatchObject({ status: 200, socketDestroyed: true });
      const retry = await call('PUT', '/Invoices', { body, idempotencyKey: 'reset-1' });
      expect(retry.status).toBe(200);
      expect(retry.json.Invoices[0].InvoiceID).toBe(sim.org().invoice('R-1')?.InvoiceID);
      expect(sim.org().invoices()).toHaveLength(1);
    } finally {
      await sim.close();
    }
  });

  it('setLatency delays responses', async () => {
    const sim = await startXeroSim();
    try {
      const call = client(sim);
      sim.faults.setLatency(200);
      const t = performance.now();
      await call('GET', '/Organisation');
      expect(performance.now() - t).toBeGreaterThanOrEqual(190);
      // That 0 removes the delay again is `npm run bench:sims`'s to judge (a time upper bound).
      sim.faults.setLatency(0);
      expect((await call('GET', '/Organisation')).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('callCount and resetRequestLog', async () => {
    const sim = await startXeroSim();
    try {
      const call = client(sim);
      await call('GET', '/Accounts');
      await call('GET', '/TaxRates');
      await call('PUT', '/Contacts', { body: { Contacts: [{ Name: 'Count Me' }] } });
      expect(sim.callCount()).toBe(3);
      expect(sim.callCount({ method: 'GET' })).toBe(2);
      expect(sim.callCount({ pathPrefix: '/api.xro/2.0/Contacts' })).toBe(1);
      expect(sim.callCount({ tenantId: sim.tenants[0]?.tenantId })).toBe(3);
      sim.resetRequestLog();
      expect(sim.requests).toHaveLength(0);
      expect(sim.callCount()).toBe(0);
    } finally {
      await sim.close();
    }
  });
});
