import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keychainAvailable } from '../../../test/support/keychain.js';
import { KeytarSecretStore } from './keytar-store.js';

const available = await keychainAvailable();

// The real keychain runs in CI under dbus-run-session + gnome-keyring (scripts/with-keyring.sh).
// Where no keyring is running (a developer's bare shell) this suite says so instead of passing
// vacuously; in CI a missing keyring fails the run (test/support/keychain.ts).
describe.skipIf(!available)('KeytarSecretStore against the OS keychain', () => {
  it('sets, gets and deletes a secret for real', async () => {
    const store = await KeytarSecretStore.open('clinic-xero-sync-test');
    const account = `test-${randomUUID()}`;
    await store.set(account, 'secret-value');
    expect(await store.get(account)).toBe('secret-value');
    expect(await store.delete(account)).toBe(true);
    expect(await store.get(account)).toBeNull();
  });
});
