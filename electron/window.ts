import type { BrowserWindowConstructorOptions } from 'electron';

/** The secure defaults every window of the app is created with. */
export function secureWindowOptions(preloadPath: string, icon?: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'clinic-xero-sync',
    ...(icon ? { icon } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

/** The members of BrowserWindow used to show and hide the window. */
export type ShownWindow = {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  isVisible(): boolean;
  restore(): void;
  show(): void;
  hide(): void;
  focus(): void;
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
};

/** Brings the window to the front (a second launch, the tray's Open, a notification click). */
export function focusWindow(win: ShownWindow): void {
  if (win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}

/** Closing the window hides it to the tray; only a real quit (`isQuitting()`) lets it close. */
export function hideOnClose(win: ShownWindow, isQuitting: () => boolean): void {
  win.on('close', (event) => {
    if (isQuitting()) return;
    event.preventDefault();
    win.hide();
  });
}
