/**
 * What differs by platform, as interfaces the core depends on. Electron wires keytar,
 * electron-store, shell.openExternal and Notification; the CLI and `serve` wire keytar or the 0600
 * file, conf, the platform's opener and the terminal.
 */

export type SecretStore = {
  readonly kind: 'keychain' | 'file';
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
};

export type OpenExternal = (url: string) => Promise<void>;

/** Opens a local folder or file in the OS's file manager (Electron: `shell.openPath`). */
export type OpenPath = (fileOrFolder: string) => Promise<void>;

export type Notifier = (notice: { title: string; body: string; target?: string }) => void;

export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/** Names of the secrets the app keeps; nothing else is ever written to a SecretStore. */
export const SECRET_ACCOUNTS = {
  clinikoApiKey: 'cliniko-api-key',
  xeroTokenSet: 'xero-token-set',
  /** Email alerts' SMTP password (issue 17). */
  smtpPassword: 'smtp-password',
} as const;
