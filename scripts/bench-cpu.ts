/**
 * `npm run bench:cpu [-- SIZE] [--profile DIR]`: CPU that the CLI spends on a backfill of SIZE
 * invoices (default 10,000) against the simulators, with the rate limit out of the way (the Xero
 * simulator's clock runs 1,000× faster), so what is left is our own work: reading, mapping,
 * hashing, the ledger, the HTTP clients. Prints, from `/usr/bin/time`, user+system CPU and peak RSS
 * of three CLI children: `--version` (start-up alone), the steady sync (reads and caches Cliniko)
 * and the backfill (plans and writes everything), then the backfill's CPU per 1,000 invoices with
 * the start-up subtracted. `--profile DIR` adds `--cpu-prof` to the backfill child.
 *
 * Issue 15's bar: ≤ 0.5 s of CPU per 1,000 invoices. Exits 1 above it.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cleanup, repoRoot, startWorld } from '../test/integration/exactly-once/harness.js';

const BAR_SECONDS_PER_1000 = 0.5;

const args = process.argv.slice(2);
const profileAt = args.indexOf('--profile');
const profileDir = profileAt >= 0 ? path.resolve(args[profileAt + 1] ?? 'cpu-profiles') : null;
const size = Number(args.find((a, i) => !a.startsWith('--') && i !== profileAt + 1) ?? 10_000);
if (!Number.isInteger(size) || size <= 0) {
  console.error('usage: bench:cpu [SIZE] [--profile DIR]');
  process.exit(2);
}

type Measured = {
  code: number | null;
  cpuSeconds: number;
  userSeconds: number;
  maxRssMb: number;
  stderr: string;
};

/** The CLI as a child under /usr/bin/time: its own CPU (user + system) and peak RSS. */
async function measured(
  cliArgs: string[],
  env: NodeJS.ProcessEnv,
  nodeFlags: string[] = [],
): Promise<Measured> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cxs-bench-cpu-'));
  const out = path.join(dir, 'time.txt');
  try {
    const child = spawn(
      '/usr/bin/time',
      [
        '-f',
        '%U %S %M',
        '-o',
        out,
        process.execPath,
        ...nodeFlags,
        '--import',
        'tsx',
        'electron/cli.ts',
        ...cliArgs,
      ],
      {
        cwd: repoRoot,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    const last = (await readFile(out, 'utf8')).trim().split('\n').at(-1) ?? '';
    const [user, sys, rssKb] = last.split(' ').map(Number);
    return {
      code,
      cpuSeconds: (user ?? 0) + (sys ?? 0),
      userSeconds: user ?? 0,
      maxRssMb: (rssKb ?? 0) / 1024,
      stderr,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const fmt = (m: Measured): string =>
  `${m.cpuSeconds.toFixed(2)} s CPU (user ${m.userSeconds.toFixed(2)} s), peak RSS ${m.maxRssMb.toFixed(0)} MB`;

let failed: boolean;
try {
  const world = await startWorld({
    invoices: size,
    xero: { timeScale: 1000, limits: { perDay: 1_000_000 } },
    settings: { syncFrom: '2026-01-01' },
  });
  const version = await measured(['--version'], world.env);
  const steady = await measured(['sync', '--once', '--json'], world.env);
  if (steady.code !== 0) throw new Error(`steady sync failed: ${steady.stderr}`);
  const backfill = await measured(
    ['sync', '--once', '--json', '--progress', '--since', '2024-07-01'],
    world.env,
    profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  );
  if (backfill.code !== 0) throw new Error(`backfill failed: ${backfill.stderr.slice(-2000)}`);
  const invoicesInXero = world.xero.org().invoices().length;
  const per1000 = ((backfill.cpuSeconds - version.cpuSeconds) * 1000) / size;
  console.log(`CPU of the CLI, ${size} invoices (Xero simulator at 1000× time):`);
  console.log(`  --version (start-up):            ${fmt(version)}`);
  console.log(`  steady sync (read + cache):      ${fmt(steady)}`);
  console.log(`  backfill (plan + write):         ${fmt(backfill)}; Xero holds ${invoicesInXero} invoices`);
  console.log(
    `  backfill CPU per 1,000 invoices, start-up excluded: ${per1000.toFixed(3)} s (bar ${BAR_SECONDS_PER_1000} s)`,
  );
  if (profileDir) console.log(`  CPU profile of the backfill in ${profileDir}`);
  failed = per1000 > BAR_SECONDS_PER_1000;
  console.log(failed ? '  NOT OK' : '  OK');
} finally {
  await cleanup();
}
process.exit(failed ? 1 : 0);
