import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileLogger, formatLine, LOG_FILE_NAME, logsDir } from './logger.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'cxs-log-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const at = new Date('2026-03-04T05:06:07.000Z');

describe('file logger', () => {
  it('writes to <dataDir>/logs/clinic-xero-sync.log', () => {
    const data = tempDir();
    const log = createFileLogger({ dir: logsDir(data), now: () => at });
    log.info('sync started', { invoices: 3 });
    log.debug('dropped below the level');
    expect(log.file).toBe(path.join(data, 'logs', LOG_FILE_NAME));
    expect(readFileSync(log.file, 'utf8')).toBe(
      '2026-03-04T05:06:07.000Z INFO sync started {"invoices":3}\n',
    );
  });

  it('redacts Authorization headers, bearer tokens, OAuth tokens and API keys', () => {
    const dir = tempDir();
    const log = createFileLogger({ dir, now: () => at });
    // Assembled at run time so no committed line looks like a real token to a secret scanner.
    const jwt = ['eyJhbGciOiJSUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'c2lnbmF0dXJlLXZhbHVl'].join('.');
    log.error('Xero call failed: Authorization: Bearer abcdef123456', {
      headers: { Authorization: 'Bearer sekret-token-1' },
      body: { access_token: jwt, refresh_token: 'refresh-secret-2' },
    });
    log.warn('Cliniko key MS0xMjM0NTY3ODkwYWJjZGVmZ2hpamtsbW5vcA-au2 rejected');
    log.info(`url https://api.example.com/?api_key=key-secret-3&x=1`);
    log.error('boom', new Error(`token=${jwt}`));
    const text = readFileSync(path.join(dir, LOG_FILE_NAME), 'utf8');
    for (const secret of [
      'abcdef123456',
      'sekret-token-1',
      jwt,
      'refresh-secret-2',
      'MS0xMjM0NTY3ODkwYWJjZGVmZ2hpamtsbW5vcA-au2',
      'key-secret-3',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[REDACTED]');
    expect(text.trimEnd().split('\n')).toHaveLength(4);
  });

  it('rotates at the size limit and keeps only maxFiles old files', () => {
    const dir = tempDir();
    const log = createFileLogger({ dir, maxBytes: 200, maxFiles: 3, now: () => at });
    for (let i = 0; i < 40; i++) log.info(`line ${String(i).padStart(3, '0')} ${'x'.repeat(40)}`);
    const files = readdirSync(dir).sort();
    expect(files).toEqual([LOG_FILE_NAME, `${LOG_FILE_NAME}.1`, `${LOG_FILE_NAME}.2`, `${LOG_FILE_NAME}.3`]);
    for (const f of files) expect(statSync(path.join(dir, f)).size).toBeLessThanOrEqual(200);
    // The newest line is in the current file, older ones in .1, .2, … in order.
    expect(readFileSync(path.join(dir, LOG_FILE_NAME), 'utf8')).toContain('line 039');
    const first = (f: string): number =>
      Number(/line (\d+)/.exec(readFileSync(path.join(dir, f), 'utf8'))?.[1]);
    expect(first(`${LOG_FILE_NAME}.1`)).toBeGreaterThan(first(`${LOG_FILE_NAME}.2`));
    expect(first(`${LOG_FILE_NAME}.3`)).toBeGreaterThan(0); // line 000 was dropped with the oldest file
  });

  it('continues an existing file and never throws when the folder cannot be written', () => {
    const dir = tempDir();
    createFileLogger({ dir, now: () => at }).info('one');
    createFileLogger({ dir, now: () => at }).info('two');
    expect(readFileSync(path.join(dir, LOG_FILE_NAME), 'utf8').match(/INFO/g)).toHaveLength(2);
    const blocked = path.join(dir, LOG_FILE_NAME, 'not-a-dir');
    expect(() => createFileLogger({ dir: blocked }).error('lost')).not.toThrow();
  });

  it('keeps one entry on one line', () => {
    expect(formatLine(at, 'warn', 'a\nb', 'c\nd')).toBe('2026-03-04T05:06:07.000Z WARN a\\nb c\\nd\n');
  });
});
