import { isMethodName } from '../../../shared/api.js';
import type { LockManager } from '../settings-pin/lock-manager.js';
import type { Handlers } from './dispatch.js';

/**
 * The methods the settings lock protects: everything that changes mappings, settings or connections.
 * Viewing, Sync now, Retry and unlocking stay open. Names not (yet) in the contract are skipped, so
 * the list can name methods that land later.
 */
export const LOCKED_METHODS: Readonly<Record<string, string>> = {
  'settings.update': 'settings and mappings',
  'settings.import': 'settings and mappings',
  'cliniko.connect': 'the Cliniko connection',
  'cliniko.disconnect': 'the Cliniko connection',
  'xero.connect': 'the Xero connection',
  'xero.chooseTenant': 'the Xero organisation',
  'xero.disconnect': 'the Xero connection',
  'alerts.setPassword': 'email alert settings',
};

/**
 * Wraps the protected handlers so that the core itself refuses them while locked (ApiError 'locked'):
 * hiding buttons in the UI is a convenience, this is the protection. `lock.set` checks the current
 * PIN itself. Every call counts as activity for the idle re-lock.
 */
export function withLockGuard(handlers: Handlers, lock: LockManager): Handlers {
  const out: Record<string, (req: unknown) => Promise<unknown>> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, (req: unknown) => Promise<unknown>][]) {
    const what = isMethodName(name) ? LOCKED_METHODS[name] : undefined;
    out[name] = what
      ? async (req) => {
          await lock.assertUnlocked(what);
          lock.touch();
          return handler(req);
        }
      : (req) => {
          lock.touch();
          return handler(req);
        };
  }
  return out as Handlers;
}
