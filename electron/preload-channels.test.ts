import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../shared/api.js';

describe('preload', () => {
  const source = readFileSync(new URL('./preload.cts', import.meta.url), 'utf8');

  it('uses the contract channel names (a sandboxed preload cannot import them)', () => {
    expect(source).toContain(`'${IPC_INVOKE_CHANNEL}'`);
    expect(source).toContain(`'${IPC_EVENT_CHANNEL}'`);
  });

  it('exposes only the typed api object, never ipcRenderer itself', () => {
    expect(source.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(source).toContain("exposeInMainWorld('cxs', api)");
    expect(source).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
  });
});
