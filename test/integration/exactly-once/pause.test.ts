import { afterEach, describe, expect, it } from 'vitest';
import type { AppStatus } from '../../../shared/api.js';
import { apiCalls, cleanup, duplicatesIn, noDuplicates, runCli, startWorld, summaryOf } from './harness.js';

afterEach(cleanup);

async function status(env: NodeJS.ProcessEnv): Promise<AppStatus> {
  const r = await runCli(['status', '--json'], env, { timeoutMs: 120_000 });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as AppStatus;
}

describe('a daily-limit 429', () => {
  it('pauses the organisation in the ledger, survives a restart (nothing sent while it lasts), then resumes', async () => {
    const w = await startWorld({ invoices: 120, xero: { timeScale: 60 } });
    // The first Accounting API call gets Xero's daily-limit answer, 6 seconds long.
    w.xero.faults.rateLimitNext('day', 6);

    const first = await runCli(['sync', '--once', '--json', '--max-wait', '1'], w.env);
    expect(first.code).toBe(2);
    expect(first.stderr).toMatch(
      /Not everything is synced: Xero paused this organisation until .*daily limit.*--max-wait/,
    );
    expect(apiCalls(w.xero)).toEqual({ total: 1, counted: 0, rateLimited: 1 });
    expect(w.xero.org().invoices()).toHaveLength(0);

    // Another process (a restart) sees the pause: status shows it, a sync sends nothing.
    const s = await status(w.env);
    expect(s.pausedUntil).not.toBeNull();
    expect(Date.parse(s.pausedUntil ?? '') - Date.now()).toBeGreaterThan(1000);
    expect(s.pauseReason).toMatch(/daily limit/);
    expect(s.summary).toMatch(/^Paused until/);
    const again = await runCli(['sync', '--once', '--json', '--max-wait', '1'], w.env);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/Xero paused this organisation until .*daily limit/);
    expect(apiCalls(w.xero).total).toBe(1); // not one call while paused

    // Allowed to wait: it waits for the pause to end, then syncs everything.
    const pausedFor = Date.parse(s.pausedUntil ?? '') - Date.now();
    const last = await runCli(['sync', '--once', '--json'], w.env);
    expect(last.ms).toBeGreaterThanOrEqual(pausedFor - 500); // it waited for the pause, not a 429
    expect(last.code).toBe(0);
    expect(summaryOf(last.stdout)).toMatchObject({ pending: 0, failed: 0, needsAttention: 0 });
    expect(apiCalls(w.xero).rateLimited).toBe(1);
    expect(duplicatesIn(w.xero)).toEqual(noDuplicates);
    expect(w.xero.org().invoices().length).toBeGreaterThan(100);
    const after = await status(w.env);
    expect(after.pausedUntil).toBeNull();
    expect(after.xeroBudget?.dayRemaining).toBeGreaterThan(4900);
  }, 300_000);
});
