/**
 * The sandboxed preload: the renderer's only door to the core. It exposes two typed functions —
 * invoke a contract method, listen to a contract event — and never `ipcRenderer` itself.
 * Sandboxed preloads cannot load our own modules, so the channel names are repeated here and a test
 * keeps them equal to shared/api.ts.
 */
import electron = require('electron');
import type { PreloadApi, RpcResult } from '../shared/api.js';

const { contextBridge, ipcRenderer } = electron;

const INVOKE_CHANNEL = 'cxs:invoke';
const EVENT_CHANNEL = 'cxs:event';

const api: PreloadApi = {
  invoke: (method, request) =>
    ipcRenderer.invoke(INVOKE_CHANNEL, method, request) as Promise<RpcResult<unknown>>,
  on: (event, listener) => {
    const wrapped = (_e: electron.IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('cxs', api);
