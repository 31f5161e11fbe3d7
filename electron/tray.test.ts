import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeTray, fakeTrayElectron, status } from '../test/electron/fakes.js';
import { EventBus } from './core/event-bus.js';
import { createTrayController, HEALTHS, trayIconFile, type TrayActions } from './tray.js';

const iconDir = '/icons';
let calls: string[];
let actions: TrayActions;

beforeEach(() => {
  FakeTray.instances = [];
  calls = [];
  actions = {
    open: () => calls.push('open'),
    syncNow: () => calls.push('syncNow'),
    pause: () => calls.push('pause'),
    resume: () => calls.push('resume'),
    quit: () => calls.push('quit'),
  };
});

function setup(opts: { canSyncNow?: boolean } = {}) {
  const controller = createTrayController(fakeTrayElectron, { iconDir, actions, ...opts });
  const tray = FakeTray.instances[0];
  if (!tray) throw new Error('no tray created');
  return { controller, tray };
}

describe('tray', () => {
  it('has one icon per state, named after it', () => {
    expect(HEALTHS).toEqual(['synced', 'syncing', 'attention', 'disconnected', 'setup']);
    expect(trayIconFile(iconDir, 'attention')).toBe(path.join(iconDir, 'tray-attention.png'));
  });

  it("follows the core's status.changed events: icon and tooltip in words", () => {
    const { controller, tray } = setup();
    const bus = new EventBus();
    bus.on('status.changed', (s) => controller.update(s));

    const seen: Array<[string, string]> = [];
    const emit = (s: ReturnType<typeof status>): void => {
      bus.emit('status.changed', s);
      seen.push([path.basename(tray.image.path), tray.tooltip]);
    };
    emit(status({ cliniko: { connected: false, account: null } }));
    emit(status({ sync: 'syncing', counts: { pending: 4 } }));
    emit(status());
    emit(status({ counts: { needsAttention: 3 } }));
    emit(status({ xero: { connected: false, needsReconnect: true } }));
    expect(seen).toEqual([
      ['tray-setup.png', 'clinic-xero-sync: Connect Cliniko to get started.'],
      ['tray-syncing.png', 'clinic-xero-sync: Syncing: 4 records to send.'],
      ['tray-synced.png', 'clinic-xero-sync: All invoices synced.'],
      ['tray-attention.png', 'clinic-xero-sync: 3 invoices need attention.'],
      ['tray-disconnected.png', 'clinic-xero-sync: Xero connection lost: reconnect Xero to resume syncing.'],
    ]);
  });

  it('shows an outage in the icon and the tooltip, keeps "Sync now" to retry, and clears it', () => {
    const { controller, tray } = setup();
    controller.update(
      status({
        retryEverySeconds: 30,
        timeZone: 'Australia/Sydney',
        outages: [
          { service: 'cliniko', since: '2026-12-07T23:42:00.000Z', reason: 'no connection to Cliniko' },
        ],
      }),
    );
    expect(path.basename(tray.image.path)).toBe('tray-disconnected.png');
    expect(tray.tooltip).toBe(
      "clinic-xero-sync: Can't reach Cliniko since 10:42 (no connection to Cliniko) — retrying every 30 s.",
    );
    expect(controller.snapshot().menu).toContain('Sync now');
    const syncNow = tray.menu?.template.find((i) => i.id === 'sync-now');
    expect(syncNow?.enabled).toBe(true);
    controller.update(status({ outages: [] }));
    expect(path.basename(tray.image.path)).toBe('tray-synced.png');
    expect(tray.tooltip).toBe('clinic-xero-sync: All invoices synced.');
  });

  it('offers Open, Sync now, Pause / Resume and Quit, each calling its action', () => {
    const { controller, tray } = setup();
    controller.update(status());
    expect(controller.snapshot().menu).toEqual([
      'Open clinic-xero-sync',
      '---',
      'Sync now',
      'Pause syncing',
      '---',
      'Quit',
    ]);
    tray.click('open');
    tray.click('sync-now');
    tray.click('pause');
    controller.update(status({ sync: 'paused' }));
    expect(controller.snapshot().menu).toContain('Resume syncing');
    expect(controller.snapshot().menu).toContain('Sync now (disabled)');
    tray.click('resume');
    tray.click('quit');
    tray.listeners.get('click')?.();
    expect(calls).toEqual(['open', 'syncNow', 'pause', 'resume', 'quit', 'open']);
  });

  it('disables Sync now while not connected or when the core has no such command', () => {
    const { controller, tray } = setup();
    controller.update(status({ xero: { connected: false, needsReconnect: true } }));
    expect(() => tray.click('sync-now')).toThrow(/disabled/);
    const other = createTrayController(fakeTrayElectron, { iconDir, actions, canSyncNow: false });
    other.update(status());
    expect(other.snapshot().menu).toContain('Sync now (disabled)');
  });

  it('rebuilds the menu only when it changes (no flicker on every event)', () => {
    const { controller, tray } = setup();
    controller.update(status({ counts: { synced: 1 } }));
    const builds = tray.menuBuilds;
    controller.update(status({ counts: { synced: 2 } }));
    controller.update(status({ counts: { synced: 3 } }));
    expect(tray.menuBuilds).toBe(builds);
    controller.update(status({ sync: 'paused' }));
    expect(tray.menuBuilds).toBe(builds + 1);
  });

  it('keeps the tooltip within the 127 characters Windows shows', () => {
    const { controller, tray } = setup();
    controller.update({ ...status(), summary: 'x'.repeat(300) });
    expect(tray.tooltip.length).toBeLessThanOrEqual(127);
    controller.destroy();
    expect(tray.destroyed).toBe(true);
  });
});
