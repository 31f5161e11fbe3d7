import { describe, expect, it } from 'vitest';
import { claimSingleInstance, type SingleInstanceApp } from './single-instance.js';

/** Two fake launches sharing one lock, as Electron's would. */
function fakeApps() {
  let held = false;
  const firsts: Array<(e: unknown, argv: string[]) => void> = [];
  const make = () => {
    const app = {
      quitCalls: 0,
      requestSingleInstanceLock(): boolean {
        if (held) {
          for (const l of firsts) l({}, ['clinic-xero-sync', '--from-second']);
          return false;
        }
        held = true;
        return true;
      },
      quit(): void {
        app.quitCalls++;
      },
      on(_event: 'second-instance', l: (e: unknown, argv: string[]) => void): void {
        firsts.push(l);
      },
    } satisfies SingleInstanceApp & { quitCalls: number };
    return app;
  };
  return { first: make(), second: make() };
}

describe('single instance', () => {
  it('a second launch focuses the existing window and quits itself', () => {
    const { first, second } = fakeApps();
    const focused: string[][] = [];
    expect(claimSingleInstance(first, (argv) => focused.push(argv))).toBe(true);
    expect(claimSingleInstance(second, () => focused.push(['wrong instance']))).toBe(false);
    expect(second.quitCalls).toBe(1);
    expect(first.quitCalls).toBe(0);
    expect(focused).toEqual([['clinic-xero-sync', '--from-second']]);
  });
});
