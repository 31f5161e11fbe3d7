/**
 * `status` in a second terminal reports what the desktop app or `serve` syncing the same folder is
 * doing (issue 16, item 10), through the status file that process keeps (core/service/run-status.ts).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { FileSecretStore } from '../../../electron/core/secrets/file-store.js';
import { createService } from '../../../electron/core/service/create-service.js';
import { readRunStatus, RUN_STATUS_FILE } from '../../../electron/core/service/run-status.js';
import { cleanup, closeSims, setupSync } from './helpers.js';

afterEach(async () => {
  await closeSims();
  await cleanup();
});

type StatusJson = {
  sync: string;
  running: { mode: string; pid: number; progress: unknown } | null;
};

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
  expect(check()).toBe(true);
};

it("status reads a running serve's sync state from its status file, and forgets it when it stops", async () => {
  const s = await setupSync({ invoices: 10 });
  const serve = createService({
    mode: 'serve',
    dataDir: s.dir,
    secrets: new FileSecretStore(path.join(s.dir, 'secrets.json')),
    env: s.env,
  });
  serve.syncInBackground();
  await until(
    () =>
      readRunStatus(s.dir)?.status.sync === 'idle' && (readRunStatus(s.dir)?.status.counts.synced ?? 0) > 0,
  );
  const pause = await serve.dispatch('sync.pause', {});
  expect(pause.ok).toBe(true);
  await until(() => readRunStatus(s.dir)?.status.sync === 'paused');

  const json = JSON.parse((await s.cli(['status', '--json'])).stdout) as StatusJson;
  expect(json.sync).toBe('paused');
  expect(json.running).toMatchObject({ mode: 'serve', pid: process.pid, progress: null });
  const text = (await s.cli(['status'])).stdout;
  expect(text).toMatch(
    new RegExp(`^Running: \`serve\` \\(pid ${process.pid} on .+\\) since .+: paused\\.$`, 'm'),
  );

  await serve.close();
  expect(readRunStatus(s.dir)).toBeNull();
  const after = JSON.parse((await s.cli(['status', '--json'])).stdout) as StatusJson;
  expect(after.running).toBeNull();
  expect(after.sync).not.toBe('paused');
  expect((await s.cli(['status'])).stdout).toMatch(
    /^Not running: no desktop app or `serve` is syncing this data folder\.$/m,
  );
}, 120_000);

it('a status file left by a process that died is ignored', async () => {
  const s = await setupSync({ invoices: 3 });
  const dead = 2 ** 22 + 12345; // above Linux's default pid_max: never a live process
  writeFileSync(
    path.join(s.dir, RUN_STATUS_FILE),
    JSON.stringify({
      pid: dead,
      host: (await import('node:os')).hostname(),
      mode: 'electron',
      startedAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      status: { sync: 'syncing', health: 'syncing', summary: 'stale' },
      progress: null,
    }),
  );
  const json = JSON.parse((await s.cli(['status', '--json'])).stdout) as StatusJson;
  expect(json.running).toBeNull();
  expect(json.sync).not.toBe('syncing');
});
