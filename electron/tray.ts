/**
 * The tray icon: its picture and tooltip follow the core's `status.changed` events (all synced,
 * syncing, needs attention, disconnected, setup), and its menu offers Open, Sync now, Pause/Resume
 * and Quit. Electron's Tray, Menu and nativeImage come in as parameters so tests pass small fakes.
 */
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { AppStatus, Health } from '../shared/api.js';

export const HEALTHS: readonly Health[] = ['synced', 'syncing', 'attention', 'disconnected', 'setup'];

/** The slice of Electron the tray needs; `I` is Electron's NativeImage, `M` its Menu. */
export type TrayElectron<I, M> = {
  Tray: new (image: I) => {
    setImage(image: I): void;
    setToolTip(toolTip: string): void;
    setContextMenu(menu: M | null): void;
    on(event: 'click', listener: () => void): unknown;
    destroy(): void;
  };
  Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): M };
  nativeImage: { createFromPath(path: string): I };
};

export type TrayActions = {
  open(): void;
  syncNow(): void;
  pause(): void;
  resume(): void;
  quit(): void;
};

export type TrayOptions = {
  /** Folder with `tray-<health>.png` (+ `@2x`), see scripts/make-icons.ts. */
  iconDir: string;
  actions: TrayActions;
  /** False where the core has no such command yet: the item is shown disabled. */
  canSyncNow?: boolean;
  canPause?: boolean;
  initial?: AppStatus;
};

export type TrayController = {
  update(status: AppStatus): void;
  /** What the tray shows now (for tests and the smoke test). */
  snapshot(): { health: Health; icon: string; tooltip: string; menu: string[] };
  destroy(): void;
};

export const PRODUCT_NAME = 'clinic-xero-sync';

export function trayIconFile(iconDir: string, health: Health): string {
  return path.join(iconDir, `tray-${health}.png`);
}

/** The tooltip names the state in words: "clinic-xero-sync: 3 invoices need attention." */
export function trayTooltip(status: Pick<AppStatus, 'summary'>): string {
  const text = `${PRODUCT_NAME}: ${status.summary}`;
  // Windows truncates tray tooltips at 127 characters.
  return text.length > 127 ? `${text.slice(0, 126)}…` : text;
}

function isPaused(status: AppStatus): boolean {
  return status.sync === 'paused' || status.pausedUntil !== null;
}

export function trayMenuTemplate(
  status: AppStatus,
  actions: TrayActions,
  can: { syncNow: boolean; pause: boolean },
): MenuItemConstructorOptions[] {
  // Connected to both (an outage is not a lost connection: "Sync now" retries it).
  const connected = status.health !== 'setup' && !status.xero.needsReconnect;
  const paused = isPaused(status);
  return [
    { id: 'open', label: `Open ${PRODUCT_NAME}`, click: () => actions.open() },
    { type: 'separator' },
    {
      id: 'sync-now',
      label: 'Sync now',
      enabled: can.syncNow && connected && !paused && status.sync !== 'syncing',
      click: () => actions.syncNow(),
    },
    paused
      ? { id: 'resume', label: 'Resume syncing', enabled: can.pause, click: () => actions.resume() }
      : {
          id: 'pause',
          label: 'Pause syncing',
          enabled: can.pause && connected,
          click: () => actions.pause(),
        },
    { type: 'separator' },
    { id: 'quit', label: 'Quit', click: () => actions.quit() },
  ];
}

export function createTrayController<I, M>(electron: TrayElectron<I, M>, opts: TrayOptions): TrayController {
  const images = new Map<Health, I>();
  const image = (health: Health): I => {
    let img = images.get(health);
    if (img === undefined) {
      img = electron.nativeImage.createFromPath(trayIconFile(opts.iconDir, health));
      images.set(health, img);
    }
    return img;
  };
  const can = { syncNow: opts.canSyncNow ?? true, pause: opts.canPause ?? true };

  let health: Health = opts.initial?.health ?? 'setup';
  let tooltip = opts.initial ? trayTooltip(opts.initial) : `${PRODUCT_NAME}: starting…`;
  let template: MenuItemConstructorOptions[] = [];
  let menuKey = '';
  const tray = new electron.Tray(image(health));
  tray.setToolTip(tooltip);
  tray.on('click', () => opts.actions.open());

  const setMenu = (next: MenuItemConstructorOptions[]): void => {
    const key = JSON.stringify(next.map((i) => [i.id, i.label, i.enabled, i.type]));
    if (key === menuKey) return; // Rebuilding an unchanged menu makes it flicker on Linux.
    menuKey = key;
    template = next;
    tray.setContextMenu(electron.Menu.buildFromTemplate(next));
  };

  const update = (status: AppStatus): void => {
    if (status.health !== health) {
      health = status.health;
      tray.setImage(image(health));
    }
    const nextTip = trayTooltip(status);
    if (nextTip !== tooltip) {
      tooltip = nextTip;
      tray.setToolTip(tooltip);
    }
    setMenu(trayMenuTemplate(status, opts.actions, can));
  };

  if (opts.initial) update(opts.initial);
  else
    setMenu([
      { id: 'open', label: `Open ${PRODUCT_NAME}`, click: () => opts.actions.open() },
      { type: 'separator' },
      { id: 'quit', label: 'Quit', click: () => opts.actions.quit() },
    ]);

  return {
    update,
    snapshot: () => ({
      health,
      icon: trayIconFile(opts.iconDir, health),
      tooltip,
      menu: template.map((i) =>
        i.type === 'separator' ? '---' : `${i.label ?? ''}${i.enabled === false ? ' (disabled)' : ''}`,
      ),
    }),
    destroy: () => tray.destroy(),
  };
}
