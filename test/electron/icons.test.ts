import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HEALTHS } from '../../electron/tray.js';
import { iconFiles, TRAY_STATES } from '../../scripts/make-icons.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('icons', () => {
  it('has a tray icon for every state the core reports', () => {
    expect(Object.keys(TRAY_STATES).sort()).toEqual([...HEALTHS].sort());
  });

  it('the committed PNGs are what scripts/make-icons.ts draws', () => {
    // The 1024 px app icon takes seconds to draw; the smaller ones come from the same code.
    for (const [rel, make] of iconFiles().filter(
      ([f]) => !f.endsWith('/icon.png') || f.startsWith('electron'),
    )) {
      if (/(512x512|256x256)\.png$/.test(rel)) continue;
      expect(
        readFileSync(path.join(root, rel)).equals(make()),
        `${rel} is stale: run npx tsx scripts/make-icons.ts`,
      ).toBe(true);
    }
  });
});
