import { redactMessage } from '../core/secrets/redact.js';
import { KeychainUnavailableError } from '../core/secrets/open-secret-store.js';

/**
 * Every error the CLI prints goes through redaction first: a message can carry a token or a key
 * (an environment value echoed back, a server's answer), and the terminal is often a log.
 */
export function cliErrorText(err: unknown): string {
  return redactMessage(err);
}

/** The machine-readable code of an error that stops `status --json` (inside its JSON). */
export function cliErrorCode(err: unknown): string {
  if (err instanceof KeychainUnavailableError) return 'keychain_unavailable';
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[a-z_]+$/.test(code) ? code : 'failed';
}
