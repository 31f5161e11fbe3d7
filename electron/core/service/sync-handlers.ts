import type { AppStatus } from '../../../shared/api.js';
import { requestBackfill } from '../sync/engine.js';
import type { SyncRuntime } from '../sync/runtime.js';
import type { Handlers } from './dispatch.js';

/** sync.now / backfill / pause / resume on the service's loop. */
export function syncHandlers(
  runtime: SyncRuntime,
  status: () => Promise<AppStatus>,
  logError: (message: string, err: unknown) => void,
): Pick<Handlers, 'sync.now' | 'sync.backfill' | 'sync.pause' | 'sync.resume'> {
  const syncNow = (): Promise<{ started: boolean }> => {
    const loop = runtime.loop;
    if (loop.running) return Promise.resolve({ started: loop.wake() });
    if (loop.cycleInProgress) return Promise.resolve({ started: false });
    // Not polling (CLI, tests): one cycle in the background; its outcome arrives as events.
    loop.runOnce().catch((err: unknown) => logError('sync failed', err));
    return Promise.resolve({ started: true });
  };
  return {
    'sync.now': syncNow,
    /**
     * History from `since`: remembered in the ledger (a restart resumes it), then a cycle now. If a
     * cycle is running, the next one picks it up (the loop polls; `started` says whether one began).
     */
    'sync.backfill': async ({ since }) => {
      requestBackfill(runtime.ledger, since, new Date());
      const r = await syncNow();
      if (!r.started && runtime.loop.cycleInProgress && runtime.loop.running) runtime.loop.wake();
      return r;
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
