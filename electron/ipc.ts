import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../shared/api.js';
import type { CoreHandle } from './core/host/protocol.js';
import { isOwnPage } from './security.js';

/**
 * Wires the contract onto Electron IPC: one invoke channel dispatching to the core (which
 * validates every request) and one event channel fanning core events out to the window. Calls from
 * any frame that is not our own app page are refused.
 */
export function wireIpc(
  ipcMain: IpcMain,
  service: Pick<CoreHandle, 'dispatch' | 'bus'>,
  window: () => BrowserWindow | null,
  /** Our page's file:// URL; without it any file:// frame is accepted. */
  ownUrl?: string,
): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event: IpcMainInvokeEvent, method: unknown, request: unknown) => {
    if (!isOwnFrame(event, ownUrl)) {
      return {
        ok: false,
        error: { code: 'unauthorized', message: 'Calls are accepted from the app window only.' },
      };
    }
    return service.dispatch(method, request);
  });
  const off = service.bus.onAny((name, payload) => {
    const win = window();
    if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, name, payload);
  });
  return () => {
    off();
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
  };
}

export function isOwnFrame(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, ownUrl?: string): boolean {
  const url = event.senderFrame?.url ?? '';
  if (!url.startsWith('file://')) return false;
  return ownUrl === undefined || isOwnPage(url, ownUrl);
}
