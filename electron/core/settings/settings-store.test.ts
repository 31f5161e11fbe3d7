import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/settings.js';
import { ConfSettingsStore, SettingsError } from './settings-store.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function store(): { s: ConfSettingsStore; dir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cxs-settings-'));
  dirs.push(dir);
  return { s: new ConfSettingsStore(dir), dir };
}

const valid = {
  ...defaultSettings('2025-01-01'),
  invoicePrefix: 'CL-',
  defaults: {
    serviceAccountCode: '200',
    productAccountCode: '210',
    paymentAccountCode: '090',
    taxExemptTaxType: 'EXEMPTOUTPUT',
  },
  billableItems: { '123': { accountCode: '201' } },
};

describe('ConfSettingsStore', () => {
  it('reads defaults without a file, imports into <dataDir>/settings.json, exports the same', () => {
    const { s, dir } = store();
    expect(s.get()).toEqual(defaultSettings());
    expect(existsSync(path.join(dir, 'settings.json'))).toBe(false);
    s.importJson(JSON.stringify(valid));
    expect(s.path).toBe(path.join(dir, 'settings.json'));
    expect(JSON.parse(readFileSync(s.path, 'utf8'))).toEqual(valid);
    expect(JSON.parse(s.exportJson())).toEqual(valid);
    // A second store on the same file (the desktop app's electron-store) sees it.
    expect(new ConfSettingsStore(dir).get()).toEqual(valid);
  });

  it('refuses unknown keys and bad values with a message naming the key, changing nothing', () => {
    const { s } = store();
    s.importJson(JSON.stringify(valid));
    const before = readFileSync(s.path, 'utf8');
    expect(() => s.importJson(JSON.stringify({ ...valid, colour: 'blue' }))).toThrow(
      /colour: unknown setting/,
    );
    expect(() => s.update({ defaults: { paymentAccountCode: 'not valid!' } })).toThrow(SettingsError);
    expect(() => s.update({ defaults: { paymentAccountCode: 'not valid!' } })).toThrow(
      /defaults\.paymentAccountCode/,
    );
    expect(() => s.importJson('{nope')).toThrow(/not valid JSON/);
    expect(readFileSync(s.path, 'utf8')).toBe(before);
  });

  it('update merges; null removes a mapping entry', () => {
    const { s } = store();
    s.importJson(JSON.stringify(valid));
    const next = s.update({
      billableItems: { '123': null, '456': { accountCode: '260' } },
      invoicePrefix: 'X-',
    });
    expect(next.billableItems).toEqual({ '456': { accountCode: '260' } });
    expect(next.invoicePrefix).toBe('X-');
    expect(next.defaults).toEqual(valid.defaults);
  });
});
