import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HostChild } from './client.js';

/**
 * Starts the core host as a Node child (`child_process.fork`): for Node programs and for the tests
 * that prove the desktop app's process boundary. Messages use structured clone ('advanced'), as
 * Electron's utilityProcess does. From the TypeScript sources the child runs through tsx.
 */
export function forkNodeCoreHost(o: { env?: NodeJS.ProcessEnv; entry?: string } = {}): HostChild {
  const here = import.meta.url;
  const entry = o.entry ?? fileURLToPath(new URL(here.endsWith('.ts') ? './entry.ts' : './entry.js', here));
  const child = fork(entry, [], {
    env: o.env ?? process.env,
    execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    post: (m) => {
      if (child.connected) child.send(m);
    },
    onMessage: (l) => child.on('message', l),
    onExit: (l) => void exited.then(l),
    kill: () => child.kill('SIGKILL'),
    get pid() {
      return child.pid;
    },
  };
}
