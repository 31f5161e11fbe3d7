/**
 * The core host's entry: the file the app starts as its core process, an Electron
 * `utilityProcess` in the desktop app or a `child_process.fork` child under Node. Nothing here
 * imports Electron: the two differ only in the channel to the parent (see HostPort).
 */
import { mkdir } from 'node:fs/promises';
import { openSecretStore } from '../secrets/open-secret-store.js';
import { createService } from '../service/create-service.js';
import { runCoreHost, type HostPort } from './core-host.js';
import type { FromHost } from './protocol.js';

type ParentPort = {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
};

/** Electron's utilityProcess gives the child `process.parentPort`; a Node fork has `process.send`. */
function parentChannel(): HostPort {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      post: (m: FromHost) => parentPort.postMessage(m),
      onMessage: (l) => parentPort.on('message', (e) => l(e.data)),
      exit: (code) => process.exit(code),
    };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('The core host must be started by the app (no channel to a parent).');
  // The parent going away (the app crashed or was killed) ends the host too: no orphan keeps the
  // data folder's sync lock.
  process.on('disconnect', () => process.exit(0));
  return {
    post: (m: FromHost) => {
      if (process.connected) send(m);
    },
    onMessage: (l) => process.on('message', l),
    exit: (code) => process.exit(code),
  };
}

const channel = parentChannel();
const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));
// As in the main process before the core moved out: a stray rejection is logged, not fatal. An
// uncaught exception leaves the core in an unknown state: exit, and the app starts a fresh one.
process.on('unhandledRejection', (err) =>
  channel.post({ type: 'log', level: 'error', message: 'Unhandled rejection', detail: describe(err) }),
);
process.on('uncaughtException', (err) => {
  channel.post({ type: 'log', level: 'error', message: 'Uncaught exception', detail: describe(err) });
  process.exit(1);
});

runCoreHost(channel, async ({ init, platform, log }) => {
  await mkdir(init.dataDir, { recursive: true, mode: 0o700 });
  const secrets = await openSecretStore({ dataDir: init.dataDir, warn: (m) => log('warn', m) });
  return createService({
    mode: init.mode,
    dataDir: init.dataDir,
    secrets,
    ...(init.platform.includes('openExternal')
      ? { openExternal: (url: string) => platform('openExternal', url) }
      : {}),
    ...(init.platform.includes('openPath') ? { openPath: (p: string) => platform('openPath', p) } : {}),
    logError: (message, err) => log('error', message, err),
  });
});
