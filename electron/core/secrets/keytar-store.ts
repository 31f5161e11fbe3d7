import type { SecretStore } from '../ports.js';

export const KEYCHAIN_SERVICE = 'clinic-xero-sync';

type Keytar = {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
};

/** The OS keychain (Keychain, Credential Vault, Secret Service) through keytar's N-API build. */
export class KeytarSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;

  private constructor(
    private readonly keytar: Keytar,
    private readonly service: string,
  ) {}

  /** keytar is loaded lazily so a machine without libsecret can still run with the file store. */
  static async open(service = KEYCHAIN_SERVICE): Promise<KeytarSecretStore> {
    const mod = (await import('keytar')) as unknown as { default?: Keytar } & Keytar;
    return new KeytarSecretStore(mod.default ?? mod, service);
  }

  get(account: string): Promise<string | null> {
    return this.keytar.getPassword(this.service, account);
  }

  set(account: string, secret: string): Promise<void> {
    return this.keytar.setPassword(this.service, account, secret);
  }

  delete(account: string): Promise<boolean> {
    return this.keytar.deletePassword(this.service, account);
  }
}
