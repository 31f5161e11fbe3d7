import { createContext, useContext } from 'react';
import type { LockStatus } from '../shared/api';

export type LockContextValue = {
  lock: LockStatus | null;
  /** True while the settings lock is on and not unlocked: changes are refused by the core. */
  locked: boolean;
  askUnlock: () => void;
};

export const LockContext = createContext<LockContextValue>({
  lock: null,
  locked: false,
  askUnlock: () => {},
});

export function useLockContext(): LockContextValue {
  return useContext(LockContext);
}
