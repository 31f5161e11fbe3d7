import path from 'node:path';
import type { SecretStore } from '../ports.js';
import { FILE_STORE_WARNING, FileSecretStore } from './file-store.js';
import { KeytarSecretStore } from './keytar-store.js';

export class KeychainUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      'The OS keychain is not available, so clinic-xero-sync cannot store your Cliniko key or Xero ' +
        'connection safely. Start a keyring (e.g. gnome-keyring) or, on a machine without one, set ' +
        'CXS_SECRET_STORE=file to keep them in a file readable only by this user.',
      { cause },
    );
    this.name = 'KeychainUnavailableError';
  }
}

/**
 * Chooses the secret store from CXS_SECRET_STORE. The keychain is the default and there is no
 * silent fallback: if it does not answer, the caller gets an error that says how to opt in to the
 * file store, never a store that quietly writes tokens to disk.
 */
export async function openSecretStore(opts: {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  warn?: (message: string) => void;
}): Promise<SecretStore> {
  const choice = (opts.env ?? process.env).CXS_SECRET_STORE ?? 'keychain';
  if (choice === 'file') {
    opts.warn?.(FILE_STORE_WARNING);
    return new FileSecretStore(path.join(opts.dataDir, 'secrets.json'));
  }
  if (choice !== 'keychain') {
    throw new Error(`CXS_SECRET_STORE must be "keychain" or "file", not "${choice}".`);
  }
  try {
    const store = await KeytarSecretStore.open();
    // A probe read: keytar loads fine without a running Secret Service and only fails on use.
    await store.get('probe');
    return store;
  } catch (err) {
    throw new KeychainUnavailableError(err);
  }
}
