/**
 * `npm run bench:cli`: CPU time (user + system, the whole process) of the compiled CLI printing
 * `--version` and `--help`, the median of 7 runs each. Exits non-zero when `--version` needs more
 * than 0.3 s of CPU (issue 15): start-up must not load the commands' dependencies.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BAR_SECONDS = 0.3;
// Reports the child's own CPU as it exits (process.cpuUsage counts from the process's start).
const reportCpu =
  'data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write(`\\ncpu-us ${u.user+u.system}\\n`)})';

// Builds the CLI if a source changed (scripts/run-cli.mjs), so the figures are for current code.
const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'run-cli.mjs'), '--version'], {
  encoding: 'utf8',
});
if (build.status !== 0) {
  process.stderr.write(build.stderr);
  process.exit(1);
}

function cpuSeconds(args: string[]): number {
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const r = spawnSync(
      process.execPath,
      ['--import', reportCpu, path.join(root, 'dist', 'electron', 'cli.js'), ...args],
      { encoding: 'utf8' },
    );
    const m = /cpu-us (\d+)/.exec(r.stderr);
    if (!m) throw new Error(`no CPU figure from cli ${args.join(' ')}: ${r.stderr}`);
    runs.push(Number(m[1]) / 1e6);
  }
  runs.sort((a, b) => a - b);
  return runs[3] as number;
}

const version = cpuSeconds(['--version']);
const help = cpuSeconds(['--help']);
const ok = version <= BAR_SECONDS;
console.log(
  `compiled CLI --version: ${version.toFixed(3)} s CPU (bar ${BAR_SECONDS} s) ${ok ? 'OK' : 'NOT OK'}`,
);
console.log(`compiled CLI --help (loads every command): ${help.toFixed(3)} s CPU (no bar)`);
process.exit(ok ? 0 : 1);
