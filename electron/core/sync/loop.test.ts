import { describe, expect, it } from 'vitest';
import type { CycleSummary } from './context.js';
import { SyncLoop } from './loop.js';

const summary: CycleSummary = {
  synced: 0,
  failed: 0,
  needsAttention: 0,
  pending: 0,
  xeroCalls: 0,
  clinikoCalls: 0,
  durationMs: 0,
};
const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('SyncLoop', () => {
  it('runs one cycle at a time, waits the interval, and Sync now wakes it', async () => {
    let running = 0;
    let maxRunning = 0;
    let cycles = 0;
    const loop = new SyncLoop({
      runCycle: async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await tick(10);
        running--;
        cycles++;
        return summary;
      },
      intervalMs: () => 60_000,
    });
    loop.start();
    await tick(40);
    expect(cycles).toBe(1);
    expect(loop.state).toBe('idle');
    expect(loop.nextSyncAt).not.toBeNull();
    expect(loop.wake()).toBe(true);
    loop.wake();
    await tick(60);
    expect(cycles).toBe(2);
    expect(maxRunning).toBe(1);
    await loop.stop();
    expect(loop.state).toBe('stopped');
  });

  it('pause and stop take effect after the current write (shouldStop), and stop waits for it', async () => {
    let writes = 0;
    let finished = false;
    const loop = new SyncLoop({
      runCycle: async (shouldStop) => {
        for (let i = 0; i < 100 && !shouldStop(); i++) {
          await tick(5);
          writes++;
        }
        finished = true;
        return summary;
      },
      intervalMs: () => 60_000,
    });
    loop.start();
    await tick(20);
    loop.pause();
    const stopped = loop.stop();
    await stopped;
    expect(finished).toBe(true);
    expect(writes).toBeLessThan(100);
    expect(loop.state).toBe('stopped');
  });

  it('a failing cycle is reported and the loop keeps going', async () => {
    const results: boolean[] = [];
    let n = 0;
    const loop = new SyncLoop({
      runCycle: () => (n++ === 0 ? Promise.reject(new Error('boom')) : Promise.resolve(summary)),
      intervalMs: () => 60_000,
      onCycle: (r) => results.push(r.ok),
    });
    loop.start();
    await tick(10);
    loop.wake();
    await tick(10);
    await loop.stop();
    expect(results).toEqual([false, true]);
  });

  it('starts cycles at a fixed rate: the wait is the interval less the time the cycle took', async () => {
    let clock = 1_000_000;
    const loop = new SyncLoop({
      runCycle: () => {
        clock += 20_000; // the cycle took 20 s (of a 30 s interval)
        return Promise.resolve(summary);
      },
      intervalMs: () => 30_000,
      now: () => clock,
    });
    loop.start();
    await tick(20);
    expect(loop.nextSyncAt).toBe(1_000_000 + 30_000);
    await loop.stop();
  });
});
