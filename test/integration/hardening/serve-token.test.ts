import { spawn } from 'node:child_process';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, repoRoot, tempDataDir } from '../connections/helpers.js';

afterEach(cleanup);

async function waitFor<T>(fn: () => Promise<T | null>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v !== null) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('serve (issue 11 hardening)', () => {
  it("never puts the session token on the browser opener's command line", async () => {
    const dir = await tempDataDir();
    const argvFile = path.join(dir, 'opener-argv.txt');
    // A stand-in browser opener that records the command line it was given.
    const opener = path.join(dir, 'opener.sh');
    await writeFile(opener, `#!/bin/sh\nprintf '%s\\n' "$@" > '${argvFile}'\n`);
    await chmod(opener, 0o700);
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli.ts', 'serve', '--no-sync'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        CXS_DATA_DIR: dir,
        CXS_SECRET_STORE: 'file',
        CXS_BROWSER: opener,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      const address = await waitFor(() =>
        Promise.resolve(/serving on (http:\/\/127\.0\.0\.1:\d+\/#token=(\S+))/.exec(out)),
      );
      const token = address[2] as string;
      const argv = await waitFor(() => readFile(argvFile, 'utf8'));
      expect(argv).not.toContain(token);
      // What the opener got leads the browser to the address, from a file only this user can read.
      const launcher = new URL(argv.trim()).pathname;
      expect(await readFile(launcher, 'utf8')).toContain(address[1]);
      expect((await stat(launcher)).mode & 0o077).toBe(0);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('close', r));
    }
  }, 40_000);
});
