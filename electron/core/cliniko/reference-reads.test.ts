import { describe, expect, it } from 'vitest';
import { ReadSchedule, TURN_STREAMS } from './reference-reads.js';

describe('ReadSchedule', () => {
  it('reads every list on the first cycle of a run, then one list per cycle in turn', () => {
    let now = 0;
    const s = new ReadSchedule({ now: () => now, maxAgeMs: 10 * 60_000 });
    const cycle = (): string[] => {
      const due = s.due(() => true);
      for (const x of due) s.markRead(x);
      now += 30_000;
      return due;
    };
    expect(cycle()).toEqual(TURN_STREAMS);
    const turns = Array.from({ length: TURN_STREAMS.length * 2 }, cycle);
    expect(turns.every((t) => t.length === 1)).toBe(true);
    expect(turns.flat().slice(0, TURN_STREAMS.length).sort()).toEqual([...TURN_STREAMS].sort());
  });

  it('reads a list with no cursor at once, and any list not read for maxAgeMs', () => {
    let now = 0;
    const s = new ReadSchedule({ now: () => now, maxAgeMs: 60_000 });
    for (const x of s.due(() => true)) s.markRead(x);
    expect(s.due((x) => x !== 'taxes')).toContain('taxes');
    now += 60_000;
    expect(s.due(() => true)).toEqual(TURN_STREAMS);
  });
});
