/**
 * Starts the real desktop app and checks the window, its security, the tray and the close-to-tray
 * behaviour. Needs the Electron binary: run it with `bash test/electron/run.sh`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function electronPath(): string | null {
  if (process.env.CXS_ELECTRON_PATH) return process.env.CXS_ELECTRON_PATH;
  try {
    return createRequire(import.meta.url)('electron') as string;
  } catch {
    return null;
  }
}

type TraySnapshot = { health: string; icon: string; tooltip: string; menu: string[] };

let app: ElectronApplication;
let dataDir: string;

test.beforeAll(async () => {
  const executablePath = electronPath();
  test.skip(executablePath === null, 'no Electron binary on this machine');
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'cxs-electron-'));
  app = await electron.launch({
    executablePath: executablePath ?? undefined,
    args: [root, ...(process.env.CI ? ['--no-sandbox'] : [])],
    env: { ...process.env, CXS_DATA_DIR: dataDir, CXS_SECRET_STORE: 'file', CXS_E2E: '1' },
  });
});

test.afterAll(async () => {
  await app?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('opens one secure window on the app page', async () => {
  const page = await app.firstWindow();
  await expect(page).toHaveTitle('clinic-xero-sync');
  expect(page.url()).toMatch(/^file:\/\/.*\/dist-renderer\/index\.html/);
  await expect(page.getByTestId('app-status')).toHaveText('Connect Cliniko to get started.');
  // The page has the typed bridge and nothing of Node.
  expect(await page.evaluate(() => typeof (globalThis as { cxs?: unknown }).cxs)).toBe('object');
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  // Context isolation: the bridge exposes exactly two functions, never ipcRenderer.
  expect(await page.evaluate(() => Object.keys((globalThis as { cxs?: object }).cxs ?? {}).sort())).toEqual([
    'invoke',
    'on',
  ]);
});

test('refuses navigation away from the app and window.open', async () => {
  const page = await app.firstWindow();
  // The address's fragment is the app's own route (#/setup/cliniko…): only the document must stay.
  const doc = (u: string) => u.replace(/#.*$/, '');
  const before = doc(page.url());
  await page.evaluate(() => {
    (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(doc(page.url())).toBe(before);
  const opened = await page.evaluate(() => {
    const w = globalThis as unknown as { open(url: string): unknown };
    return w.open('https://example.com/') === null;
  });
  expect(opened).toBe(true);
  expect(app.windows()).toHaveLength(1);
});

test('shows the state in the tray with Open, Sync now, Pause and Quit', async () => {
  const tray = await app.evaluate(() => (globalThis as { cxsShell?: { tray(): unknown } }).cxsShell?.tray());
  const snap = tray as TraySnapshot;
  expect(snap.health).toBe('setup');
  expect(path.basename(snap.icon)).toBe('tray-setup.png');
  expect(snap.tooltip).toBe('clinic-xero-sync: Connect Cliniko to get started.');
  expect(snap.menu[0]).toBe('Open clinic-xero-sync');
  expect(snap.menu.some((m) => m.startsWith('Sync now'))).toBe(true);
  expect(snap.menu.some((m) => m.startsWith('Pause syncing'))).toBe(true);
  expect(snap.menu.at(-1)).toBe('Quit');
});

test('closing the window hides it to the tray', async () => {
  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
  const state = await app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((w) => ({ visible: w.isVisible(), destroyed: w.isDestroyed() })),
  );
  expect(state).toEqual([{ visible: false, destroyed: false }]);
});
