import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Pkg = { name?: string; version?: string };

/**
 * The folder holding our package.json, found by walking up from this file so it works from the
 * TypeScript sources (tsx, vitest) and from the compiled `dist/` tree alike.
 */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate) && readPkg(candidate).name === 'clinic-xero-sync') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('clinic-xero-sync: package.json not found above ' + dir);
    dir = parent;
  }
}

export function appVersion(): string {
  return readPkg(path.join(packageRoot(), 'package.json')).version ?? '0.0.0';
}

/** Where `vite build` puts the renderer; both Electron and `serve` load it from here. */
export function rendererDir(): string {
  return path.join(packageRoot(), 'dist-renderer');
}

function readPkg(file: string): Pkg {
  return JSON.parse(readFileSync(file, 'utf8')) as Pkg;
}
