// Issue 17's settings: tracking, item codes, email alerts — defaults, refusals, merging, export/import.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings, mergeSettings, parseSettings } from '../../../shared/settings.js';
import { ConfSettingsStore } from './settings-store.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const CAT = '7a3b1c2d-0000-4000-8000-000000000001';
const OPT = '7a3b1c2d-0000-4000-8000-000000000002';

const alerts = {
  enabled: true,
  smtpHost: 'smtp.example.com',
  smtpPort: 587,
  smtpTls: 'starttls' as const,
  smtpUser: 'clinic@example.com',
  from: 'clinic@example.com',
  to: ['owner@example.com', 'books@example.com'],
};

describe('issue 17 settings', () => {
  it('a settings file without them means no tracking, no item codes, no alerts', () => {
    const { tracking: _t, sendItemCodes: _s, alerts: _a, ...old } = defaultSettings();
    const r = parseSettings(old);
    if (!r.ok) throw new Error(r.errors.join('; '));
    expect(r.settings.tracking).toEqual({ categories: [], unmappedIsError: false });
    expect(r.settings.sendItemCodes).toBe(false);
    expect(r.settings.alerts.enabled).toBe(false);
  });

  it('refuses a third category, the same category twice, a bad ID and a password in the file', () => {
    const cat = { trackingCategoryId: CAT, by: 'business', options: { '12': OPT } };
    const errs = (patch: unknown) => {
      const r = mergeSettings(defaultSettings(), patch);
      return r.ok ? [] : r.errors;
    };
    expect(errs({ tracking: { categories: [cat, cat, cat], unmappedIsError: false } })).toEqual([
      'tracking.categories: at most 2 tracking categories (Xero allows 2 per line)',
    ]);
    expect(errs({ tracking: { categories: [cat, cat], unmappedIsError: false } })).toEqual([
      'tracking.categories: the same tracking category is chosen twice',
    ]);
    expect(errs({ tracking: { categories: [{ ...cat, by: 'room' }] } })).toEqual([
      'tracking.categories.0.by: must be business or practitioner',
    ]);
    expect(errs({ tracking: { categories: [{ ...cat, options: { abc: OPT } }] } })[0]).toMatch(
      /^tracking\.categories\.0\.options\.abc: must be a Cliniko ID/,
    );
    expect(errs({ alerts: { password: 'hunter2' } })).toEqual(['alerts.password: unknown setting']);
  });

  it('alerts need a server, a from and a to address once turned on; a patch merges key by key', () => {
    const r = mergeSettings(defaultSettings(), { alerts: { enabled: true } });
    expect(r.ok ? [] : r.errors).toEqual([
      'alerts.smtpHost: required to send alerts',
      'alerts.from: required to send alerts',
      'alerts.to: give at least one address to send alerts to',
    ]);
    const on = mergeSettings(defaultSettings(), { alerts });
    if (!on.ok) throw new Error(on.errors.join('; '));
    const moved = mergeSettings(on.settings, { alerts: { smtpPort: 465, smtpTls: 'tls' } });
    if (!moved.ok) throw new Error(moved.errors.join('; '));
    expect(moved.settings.alerts).toEqual({ ...alerts, smtpPort: 465, smtpTls: 'tls' });
    const bad = mergeSettings(on.settings, { alerts: { to: ['not an address'] } });
    expect(bad.ok ? [] : bad.errors).toEqual(['alerts.to.0: must be an email address']);
  });

  it('export and import carry tracking, item codes and alerts (never a password)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cxs-extras-'));
    dirs.push(dir);
    const a = new ConfSettingsStore(path.join(dir, 'a'));
    a.update({
      tracking: {
        categories: [{ trackingCategoryId: CAT, by: 'practitioner', options: { '12': OPT } }],
        unmappedIsError: true,
      },
      sendItemCodes: true,
      alerts,
    });
    const json = a.exportJson();
    expect(json).not.toMatch(/password|pass"/i);
    const b = new ConfSettingsStore(path.join(dir, 'b'));
    b.importJson(json);
    expect(b.get().tracking).toEqual(a.get().tracking);
    expect(b.get().sendItemCodes).toBe(true);
    expect(b.get().alerts).toEqual(alerts);
    expect(JSON.parse(readFileSync(b.path, 'utf8'))).toEqual(JSON.parse(json));
  });
});
