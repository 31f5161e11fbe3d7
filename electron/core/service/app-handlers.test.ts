import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createService } from './create-service.js';
import type { SecretStore } from '../ports.js';

const secrets: SecretStore = {
  kind: 'file',
  get: () => Promise.resolve(null),
  set: () => Promise.resolve(),
  delete: () => Promise.resolve(false),
};
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('app.openLogsFolder', () => {
  it('creates <dataDir>/logs and opens it through the OpenPath port', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cxs-svc-'));
    dirs.push(dataDir);
    const opened: string[] = [];
    const service = createService({
      mode: 'electron',
      dataDir,
      secrets,
      openPath: (p) => {
        opened.push(p);
        return Promise.resolve();
      },
    });
    const logs = path.join(dataDir, 'logs');
    expect(await service.dispatch('app.openLogsFolder', {})).toEqual({
      ok: true,
      result: { path: logs, opened: true },
    });
    expect(opened).toEqual([logs]);
    expect(existsSync(logs)).toBe(true);
  });

  it('answers the path without opening anything where there is no opener (CLI, serve)', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cxs-svc-'));
    dirs.push(dataDir);
    const service = createService({ mode: 'serve', dataDir, secrets });
    expect(await service.dispatch('app.openLogsFolder', {})).toEqual({
      ok: true,
      result: { path: path.join(dataDir, 'logs'), opened: false },
    });
  });
});
