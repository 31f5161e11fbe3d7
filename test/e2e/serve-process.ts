import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type ServeProcess = { address: string; origin: string; dataDir: string; stop(): Promise<void> };

/**
 * Starts the real CLI's `serve` as a child process, exactly as a user would, and reads the address
 * (with its #token=) from its first line of output. `env` adds to the child's environment: pass
 * `startSims().env` (simulators.ts) to point it at the Cliniko and Xero simulators.
 */
export async function startServe(env: Record<string, string> = {}): Promise<ServeProcess> {
  const dataDir = env.CXS_DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'cxs-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'electron/cli.ts', 'serve'], {
    env: { ...process.env, CXS_DATA_DIR: dataDir, CXS_SECRET_STORE: 'file', CXS_BROWSER: 'none', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 60_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /serving on (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return {
    address,
    origin: new URL(address).origin,
    dataDir,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
