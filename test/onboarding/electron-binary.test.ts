/**
 * `npm ci` on a machine that cannot reach Electron's downloads (issue 16, item 9): electron's own
 * postinstall is denied in package.json's allowScripts, and the project's postinstall
 * (scripts/electron-binary.mjs) tries the download best-effort and lets the install succeed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { repoRoot } from '../integration/connections/helpers.js';

const script = path.join(repoRoot, 'scripts/electron-binary.mjs');
const binaryInstalled = existsSync(path.join(repoRoot, 'node_modules/electron/path.txt'));
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** Runs the script (async: the silent mirror below is served by this process's event loop). */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  const clean = { ...process.env };
  delete clean.ELECTRON_SKIP_BINARY_DOWNLOAD;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: repoRoot, env: { ...clean, ...env } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

it("package.json denies electron's own postinstall and runs the best-effort one instead", () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    allowScripts: Record<string, boolean>;
    scripts: Record<string, string>;
    engines: { node: string };
  };
  expect(pkg.allowScripts.electron).toBe(false);
  expect(pkg.scripts.postinstall).toBe('node scripts/electron-binary.mjs');
  expect(pkg.scripts.start).toMatch(/^node scripts\/electron-binary\.mjs --check && /);
  // .ci/run installs with a plain `npm ci`: no ELECTRON_SKIP_BINARY_DOWNLOAD.
  expect(readFileSync(path.join(repoRoot, '.ci/run'), 'utf8')).not.toMatch(
    /ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm/,
  );
});

it('every installed package accepts the Node version that engines names (no EBADENGINE)', () => {
  const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { engines?: { node?: string } | string[] }>;
  };
  // The oldest Node that package.json's engines allow.
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    engines: { node: string };
  };
  const min = /(\d+)\.(\d+)/.exec(pkg.engines.node);
  expect(min).not.toBeNull();
  const semver = createRequire(import.meta.url)(path.join(repoRoot, 'node_modules/semver')) as {
    satisfies(v: string, range: string): boolean;
  };
  const version = `${min![1]}.${min![2]}.0`;
  const refusing = Object.entries(lock.packages)
    .filter(([, p]) => p.engines && !Array.isArray(p.engines) && p.engines.node)
    .filter(([, p]) => !semver.satisfies(version, (p.engines as { node: string }).node))
    .map(([k, p]) => `${k} (${(p.engines as { node: string }).node})`);
  expect(refusing).toEqual([]);
});

it.skipIf(binaryInstalled)(
  'a download that never answers: the install still succeeds, saying what to do',
  async () => {
    // A mirror that accepts connections and never says anything: what a blackholed network looks like.
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => {
      for (const s of sockets) s.destroy();
      server.close();
    });
    const cache = mkdtempSync(path.join(os.tmpdir(), 'cxs-electron-cache-'));
    cleanups.push(() => rmSync(cache, { recursive: true, force: true }));
    const { port } = server.address() as net.AddressInfo;
    const r = await run([], {
      npm_config_electron_mirror: `http://127.0.0.1:${port}/`,
      electron_config_cache: cache,
      CXS_ELECTRON_DOWNLOAD_LIMIT_MS: '3000',
    });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /desktop binary not downloaded \(no answer in 3 s\); the install goes on without it: run `npm run serve`/,
    );
    expect(existsSync(path.join(repoRoot, 'node_modules/electron/path.txt'))).toBe(false);
  },
);

it.skipIf(binaryInstalled)('a download refused at once: the install succeeds, naming the error', async () => {
  const cache = mkdtempSync(path.join(os.tmpdir(), 'cxs-electron-cache-'));
  cleanups.push(() => rmSync(cache, { recursive: true, force: true }));
  const r = await run([], {
    npm_config_electron_mirror: 'http://127.0.0.1:1/',
    electron_config_cache: cache,
  });
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/desktop binary not downloaded \(.*ECONNREFUSED.*\); the install goes on without it/);
});

it.skipIf(binaryInstalled)('npm start without the binary says in one line what to do instead', async () => {
  const r = await run(['--check'], {});
  expect(r.code).toBe(1);
  expect(r.out.trim().split('\n')).toHaveLength(1);
  expect(r.out).toMatch(
    /^The Electron binary is not installed .*: run `npm run serve` to use the app in your browser/,
  );
});
