import { KeytarSecretStore } from '../../electron/core/secrets/keytar-store.js';

/**
 * Whether a Secret Service answers. In CI (CI=true) it must: `npm test` runs the suite inside
 * dbus-run-session with an unlocked gnome-keyring, so a missing keyring is a broken setup, not a
 * reason to skip.
 */
export async function keychainAvailable(): Promise<boolean> {
  try {
    const store = await KeytarSecretStore.open('clinic-xero-sync-probe');
    await store.get('probe');
    return true;
  } catch (err) {
    if (process.env.CI === 'true')
      throw new Error('CI must run with a keyring (scripts/with-keyring.sh)', { cause: err });
    console.warn('No OS keychain answers here: keychain tests are not run. Run `npm test` to get one.');
    return false;
  }
}
