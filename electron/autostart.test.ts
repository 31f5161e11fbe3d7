import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createAutostart,
  desktopEntry,
  launchedHidden,
  quoteExecArg,
  type LoginItemApp,
} from './autostart.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fakeApp() {
  const calls: Array<Parameters<LoginItemApp['setLoginItemSettings']>[0]> = [];
  let on = false;
  const app: LoginItemApp = {
    setLoginItemSettings: (s) => {
      calls.push(s);
      on = s.openAtLogin;
    },
    getLoginItemSettings: () => ({ openAtLogin: on }),
  };
  return { app, calls };
}

describe('start at login', () => {
  it('uses login items on macOS and Windows, starting hidden in the tray', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const { app, calls } = fakeApp();
      const a = createAutostart({ app, platform, env: {} });
      a.set(true);
      expect(a.isEnabled()).toBe(true);
      a.set(false);
      expect(a.isEnabled()).toBe(false);
      expect(calls).toEqual([
        { openAtLogin: true, args: ['--hidden'] },
        { openAtLogin: false, args: ['--hidden'] },
      ]);
      expect(a.desktopFile).toBeNull();
    }
  });

  it('writes and removes an XDG autostart entry on Linux', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'cxs-home-'));
    dirs.push(home);
    const { app, calls } = fakeApp();
    const a = createAutostart({
      app,
      platform: 'linux',
      env: {},
      homeDir: home,
      execPath: '/opt/cxs/clinic-xero-sync',
    });
    const file = path.join(home, '.config', 'autostart', 'clinic-xero-sync.desktop');
    expect(a.desktopFile).toBe(file);
    expect(a.isEnabled()).toBe(false);
    a.set(true);
    expect(a.isEnabled()).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
    expect(text).toContain('Exec=/opt/cxs/clinic-xero-sync --hidden\n');
    a.set(false);
    expect(existsSync(file)).toBe(false);
    expect(a.isEnabled()).toBe(false);
    expect(calls).toEqual([]); // Electron's login items do nothing on Linux
  });

  it('starts the AppImage itself and honours XDG_CONFIG_HOME', () => {
    const cfg = mkdtempSync(path.join(os.tmpdir(), 'cxs-cfg-'));
    dirs.push(cfg);
    const a = createAutostart({
      app: fakeApp().app,
      platform: 'linux',
      env: { XDG_CONFIG_HOME: cfg, APPIMAGE: '/home/me/Apps/clinic xero "sync".AppImage' },
      execPath: '/tmp/.mount_x/clinic-xero-sync',
    });
    a.set(true);
    expect(readFileSync(path.join(cfg, 'autostart', 'clinic-xero-sync.desktop'), 'utf8')).toContain(
      'Exec="/home/me/Apps/clinic xero \\\\"sync\\\\".AppImage" --hidden',
    );
  });

  it('quotes Exec arguments as the desktop entry spec asks', () => {
    expect(quoteExecArg('/usr/bin/app')).toBe('/usr/bin/app');
    expect(quoteExecArg('/a b/$x')).toBe('"/a b/\\\\$x"');
    expect(desktopEntry('/x')).toContain('X-GNOME-Autostart-enabled=true');
  });

  it('knows a login launch by --hidden or by macOS wasOpenedAtLogin', () => {
    expect(launchedHidden(['app', '--hidden'])).toBe(true);
    expect(launchedHidden(['app'])).toBe(false);
    expect(launchedHidden(['app'], { getLoginItemSettings: () => ({ wasOpenedAtLogin: true }) })).toBe(true);
  });
});
