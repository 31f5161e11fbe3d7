/**
 * What the wizard must not lose on a reload (the step itself is in the address, #/setup/<step>):
 * a pending Xero consent (the browser may still be on Xero's page; the core still waits for it) and the
 * defaults chosen on the Accounts step, which are saved only with the start date. Tab-scoped storage,
 * as the session token is: closing the window forgets them.
 */
import type { Suggestions } from '../../suggest';

const CONSENT = 'cxs-setup-xero-consent';
const DEFAULTS = 'cxs-setup-defaults';

export type PendingConsent = { url: string; wasConnected: boolean };

function read<T>(key: string): T | null {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  if (value === null) sessionStorage.removeItem(key);
  else sessionStorage.setItem(key, JSON.stringify(value));
}

export const pendingConsent = {
  get: () => read<PendingConsent>(CONSENT),
  set: (p: PendingConsent | null) => write(CONSENT, p),
};

export const chosenDefaults = {
  get: () => read<Suggestions>(DEFAULTS),
  set: (d: Suggestions | null) => write(DEFAULTS, d),
};
