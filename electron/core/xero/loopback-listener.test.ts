import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackListener, type LoopbackListener } from './loopback-listener.js';

// Ports of their own so this suite can run beside the ones that use the registered 5051–5055.
const PORTS = [55191, 55192, 55193];
const open: LoopbackListener[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});

async function listener(state = 'good-state', timeoutMs?: number): Promise<LoopbackListener> {
  const l = await startLoopbackListener({ ports: PORTS, state, ...(timeoutMs ? { timeoutMs } : {}) });
  open.push(l);
  return l;
}

async function get(url: string, init?: RequestInit): Promise<number | 'refused'> {
  try {
    return (await fetch(url, init)).status;
  } catch {
    return 'refused';
  }
}

describe('loopback listener', () => {
  it('accepts exactly one GET /callback with the right state, answers a close-window page, then closes', async () => {
    const l = await listener();
    expect(l.redirectUri).toBe(`http://localhost:${PORTS[0]}/callback`);
    const res = await fetch(`http://127.0.0.1:${l.port}/callback?code=abc&state=good-state`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You can close this window');
    const url = await l.callback;
    expect(url.searchParams.get('code')).toBe('abc');
    // A second callback: 409 if it races the close, refused once closed.
    expect([409, 'refused']).toContain(
      await get(`http://127.0.0.1:${l.port}/callback?code=x&state=good-state`),
    );
    await l.close();
    expect(await get(`http://127.0.0.1:${l.port}/callback?code=x&state=good-state`)).toBe('refused');
  });

  it('refuses a wrong state (400), a wrong path (404) and another method (405), and keeps waiting', async () => {
    const l = await listener();
    const base = `http://127.0.0.1:${l.port}`;
    expect(await get(`${base}/callback?code=abc&state=forged`)).toBe(400);
    expect(await get(`${base}/callback?code=abc`)).toBe(400);
    expect(await get(`${base}/other?code=abc&state=good-state`)).toBe(404);
    expect(await get(`${base}/callback?code=abc&state=good-state`, { method: 'POST' })).toBe(405);
    expect(await get(`${base}/callback?code=real&state=good-state`)).toBe(200);
    expect((await l.callback).searchParams.get('code')).toBe('real');
  });

  it('turns error=access_denied into a refusal', async () => {
    const l = await listener();
    expect(await get(`http://127.0.0.1:${l.port}/callback?error=access_denied&state=good-state`)).toBe(200);
    await expect(l.callback).rejects.toMatchObject({ kind: 'denied' });
  });

  it('times out, and closes its port', async () => {
    const l = await listener('s', 200);
    await expect(l.callback).rejects.toMatchObject({ kind: 'timeout' });
    await l.close();
    expect(await get(`http://127.0.0.1:${l.port}/callback?state=s`)).toBe('refused');
  });

  it('takes the next port of the list when the first is busy, and only binds loopback', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(PORTS[0], '127.0.0.1', r));
    try {
      const l = await listener();
      expect(l.port).toBe(PORTS[1]);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
    const l2 = await startLoopbackListener({ ports: [PORTS[2] ?? 0], state: 'x' });
    open.push(l2);
    // Not reachable on a non-loopback address of this machine.
    const { networkInterfaces } = await import('node:os');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (external) expect(await get(`http://${external}:${l2.port}/callback?state=x`)).toBe('refused');
  });

  it('says so when every registered port is busy', async () => {
    const a = await listener();
    const b = await listener();
    const c = await listener();
    expect(new Set([a.port, b.port, c.port]).size).toBe(3);
    await expect(startLoopbackListener({ ports: PORTS, state: 'x' })).rejects.toMatchObject({
      kind: 'ports_busy',
    });
  });
});
