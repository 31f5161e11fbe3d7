import type { ApiBridge, PreloadApi } from '../../shared/api';
import { createHttpBridge, takeSessionToken } from './http-bridge';
import { createIpcBridge } from './ipc-bridge';

declare global {
  interface Window {
    cxs?: PreloadApi;
  }
}

/** One client for the whole UI: Electron's preload when present, else the `serve` HTTP transport. */
export function connectApi(): ApiBridge | { error: string } {
  if (window.cxs) return createIpcBridge(window.cxs);
  const token = takeSessionToken();
  if (!token) {
    return {
      error:
        'This page needs the address printed by `clinic-xero-sync serve` (it ends with #token=…). ' +
        'Open that exact address.',
    };
  }
  return createHttpBridge(token);
}
