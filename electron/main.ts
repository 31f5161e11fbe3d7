/**
 * The desktop app's main process: thin wiring of platform ports into the core. All behaviour lives
 * in electron/core (which runs the same way under the CLI and `serve`) and in the small shell
 * modules beside this file (tray, notifications, security, autostart, lifecycle), each tested with
 * a fake of the Electron API it is given. The core itself runs in its own process (a
 * utilityProcess, see core-host.ts and decision 019): this process only shows the window and the
 * tray, so the core's work never freezes them.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  session,
  shell,
  Tray,
  utilityProcess,
} from 'electron';
import Store from 'electron-store';
import { isMethodName, type AppStatus, type UiNavigate } from '../shared/api.js';
import { createFileLogger, logsDir, type Logger } from './core/file-log/logger.js';
import { CoreHostClient } from './core/host/client.js';
import type { CoreHandle } from './core/host/protocol.js';
import { dataDir } from './core/paths.js';
import { packageRoot, rendererDir } from './core/package-root.js';
import { createAutostart, launchedHidden } from './autostart.js';
import { linkInArgv, registerAppLinks } from './app-links.js';
import { utilityCoreHost } from './core-host.js';
import { wireIpc } from './ipc.js';
import { createQuitController } from './lifecycle.js';
import { createStatusNotifier, electronNoticeShower } from './notifications.js';
import {
  externalAllowlist,
  lockDownContents,
  lockDownSession,
  ownPageUrl,
  safeOpenExternal,
} from './security.js';
import { claimSingleInstance } from './single-instance.js';
import { createTrayController, type TrayController } from './tray.js';
import { focusWindow, hideOnClose, secureWindowOptions } from './window.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const assets = path.join(packageRoot(), 'electron', 'assets');
const APP_ID = 'com.clinicxerosync.app';

let mainWindow: BrowserWindow | null = null;
/** A screen to show once the page has loaded (a notification clicked while the window was closed). */
let pendingNavigate: UiNavigate | null = null;

async function start(log: Logger): Promise<void> {
  const dir = dataDir();
  app.setAppLogsPath(logsDir(dir));
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  log.info(`clinic-xero-sync ${app.getVersion()} starting (Electron ${process.versions.electron ?? '?'})`);

  const allow = externalAllowlist();
  const openExternal = safeOpenExternal((url) => shell.openExternal(url), allow);
  const refused = (what: string, url: string): void => log.warn(`Refused ${what}${url ? ` to ${url}` : ''}`);
  const ownUrl = ownPageUrl(path.join(rendererDir(), 'index.html'));
  lockDownSession(session.defaultSession, refused);
  app.on('web-contents-created', (_event, contents) =>
    lockDownContents(contents, ownUrl, openExternal, refused),
  );

  // The core (ledger, secrets, sync) in its own process; restarted by the client if it dies.
  const core = new CoreHostClient({
    spawn: () => utilityCoreHost(utilityProcess, path.join(here, 'core', 'host', 'entry.js')),
    mode: 'electron',
    dataDir: dir,
    platform: {
      openExternal,
      openPath: async (p) => {
        const error = await shell.openPath(p);
        if (error) throw new Error(error);
      },
    },
    log: (level, message) => log[level](message),
  });
  const service: CoreHandle = core;
  try {
    await core.start();
  } catch (err) {
    log.error('Startup failed', err);
    dialog.showErrorBox('clinic-xero-sync cannot start', err instanceof Error ? err.message : String(err));
    app.exit(1);
    return;
  }

  // The settings file the core's settings store shares with the CLI (conf): read here for the
  // shell's own two options, and watched so a change from the UI or the CLI applies at once.
  const settings = new Store<Record<string, unknown>>({ cwd: dir, name: 'settings', watch: true });
  const setting = (key: 'startAtLogin' | 'notifications', fallback: boolean): boolean => {
    const v = settings.get(key);
    return typeof v === 'boolean' ? v : fallback;
  };
  const autostart = createAutostart({ app });
  const applyAutostart = (): void => {
    try {
      const want = setting('startAtLogin', false);
      if (autostart.isEnabled() !== want) autostart.set(want);
    } catch (err) {
      log.warn('Could not change start at login', err);
    }
  };
  applyAutostart();
  settings.onDidChange('startAtLogin', applyAutostart);

  const quit = createQuitController(app, () => service.close(), { log: (m, e) => log.warn(m, e) });
  const command = (method: string): void => {
    void service.dispatch(method, {}).then((r) => {
      if (!r.ok) log.warn(`${method}: ${r.error.message}`);
    });
  };
  const tray = createTrayController(
    { Tray, Menu, nativeImage },
    {
      iconDir: path.join(assets, 'tray'),
      actions: {
        open: () => showWindow(service, ownUrl, quit.isQuitting),
        syncNow: () => command('sync.now'),
        pause: () => command('sync.pause'),
        resume: () => command('sync.resume'),
        quit: () => quit.quit(),
      },
      canSyncNow: isMethodName('sync.now'),
      canPause: isMethodName('sync.pause') && isMethodName('sync.resume'),
    },
  );
  /** Shows the window on a screen (a notification or an alert email's link was clicked). */
  const goTo = (navigate: UiNavigate): void => {
    const loaded = mainWindow !== null && !mainWindow.isDestroyed() && !mainWindow.webContents.isLoading();
    showWindow(service, ownUrl, quit.isQuitting);
    if (loaded) service.bus.emit('ui.navigate', navigate);
    else pendingNavigate = navigate;
  };
  registerAppLinks(app, goTo, { registerScheme: process.env.CXS_E2E !== '1' });
  const notifier = createStatusNotifier({
    enabled: () => setting('notifications', true),
    show: electronNoticeShower(
      { Notification },
      {
        icon: path.join(assets, 'icon.png'),
        onClick: (navigate) => goTo(navigate),
      },
    ),
  });
  const onStatus = (s: AppStatus): void => {
    tray.update(s);
    notifier.onStatus(s);
  };
  service.bus.on('status.changed', onStatus);
  service.status().then(onStatus, (err: unknown) => log.error('Reading the status failed', err));
  app.on('will-quit', () => {
    notifier.dispose();
    tray.destroy();
  });
  exposeForSmokeTest(tray);

  wireIpc(ipcMain, service, () => mainWindow, ownUrl);
  service.syncInBackground();
  claimedSecondLaunch = (argv) => {
    const nav = linkInArgv(argv);
    if (nav) goTo(nav);
    else showWindow(service, ownUrl, quit.isQuitting);
  };
  app.on('activate', () => showWindow(service, ownUrl, quit.isQuitting));
  // The app lives in the tray: closing the last window must not quit it.
  app.on('window-all-closed', () => {});
  const launchLink = linkInArgv(process.argv);
  if (launchLink) goTo(launchLink);
  else if (!launchedHidden(process.argv, app)) showWindow(service, ownUrl, quit.isQuitting);
  log.info('Started');
}

function showWindow(service: CoreHandle, ownUrl: string, isQuitting: () => boolean): void {
  if (mainWindow && !mainWindow.isDestroyed()) {
    focusWindow(mainWindow);
    return;
  }
  const win = new BrowserWindow(
    secureWindowOptions(path.join(here, 'preload.cjs'), path.join(assets, 'icon.png')),
  );
  mainWindow = win;
  hideOnClose(win, isQuitting);
  // Closing (hiding) the window ends a settings-lock unlock.
  win.on('hide', () => service.uiClosed());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('did-finish-load', () => {
    const nav = pendingNavigate;
    pendingNavigate = null;
    // Give the page a moment to subscribe to events before it is told where to go.
    if (nav) setTimeout(() => service.bus.emit('ui.navigate', nav), 500);
  });
  void win.loadURL(ownUrl);
}

/** Lets the Playwright smoke test (test/electron/) read the tray, which has no DOM to query. */
function exposeForSmokeTest(tray: TrayController): void {
  if (process.env.CXS_E2E !== '1') return;
  (globalThis as { cxsShell?: unknown }).cxsShell = { tray: () => tray.snapshot() };
}

let claimedSecondLaunch: (argv: string[]) => void = () => {};

// Before anything else: the single-instance lock and Electron's own files live in userData.
app.setPath('userData', dataDir());
const log = createFileLogger({
  dir: logsDir(dataDir()),
  echo: app.isPackaged ? undefined : (line) => console.error(line),
});
process.on('uncaughtException', (err) => log.error('Uncaught exception', err));
process.on('unhandledRejection', (err) => log.error('Unhandled rejection', err));

if (claimSingleInstance(app, (argv) => claimedSecondLaunch(argv))) {
  app.whenReady().then(
    () => start(log),
    (err: unknown) => {
      log.error('Electron failed to start', err);
      app.exit(1);
    },
  );
}
