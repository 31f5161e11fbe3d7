import path from 'node:path';
import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions } from 'electron';

/** The secure defaults every window of the app is created with. */
export function secureWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'clinic-xero-sync',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/**
 * The window may show our own page and nothing else: navigation elsewhere and `window.open` are
 * denied. Links meant for the browser go through the allow-listed openExternal instead.
 */
export function lockDownNavigation(win: BrowserWindowType, appIndexFile: string): void {
  const own = new URL(`file://${path.resolve(appIndexFile)}`).href;
  win.webContents.on('will-navigate', (event, url) => {
    if (url.split('#')[0] !== own) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
}
