/**
 * Small stand-ins for the parts of Electron the shell modules take as parameters. The Electron
 * binary cannot run on the build machines, so tests drive these instead of the real API.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { AppStatus } from '../../shared/api.js';
import { describeStatus, type StatusInputs } from '../../electron/core/service/status.js';

export type FakeImage = { path: string };
export type FakeMenu = { template: MenuItemConstructorOptions[] };

export class FakeTray {
  static instances: FakeTray[] = [];
  image: FakeImage;
  tooltip = '';
  menu: FakeMenu | null = null;
  menuBuilds = 0;
  destroyed = false;
  readonly listeners = new Map<string, () => void>();
  constructor(image: FakeImage) {
    this.image = image;
    FakeTray.instances.push(this);
  }
  setImage(image: FakeImage): void {
    this.image = image;
  }
  setToolTip(t: string): void {
    this.tooltip = t;
  }
  setContextMenu(menu: FakeMenu | null): void {
    this.menu = menu;
    this.menuBuilds++;
  }
  on(event: 'click', listener: () => void): this {
    this.listeners.set(event, listener);
    return this;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** Clicks the menu item with this id, as a user would. */
  click(id: string): void {
    const item = this.menu?.template.find((i) => i.id === id);
    if (!item) throw new Error(`no menu item ${id}`);
    if (item.enabled === false) throw new Error(`menu item ${id} is disabled`);
    (item.click as (() => void) | undefined)?.();
  }
}

export const fakeTrayElectron = {
  Tray: FakeTray,
  Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]): FakeMenu => ({ template }) },
  nativeImage: { createFromPath: (path: string): FakeImage => ({ path }) },
};

const base: StatusInputs = {
  sync: 'idle',
  cliniko: { connected: true, account: 'Clinic' },
  xero: { connected: true, tenantId: 't1', tenantName: 'Org', needsReconnect: false },
  counts: { synced: 10, pending: 0, failed: 0, needsAttention: 0 },
  // A whole cycle has finished (before that the status never says "All invoices synced").
  lastSyncAt: '2026-12-07T09:00:00.000Z',
  nextSyncAt: null,
  pausedUntil: null,
  pauseReason: null,
};

type StatusOverrides = Partial<Omit<StatusInputs, 'counts' | 'xero'>> & {
  counts?: Partial<StatusInputs['counts']>;
  xero?: Partial<StatusInputs['xero']>;
};

/** A status as the core derives it (health and summary through the real describeStatus). */
export function status(over: StatusOverrides = {}): AppStatus {
  return describeStatus({
    ...base,
    ...over,
    counts: { ...base.counts, ...over.counts },
    xero: { ...base.xero, ...over.xero },
  });
}
