import type { ForkOptions, UtilityProcess } from 'electron';
import type { HostChild } from './core/host/client.js';

/** The part of Electron's `utilityProcess` module the launcher uses (tests pass a fake). */
export type UtilityProcessApi = {
  fork(modulePath: string, args?: string[], options?: ForkOptions): UtilityChild;
};
export type UtilityChild = Pick<UtilityProcess, 'postMessage' | 'kill' | 'pid'> & {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  once(event: 'exit', listener: (code: number) => void): unknown;
};

/**
 * Starts the core host (electron/core/host/entry.js) as an Electron utilityProcess: a Node child
 * with Electron's runtime (so better-sqlite3 and keytar built for Electron load), outside the main
 * process, so a long ledger write or a search over 100,000 rows never freezes the window or the
 * tray. The messages are the ones a Node fork carries (electron/core/host/protocol.ts).
 */
export function utilityCoreHost(api: UtilityProcessApi, entry: string): HostChild {
  const child = api.fork(entry, [], { serviceName: 'clinic-xero-sync core', stdio: 'inherit' });
  let exitCode: number | null | undefined;
  const exitListeners: ((code: number | null) => void)[] = [];
  child.once('exit', (code) => {
    exitCode = code;
    for (const l of exitListeners.splice(0)) l(code);
  });
  return {
    post: (m) => {
      if (exitCode === undefined) child.postMessage(m);
    },
    onMessage: (l) => void child.on('message', l),
    onExit: (l) => {
      if (exitCode === undefined) exitListeners.push(l);
      else l(exitCode);
    },
    kill: () => void child.kill(),
    get pid() {
      return child.pid;
    },
  };
}
