import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { ForkOptions } from 'electron';
import { CoreHostClient } from './core/host/client.js';
import type { FromHost, ToHost } from './core/host/protocol.js';
import { utilityCoreHost, type UtilityChild, type UtilityProcessApi } from './core-host.js';

/** A utilityProcess that answers like the core host: ready after init, results for calls. */
class FakeUtility extends EventEmitter implements UtilityChild {
  static forks: { modulePath: string; options: ForkOptions | undefined; child: FakeUtility }[] = [];
  readonly sent: ToHost[] = [];
  pid: number | undefined = 4242;
  killed = false;
  postMessage(message: unknown): void {
    const m = message as ToHost;
    this.sent.push(m);
    queueMicrotask(() => {
      if (m.type === 'init') this.reply({ type: 'ready' });
      if (m.type === 'call') this.reply({ type: 'result', id: m.id, result: { ok: true, result: m.method } });
      if (m.type === 'close') {
        this.reply({ type: 'closed' });
        this.exit(0);
      }
    });
  }
  kill(): boolean {
    this.killed = true;
    this.exit(null);
    return true;
  }
  reply(m: FromHost): void {
    this.emit('message', m);
  }
  exit(code: number | null): void {
    this.pid = undefined;
    this.emit('exit', code);
  }
}

const api: UtilityProcessApi = {
  fork: (modulePath, _args, options) => {
    const child = new FakeUtility();
    FakeUtility.forks.push({ modulePath, options, child });
    return child;
  },
};

describe('the core host as an Electron utilityProcess (fake)', () => {
  it('forks the entry as a named service and carries the core host protocol both ways', async () => {
    FakeUtility.forks = [];
    const client = new CoreHostClient({
      spawn: () => utilityCoreHost(api, '/app/dist/electron/core/host/entry.js'),
      mode: 'electron',
      dataDir: '/data',
      platform: { openPath: () => Promise.resolve() },
    });
    await client.start();
    const fork = FakeUtility.forks[0]!;
    expect(fork.modulePath).toBe('/app/dist/electron/core/host/entry.js');
    expect(fork.options?.serviceName).toBe('clinic-xero-sync core');
    expect(fork.child.sent[0]).toEqual({
      type: 'init',
      mode: 'electron',
      dataDir: '/data',
      platform: ['openPath'],
    });
    expect(await client.dispatch('app.info', {})).toEqual({ ok: true, result: 'app.info' });

    const events: string[] = [];
    client.bus.onAny((name) => events.push(name));
    fork.child.reply({ type: 'event', name: 'log.changed', payload: {} });
    expect(events).toEqual(['log.changed']);

    await client.close();
    expect(fork.child.sent.at(-1)).toEqual({ type: 'close' });
    expect(fork.child.killed).toBe(false);
  });

  it('a child that dies is forked again; calls in flight get a failed answer', async () => {
    FakeUtility.forks = [];
    const client = new CoreHostClient({
      spawn: () => utilityCoreHost(api, 'entry.js'),
      mode: 'electron',
      dataDir: '/data',
      restartMs: { first: 1, max: 1 },
    });
    await client.start();
    const first = FakeUtility.forks[0]!.child;
    first.postMessage = (m: unknown) => void first.sent.push(m as ToHost); // stops answering
    const inFlight = client.dispatch('app.status', {});
    await new Promise((r) => setTimeout(r, 0));
    first.exit(null);
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'failed' } });
    await expect.poll(() => client.restarts).toBe(1);
    expect(FakeUtility.forks).toHaveLength(2);
    expect(await client.dispatch('app.info', {})).toEqual({ ok: true, result: 'app.info' });
    await client.close();
  });
});
