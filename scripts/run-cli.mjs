// `npm run cli -- …`: runs the compiled CLI (dist/electron/cli.js), the same file a packaged app
// ships, never the TypeScript through tsx (which doubles the start-up cost). When a source file is
// newer than the last CLI build it is compiled first (`tsc -p tsconfig.cli.json`, incremental), so
// the command is never stale; an up-to-date build costs only this file-time check.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Written after each successful build (tsc leaves unchanged outputs, and its build info, untouched).
const built = path.join(root, 'dist', '.cli-built');
const entry = path.join(root, 'dist', 'electron', 'cli.js');

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function builtAt() {
  try {
    statSync(entry);
    return statSync(built).mtimeMs;
  } catch {
    return 0;
  }
}

const sources = Math.max(
  newestSource(path.join(root, 'electron', 'cli')),
  newestSource(path.join(root, 'electron', 'core')),
  newestSource(path.join(root, 'shared')),
  statSync(path.join(root, 'electron', 'cli.ts')).mtimeMs,
  statSync(path.join(root, 'tsconfig.cli.json')).mtimeMs,
);
if (sources > builtAt()) {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.cli.json')], {
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
  writeFileSync(built, `${new Date().toISOString()}\n`);
}
// cli.js reads process.argv from index 2 on: the same arguments `node dist/electron/cli.js …` gets.
await import(pathToFileURL(entry).href);
