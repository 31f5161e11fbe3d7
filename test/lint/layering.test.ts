import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function layeringMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => /layering rule/.test(m.message)).map((m) => m.message);
}

describe('layering lint rule', () => {
  it('forbids electron in electron/core', async () => {
    const msgs = await layeringMessages(
      'electron/core/example.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
    );
    expect(msgs).toEqual([expect.stringContaining('must not import electron')]);
  });

  it('forbids electron and react in shared/', async () => {
    expect(
      await layeringMessages(
        'shared/example.ts',
        "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n",
      ),
    ).toHaveLength(1);
    expect(
      await layeringMessages(
        'shared/example.ts',
        "import { useState } from 'react';\nexport const a = useState;\n",
      ),
    ).toHaveLength(1);
  });

  it('forbids Node modules in shared/', async () => {
    const msgs = await layeringMessages(
      'shared/example.ts',
      "import fs from 'node:fs';\nexport const a = fs;\n",
    );
    expect(msgs).toEqual([expect.stringContaining('no Node modules')]);
  });

  it('forbids Node modules, electron and the core in renderer/', async () => {
    expect(
      await layeringMessages('renderer/x.tsx', "import fs from 'fs';\nexport const a = fs;\n"),
    ).toHaveLength(1);
    expect(
      await layeringMessages('renderer/x.tsx', "import { path } from 'node:path';\nexport const a = path;\n"),
    ).toHaveLength(1);
    expect(
      await layeringMessages(
        'renderer/x.tsx',
        "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n",
      ),
    ).toHaveLength(1);
    expect(
      await layeringMessages(
        'renderer/x.tsx',
        "import { dataDir } from '../electron/core/paths.js';\nexport const a = dataDir;\n",
      ),
    ).toHaveLength(1);
  });

  it('allows what each layer may use', async () => {
    expect(
      await layeringMessages('electron/core/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"),
    ).toEqual([]);
    expect(
      await layeringMessages(
        'electron/main-x.ts',
        "import { app } from 'electron';\nexport const a = app;\n",
      ),
    ).toEqual([]);
    expect(
      await layeringMessages(
        'renderer/x.tsx',
        "import { useState } from 'react';\nexport const a = useState;\n",
      ),
    ).toEqual([]);
    expect(await layeringMessages('shared/x.ts', "import { z } from 'zod';\nexport const a = z;\n")).toEqual(
      [],
    );
  });
});

/**
 * The layers inside electron/core (docs/decisions/013), lowest first, restated here on purpose: the
 * test fails if eslint.config.js drifts from the architecture. For each folder: one import from just
 * above it (must fire), and one from just below (must not).
 */
const LAYERS: string[][] = [
  [
    'money',
    'time',
    'text',
    'secrets',
    'api-error',
    'data-errors',
    'ports',
    'paths',
    'private-files',
    'package-root',
    'event-bus',
  ],
  ['ledger', 'settings', 'settings-pin', 'file-log', 'alerts'],
  ['cliniko', 'xero'],
  ['connections'],
  ['sync', 'payments-report', 'reconcile'],
  ['service'],
  ['http'],
];

/** Files at the root of electron/core (the rest are folders). */
const ROOT_FILES = new Set([
  'money',
  'api-error',
  'data-errors',
  'ports',
  'paths',
  'private-files',
  'package-root',
  'event-bus',
]);
const fileIn = (name: string): string =>
  ROOT_FILES.has(name) ? `electron/core/${name}.ts` : `electron/core/${name}/x.ts`;
/** An import of a folder's module, written from `name`'s file. */
const importOf = (name: string, folder: string): string =>
  `import * as m from '${ROOT_FILES.has(name) ? './' : '../'}${folder}/x.js';\nexport const a = m;\n`;
const folders = (layers: string[][]): string[] => layers.flat().filter((n) => !ROOT_FILES.has(n));

describe('core layers: each per-folder rule fires', () => {
  const cases = LAYERS.flatMap((names, layer) => names.map((name) => ({ name, layer })));

  it.each(cases.filter((c) => c.layer < LAYERS.length - 1))(
    '$name may not import a layer above it',
    async ({ name, layer }) => {
      for (const higher of folders(LAYERS.slice(layer + 1))) {
        expect(await layeringMessages(fileIn(name), importOf(name, higher)), `${name} → ${higher}`).toEqual([
          expect.stringContaining(`electron/core/${name} is below ${higher}`),
        ]);
      }
    },
  );

  it.each(cases.filter((c) => c.layer > 0))(
    '$name may import the layers below it',
    async ({ name, layer }) => {
      for (const lower of folders(LAYERS.slice(0, layer))) {
        expect(await layeringMessages(fileIn(name), importOf(name, lower)), `${name} → ${lower}`).toEqual([]);
      }
    },
  );
});
