import type { LockManager } from '../settings-pin/lock-manager.js';
import type { Handlers } from './dispatch.js';

/** `lock.*`: the settings lock's contract methods (see electron/core/settings-pin/lock-manager.ts). */
export function lockHandlers(
  lock: LockManager,
): Pick<Handlers, 'lock.status' | 'lock.set' | 'lock.unlock' | 'lock.lock'> {
  return {
    'lock.status': () => lock.status(),
    'lock.set': ({ pin, currentPin }) => lock.set(pin, currentPin),
    'lock.unlock': ({ pin }) => lock.unlock(pin),
    'lock.lock': () => lock.lock(),
  };
}
