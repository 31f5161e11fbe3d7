import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

type Config = {
  appId?: string;
  productName?: string;
  files?: string[];
  npmRebuild?: boolean;
  win?: { target?: string[]; icon?: string };
  mac?: { target?: string[]; icon?: string };
  linux?: { target?: string[]; icon?: string };
};

function load(): Config {
  return parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Config;
}

function pngSize(file: string): { width: number; height: number } {
  const buf = readFileSync(file);
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it("validates against electron-builder's own schema (app-builder-lib/scheme.json)", () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const ok = validate(load());
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
    // The check can fail: a misspelt key is refused.
    expect(validate({ ...load(), productNmae: 'x' })).toBe(false);
  });

  it('names the app and builds NSIS, DMG, AppImage and deb with native modules rebuilt', () => {
    const c = load();
    expect(c.appId).toBe('com.clinicxerosync.app');
    expect(c.productName).toBe('clinic-xero-sync');
    expect(c.win?.target).toEqual(['nsis']);
    expect(c.mac?.target).toEqual(['dmg']);
    expect(c.linux?.target).toEqual(['AppImage', 'deb']);
    expect(c.npmRebuild).toBe(true);
    expect(c.files).toEqual(
      expect.arrayContaining(['dist/**/*', 'dist-renderer/**/*', 'electron/assets/**/*']),
    );
  });

  it('points at real icons big enough for every platform', () => {
    const c = load();
    for (const icon of [c.win?.icon, c.mac?.icon]) {
      expect(pngSize(path.join(root, icon ?? 'missing'))).toEqual({ width: 1024, height: 1024 });
    }
    const linuxDir = path.join(root, c.linux?.icon ?? 'missing');
    expect(statSync(linuxDir).isDirectory()).toBe(true);
    for (const n of [16, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(path.join(linuxDir, `${n}x${n}.png`))).toEqual({ width: n, height: n });
    }
  });

  it('starts the compiled main process, which loads the compiled preload', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main?: string };
    expect(pkg.main).toBe('dist/electron/main.js');
    const main = readFileSync(path.join(root, 'electron/main.ts'), 'utf8');
    expect(main).toContain("path.join(here, 'preload.cjs')"); // here = dist/electron at run time
    const tsconfig = JSON.parse(readFileSync(path.join(root, 'tsconfig.electron.json'), 'utf8')) as {
      compilerOptions: { outDir: string; rootDir: string };
    };
    expect(tsconfig.compilerOptions).toMatchObject({ outDir: 'dist', rootDir: '.' });
  });
});
