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
