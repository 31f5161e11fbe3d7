/**
 * "Start at login" through the OS's own mechanism: login items on macOS and Windows
 * (`app.setLoginItemSettings`), and on Linux, where Electron has none, an XDG autostart entry
 * `~/.config/autostart/clinic-xero-sync.desktop`. A login launch passes `--hidden`, so the app starts
 * in the tray without opening its window.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const HIDDEN_ARG = '--hidden';
export const DESKTOP_FILE_NAME = 'clinic-xero-sync.desktop';

export type LoginItemApp = {
  setLoginItemSettings(settings: {
    openAtLogin: boolean;
    openAsHidden?: boolean;
    args?: string[];
    path?: string;
  }): void;
  getLoginItemSettings(options?: { args?: string[]; path?: string }): { openAtLogin: boolean };
};

export type AutostartOptions = {
  app: LoginItemApp;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  /** The program to start: the AppImage's own path when run as one, else the executable. */
  execPath?: string;
  homeDir?: string;
};

export type Autostart = {
  set(enabled: boolean): void;
  isEnabled(): boolean;
  /** Linux only: where the entry lives. */
  readonly desktopFile: string | null;
};

/** Quotes one argument for a desktop entry's Exec key (XDG Desktop Entry spec, "The Exec key"). */
export function quoteExecArg(arg: string): string {
  const quoted = /^[A-Za-z0-9_/.+:=,@%-]+$/.test(arg) ? arg : `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
  // Exec is also a string value, where a backslash is itself escaped.
  return quoted.replace(/\\/g, '\\\\');
}

export function desktopEntry(execPath: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=clinic-xero-sync',
    'Comment=Keeps Xero in step with Cliniko',
    `Exec=${quoteExecArg(execPath)} ${HIDDEN_ARG}`,
    'Icon=clinic-xero-sync',
    'Terminal=false',
    'Categories=Office;',
    'X-GNOME-Autostart-enabled=true',
    'Hidden=false',
    '',
  ].join('\n');
}

export function createAutostart(opts: AutostartOptions): Autostart {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  const execPath = env.APPIMAGE ?? opts.execPath ?? process.execPath;
  if (platform !== 'linux') {
    return {
      desktopFile: null,
      set: (enabled) => opts.app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] }),
      isEnabled: () => opts.app.getLoginItemSettings({ args: [HIDDEN_ARG] }).openAtLogin,
    };
  }
  const configHome = env.XDG_CONFIG_HOME || path.join(opts.homeDir ?? os.homedir(), '.config');
  const file = path.join(configHome, 'autostart', DESKTOP_FILE_NAME);
  return {
    desktopFile: file,
    set: (enabled) => {
      if (!enabled) {
        rmSync(file, { force: true });
        return;
      }
      const content = desktopEntry(execPath);
      if (existsSync(file) && readFileSync(file, 'utf8') === content) return;
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content, { mode: 0o644 });
    },
    isEnabled: () => existsSync(file) && !/^Hidden\s*=\s*true\s*$/m.test(readFileSync(file, 'utf8')),
  };
}

/** Whether this launch came from a login item / autostart entry: start in the tray only. */
export function launchedHidden(
  argv: readonly string[],
  app?: { getLoginItemSettings(): { wasOpenedAtLogin?: boolean } },
): boolean {
  return argv.includes(HIDDEN_ARG) || app?.getLoginItemSettings().wasOpenedAtLogin === true;
}
