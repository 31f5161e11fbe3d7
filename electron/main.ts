/**
 * The desktop app's main process: thin wiring of platform ports into the core. All behaviour lives
 * in electron/core, which runs the same way under the CLI and `serve`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain } from 'electron';
import { dataDir } from './core/paths.js';
import { openSecretStore } from './core/secrets/open-secret-store.js';
import { createService } from './core/service/create-service.js';
import { rendererDir } from './core/version.js';
import { wireIpc } from './ipc.js';
import { lockDownNavigation, secureWindowOptions } from './window.js';

const here = path.dirname(fileURLToPath(import.meta.url));
let mainWindow: BrowserWindow | null = null;

async function start(): Promise<void> {
  const dir = dataDir();
  app.setPath('userData', dir);
  const secrets = await openSecretStore({ dataDir: dir, warn: (m) => console.warn(m) });
  const service = createService({ mode: 'electron', dataDir: dir, secrets });
  wireIpc(ipcMain, service, () => mainWindow);
  showWindow();
}

function showWindow(): void {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
    return;
  }
  const indexFile = path.join(rendererDir(), 'index.html');
  mainWindow = new BrowserWindow(secureWindowOptions(path.join(here, 'preload.cjs')));
  lockDownNavigation(mainWindow, indexFile);
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  void mainWindow.loadFile(indexFile);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  app.whenReady().then(start, (err: unknown) => {
    console.error(err);
    app.exit(1);
  });
}
