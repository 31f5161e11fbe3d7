import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'clinic-xero-sync';

/**
 * The data folder shared by the desktop app, the CLI and `serve`: CXS_DATA_DIR if set, else the OS's
 * per-user app-data folder (the same place Electron's `userData` points to for this app name).
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.CXS_DATA_DIR) return path.resolve(env.CXS_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME);
}
