import type { AppStatus } from '../../../shared/api.js';
import type { SyncRuntime } from '../sync/runtime.js';
import type { Handlers } from './dispatch.js';

/** sync.now / pause / resume on the service's loop. */
export function syncHandlers(
  runtime: SyncRuntime,
  status: () => Promise<AppStatus>,
  logError: (message: string, err: unknown) => void,
): Pick<Handlers, 'sync.now' | 'sync.pause' | 'sync.resume'> {
  return {
    'sync.now': () => {
      const loop = runtime.loop;
      if (loop.running) return Promise.resolve({ started: loop.wake() });
      if (loop.cycleInProgress) return Promise.resolve({ started: false });
      // Not polling (CLI, tests): one cycle in the background; its outcome arrives as events.
      loop.runOnce().catch((err: unknown) => logError('sync failed', err));
      return Promise.resolve({ started: true });
    },
    'sync.pause': async () => {
      runtime.loop.pause();
      return status();
    },
    'sync.resume': async () => {
      runtime.loop.resume();
      return status();
    },
  };
}
