import { describe, expect, it } from 'vitest';
import { createQuitController, type QuittingApp } from './lifecycle.js';

class FakeApp implements QuittingApp {
  listener: ((e: { preventDefault(): void }) => void) | null = null;
  exited = false;
  quitCalls = 0;
  on(_event: 'before-quit', l: (e: { preventDefault(): void }) => void): this {
    this.listener = l;
    return this;
  }
  /** Electron's quit: emits before-quit and exits unless a listener prevents it. */
  quit(): void {
    this.quitCalls++;
    let prevented = false;
    this.listener?.({ preventDefault: () => (prevented = true) });
    if (!prevented) this.exited = true;
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('quit', () => {
  it('waits for the core to record the current write and close before exiting', async () => {
    const app = new FakeApp();
    let finishWrite: () => void = () => {};
    const steps: string[] = [];
    const quit = createQuitController(app, async () => {
      steps.push('close asked');
      await new Promise<void>((r) => (finishWrite = r));
      steps.push('write recorded, ledger closed');
    });
    expect(quit.isQuitting()).toBe(false);
    quit.quit();
    quit.quit(); // a second Quit click while stopping changes nothing
    expect(quit.isQuitting()).toBe(true);
    await tick();
    expect(app.exited).toBe(false);
    expect(steps).toEqual(['close asked']);
    finishWrite();
    await tick();
    await tick();
    expect(steps).toEqual(['close asked', 'write recorded, ledger closed']);
    expect(app.exited).toBe(true);
  });

  it('quits anyway when the core fails or hangs past the timeout', async () => {
    const failing = new FakeApp();
    const logged: string[] = [];
    createQuitController(failing, () => Promise.reject(new Error('x')), {
      log: (m) => logged.push(m),
    }).quit();
    await tick();
    await tick();
    expect(failing.exited).toBe(true);

    const hanging = new FakeApp();
    createQuitController(hanging, () => new Promise(() => {}), {
      timeoutMs: 20,
      log: (m) => logged.push(m),
    }).quit();
    await new Promise((r) => setTimeout(r, 50));
    expect(hanging.exited).toBe(true);
    expect(logged).toEqual([
      'Stopping the core failed; quitting anyway.',
      'The core did not stop within 20 ms; quitting anyway.',
    ]);
  });
});
