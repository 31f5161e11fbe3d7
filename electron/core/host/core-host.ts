import type { EventName, RpcResult } from '../../../shared/api.js';
import type { Service } from '../service/create-service.js';
import { isToHost, type FromHost, type PlatformOp, type ToHost } from './protocol.js';

/** The child's end of the channel to the app (Electron's parentPort or Node's IPC channel). */
export type HostPort = {
  post(message: FromHost): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Ends this process once the ledger is closed. */
  exit(code: number): void;
};

/** What the host needs to open the core: platform actions are asked of the app through the port. */
export type OpenCore = (o: {
  init: Extract<ToHost, { type: 'init' }>;
  platform: (op: PlatformOp, arg: string) => Promise<void>;
  log: (level: 'warn' | 'error', message: string, err?: unknown) => void;
}) => Promise<Service>;

/**
 * The core host's loop (it runs in the child): waits for `init`, opens the service, answers every
 * `call` with the service's own dispatch (which validates and folds errors into RpcResults), and
 * forwards every core event. Calls arriving before the service is open wait for it.
 */
export function runCoreHost(port: HostPort, openCore: OpenCore): void {
  let service: Promise<Service> | null = null;
  let platformIds = 0;
  const platformWaits = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  const log = (level: 'warn' | 'error', message: string, err?: unknown): void =>
    port.post({
      type: 'log',
      level,
      message,
      detail: err === undefined ? null : err instanceof Error ? err.message : String(err),
    });
  const platform = (op: PlatformOp, arg: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const id = ++platformIds;
      platformWaits.set(id, { resolve, reject });
      port.post({ type: 'platform', id, op, arg });
    });

  const handle = async (m: ToHost): Promise<void> => {
    switch (m.type) {
      case 'init': {
        if (service) return;
        service = openCore({ init: m, platform, log });
        try {
          const s = await service;
          s.bus.onAny((name: EventName, payload) => port.post({ type: 'event', name, payload }));
          port.post({ type: 'ready' });
        } catch (err) {
          port.post({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
          port.exit(1);
        }
        return;
      }
      case 'call': {
        let result: RpcResult<unknown>;
        try {
          result = await (await opened()).dispatch(m.method, m.request);
        } catch (err) {
          // Only when the service could not be opened: dispatch itself never throws.
          result = {
            ok: false,
            error: { code: 'failed', message: err instanceof Error ? err.message : String(err) },
          };
        }
        port.post({ type: 'result', id: m.id, result });
        return;
      }
      case 'uiClosed':
        (await opened()).uiClosed();
        return;
      case 'syncInBackground':
        (await opened()).syncInBackground();
        return;
      case 'close': {
        if (service) await (await service).close();
        port.post({ type: 'closed' });
        port.exit(0);
        return;
      }
      case 'platformResult': {
        const wait = platformWaits.get(m.id);
        platformWaits.delete(m.id);
        if (m.error === null) wait?.resolve();
        else wait?.reject(new Error(m.error));
        return;
      }
    }
  };
  const opened = (): Promise<Service> =>
    service ?? Promise.reject(new Error('The core host was sent a call before init.'));

  port.onMessage((message) => {
    if (!isToHost(message)) return;
    handle(message).catch((err: unknown) => log('error', `core host: ${message.type} failed`, err));
  });
}
