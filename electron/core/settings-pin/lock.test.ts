import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpTransport } from '../http/serve.js';
import type { SecretStore } from '../ports.js';
import { createService, type Service } from '../service/create-service.js';
import { IDLE_RELOCK_MS, LOCK_FILE } from './lock-manager.js';

const secrets: SecretStore = {
  kind: 'file',
  get: () => Promise.resolve(null),
  set: () => Promise.resolve(),
  delete: () => Promise.resolve(false),
};
const dirs: string[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(): { service: Service; dataDir: string; clock: { t: number; now(): Date } } {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cxs-lock-'));
  dirs.push(dataDir);
  const clock = {
    t: Date.parse('2026-03-02T09:00:00Z'),
    now() {
      return new Date(this.t);
    },
  };
  const service = createService({ mode: 'serve', dataDir, secrets, clock });
  cleanups.push(() => service.close());
  return { service, dataDir, clock };
}

/** A change the lock protects that works without any connection. */
const protectedCall = ['xero.disconnect', {}] as const;

describe('settings lock (core)', () => {
  it('stores only a salted scrypt hash of the PIN, in a 0600 file outside the settings', async () => {
    const { service, dataDir } = setup();
    expect(await service.dispatch('lock.status', {})).toEqual({
      ok: true,
      result: { enabled: false, locked: false },
    });
    expect(await service.dispatch('lock.set', { pin: '482913' })).toEqual({
      ok: true,
      result: { enabled: true, locked: false },
    });
    const file = path.join(dataDir, LOCK_FILE);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('482913');
    const stored = JSON.parse(text) as Record<string, unknown>;
    expect(stored).toMatchObject({ algorithm: 'scrypt', salt: expect.any(String), hash: expect.any(String) });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses protected methods while locked, keeps viewing open, and opens with the right PIN', async () => {
    const { service } = setup();
    await service.dispatch('lock.set', { pin: '1234' });
    await service.dispatch('lock.lock', {});
    const refused = await service.dispatch(...protectedCall);
    expect(refused).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await service.dispatch('cliniko.connect', { apiKey: 'x-au1' })).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
    expect(
      await service.dispatch('settings.update', {
        patch: { billableItems: { '1': { accountCode: '200' } } },
      }),
    ).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await service.dispatch('settings.import', { json: '{}' })).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
    // Viewing stays open.
    expect(await service.dispatch('app.status', {})).toMatchObject({ ok: true });
    expect(await service.dispatch('settings.get', {})).toMatchObject({ ok: true });
    expect(await service.dispatch('log.list', { offset: 0, limit: 10 })).toMatchObject({ ok: true });
    expect(await service.dispatch('lock.unlock', { pin: '9999' })).toMatchObject({
      ok: false,
      error: { code: 'locked', message: 'That PIN is not right.' },
    });
    expect(await service.dispatch('lock.unlock', { pin: '1234' })).toEqual({
      ok: true,
      result: { enabled: true, locked: false },
    });
    expect(await service.dispatch(...protectedCall)).toMatchObject({ ok: true });
  });

  it('re-locks after 15 minutes without a call, and when the UI closes', async () => {
    const { service, clock } = setup();
    const events: unknown[] = [];
    service.bus.on('lock.changed', (s) => events.push(s));
    await service.dispatch('lock.set', { pin: '1234' });
    clock.t += IDLE_RELOCK_MS - 1000;
    await service.dispatch('app.status', {}); // activity keeps it open
    clock.t += IDLE_RELOCK_MS - 1000;
    expect(await service.dispatch('lock.status', {})).toMatchObject({ result: { locked: false } });
    clock.t += IDLE_RELOCK_MS + 1;
    expect(await service.dispatch('lock.status', {})).toMatchObject({ result: { locked: true } });
    await service.dispatch('lock.unlock', { pin: '1234' });
    service.uiClosed();
    expect(await service.dispatch(...protectedCall)).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(events).toContainEqual({ enabled: true, locked: true });
  });

  it('needs the current PIN to change or remove the PIN, and throttles guessing', async () => {
    const { service } = setup();
    await service.dispatch('lock.set', { pin: '1234' });
    expect(await service.dispatch('lock.set', { pin: null })).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
    expect(await service.dispatch('lock.set', { pin: '12' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    for (let i = 0; i < 5; i++) await service.dispatch('lock.unlock', { pin: '0000' });
    const throttled = await service.dispatch('lock.unlock', { pin: '1234' });
    expect(throttled).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(JSON.stringify(throttled)).toContain('Too many wrong PINs');
  });

  it('holds the throttle under 40 concurrent wrong guesses: at most 5 are checked', async () => {
    const { service } = setup();
    await service.dispatch('lock.set', { pin: '1234' });
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => service.dispatch('lock.unlock', { pin: String(5000 + i) })),
    );
    const checked = guesses.filter((g) => JSON.stringify(g).includes('That PIN is not right'));
    const refused = guesses.filter((g) => JSON.stringify(g).includes('Too many wrong PINs'));
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(checked.length + refused.length).toBe(40);
    // The right PIN is refused too while the throttle holds.
    expect(JSON.stringify(await service.dispatch('lock.unlock', { pin: '1234' }))).toContain(
      'Too many wrong PINs',
    );
  });

  it('removes the PIN with the current one', async () => {
    const { service } = setup();
    await service.dispatch('lock.set', { pin: '1234' });
    expect(await service.dispatch('lock.set', { pin: null, currentPin: '1234' })).toEqual({
      ok: true,
      result: { enabled: false, locked: false },
    });
    await service.dispatch('lock.lock', {});
    expect(await service.dispatch(...protectedCall)).toMatchObject({ ok: true });
  });
});

describe('settings lock over HTTP (serve)', () => {
  it('answers 200 with code "locked" for a protected call, and re-locks when the last event stream closes', async () => {
    const { service } = setup();
    const http = await startHttpTransport({ service, staticDir: os.tmpdir() });
    cleanups.push(() => http.close());
    const headers = { 'content-type': 'application/json', 'x-cxs-token': http.token };
    const rpc = async (method: string, body: unknown): Promise<unknown> =>
      (
        await fetch(`${http.url}api/rpc/${method}`, { method: 'POST', headers, body: JSON.stringify(body) })
      ).json();
    expect(await rpc('lock.set', { pin: '2468' })).toMatchObject({ ok: true });
    await rpc('lock.lock', {});
    const change = [
      'settings.update',
      { patch: { products: { '44444444': { accountCode: '200' } } } },
    ] as const;
    expect(await rpc(...change)).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await rpc('lock.unlock', { pin: '2468' })).toMatchObject({ ok: true, result: { locked: false } });

    // A browser tab holds the event stream; closing it ends the unlock.
    const ac = new AbortController();
    const events = await fetch(`${http.url}api/events`, { headers, signal: ac.signal });
    const reader = events.body!.getReader();
    await reader.read();
    ac.abort();
    await expect.poll(async () => rpc('lock.status', {})).toMatchObject({ result: { locked: true } });
  });
});
