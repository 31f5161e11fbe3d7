import { describe, expect, it } from 'vitest';
import { focusWindow, hideOnClose, secureWindowOptions, type ShownWindow } from './window.js';

class FakeWindow implements ShownWindow {
  visible = true;
  minimized = false;
  focused = false;
  destroyed = false;
  closeListener: ((e: { preventDefault(): void }) => void) | null = null;
  isDestroyed = (): boolean => this.destroyed;
  isMinimized = (): boolean => this.minimized;
  isVisible = (): boolean => this.visible;
  restore(): void {
    this.minimized = false;
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused = true;
  }
  on(_event: 'close', l: (e: { preventDefault(): void }) => void): this {
    this.closeListener = l;
    return this;
  }
  /** Clicks the window's close button; true if the window really closes. */
  close(): boolean {
    let prevented = false;
    this.closeListener?.({ preventDefault: () => (prevented = true) });
    return !prevented;
  }
}

describe('window', () => {
  it('is created isolated, sandboxed, without Node and without webviews', () => {
    const o = secureWindowOptions('/app/dist/electron/preload.cjs');
    expect(o.show).toBe(false);
    expect(o.webPreferences).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('hides to the tray when closed, and closes only on a real quit', () => {
    const w = new FakeWindow();
    let quitting = false;
    hideOnClose(w, () => quitting);
    expect(w.close()).toBe(false);
    expect(w.visible).toBe(false);
    quitting = true;
    expect(w.close()).toBe(true);
  });

  it('focusing restores a minimised or hidden window', () => {
    const w = new FakeWindow();
    w.minimized = true;
    w.visible = false;
    focusWindow(w);
    expect([w.minimized, w.visible, w.focused]).toEqual([false, true, true]);
  });
});
