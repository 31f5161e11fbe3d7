import { errors } from 'openid-client';
import { ApiError } from '../api-error.js';
import type { ConnectionStateFile } from '../secrets/connection-state.js';
import type { Clock, SecretStore } from '../ports.js';
import type { XeroEndpoints } from './endpoints.js';
import { xeroOidcClient } from './oidc.js';
import { loadTokenSet, saveTokenSet, toStoredTokenSet, type StoredTokenSet } from './token-set.js';
import { parseXeroError } from './xero-error.js';

export const RECONNECT_MESSAGE = 'Xero connection lost: reconnect Xero to resume syncing.';

/** The refresh token no longer works (invalid_grant, revoked): only the user can fix it. */
export class XeroReconnectNeeded extends ApiError {
  constructor(message = RECONNECT_MESSAGE) {
    super('not_connected', message);
    this.name = 'XeroReconnectNeeded';
  }
}

/** Xero could not be reached to refresh: transient, the token set is unchanged. */
export class XeroUnavailable extends ApiError {
  constructor(message: string) {
    super('failed', message);
    this.name = 'XeroUnavailable';
  }
}

export const XERO_NOT_CONNECTED = 'Xero is not connected: connect Xero first.';

export type TokenManagerDeps = {
  secrets: SecretStore;
  state: ConnectionStateFile;
  endpoints: () => XeroEndpoints;
  clock: Clock;
  /** Called after the state changed (needs-reconnect set), to publish status. */
  onStateChanged?: () => void;
  /** Refresh this many seconds before expiry (default 120). */
  marginSec?: number;
};

/**
 * THE one place that refreshes Xero tokens. Concurrent callers share one refresh (single flight);
 * the rotated token set is written to the SecretStore before anyone gets the new access token, so
 * a crash never loses the only valid refresh token; `invalid_grant` marks the connection
 * "Reconnect Xero" and throws XeroReconnectNeeded — no retry loop, no silent stop.
 */
export class XeroTokenManager {
  #cached: StoredTokenSet | null = null;
  #inflight: Promise<string> | null = null;
  readonly #deps: TokenManagerDeps;
  /** How many refreshes this manager has sent (for tests and diagnostics). */
  refreshCount = 0;

  constructor(deps: TokenManagerDeps) {
    this.#deps = deps;
  }

  #fresh(t: StoredTokenSet): boolean {
    return t.expires_at - (this.#deps.marginSec ?? 120) > this.#deps.clock.now().getTime() / 1000;
  }

  /** Forget the in-memory copy (after connect / disconnect). */
  reset(tokens: StoredTokenSet | null = null): void {
    this.#cached = tokens;
  }

  /**
   * A valid access token. `rejected`: a token the API just refused with 401 — forces a refresh
   * unless another caller has already replaced it.
   */
  async accessToken(opts: { rejected?: string } = {}): Promise<string> {
    if (this.#inflight) return this.#inflight;
    const state = (await this.#deps.state.read()).xero;
    if (!state) throw new ApiError('not_connected', XERO_NOT_CONNECTED);
    if (state.needsReconnect) throw new XeroReconnectNeeded();
    if (!this.#cached) {
      const loaded = await loadTokenSet(this.#deps.secrets);
      this.#cached ??= loaded; // a refresh that finished meanwhile wins
    }
    const t = this.#cached;
    if (!t) throw new XeroReconnectNeeded();
    if (this.#fresh(t) && t.access_token !== opts.rejected) return t.access_token;
    return this.#refresh(opts.rejected ?? t.access_token);
  }

  #refresh(stale: string): Promise<string> {
    if (this.#inflight) return this.#inflight;
    const c = this.#cached;
    if (c && c.access_token !== stale && this.#fresh(c)) return Promise.resolve(c.access_token);
    const run = this.#doRefresh(stale).finally(() => {
      this.#inflight = null;
    });
    this.#inflight = run;
    return run;
  }

  async #doRefresh(stale: string): Promise<string> {
    // Re-read: another process (the CLI beside the app) may have rotated the set already.
    const stored = await loadTokenSet(this.#deps.secrets);
    if (!stored) throw new XeroReconnectNeeded();
    if (stored.access_token !== stale && this.#fresh(stored)) {
      this.#cached = stored;
      return stored.access_token;
    }
    let refreshed;
    try {
      this.refreshCount++;
      refreshed = await xeroOidcClient(this.#deps.endpoints()).refresh(stored.refresh_token);
    } catch (err) {
      if (
        err instanceof errors.OPError &&
        (err.error === 'invalid_grant' || err.error === 'invalid_client')
      ) {
        await this.markNeedsReconnect(
          err.error === 'invalid_grant'
            ? 'Xero no longer accepts the saved sign-in (it expired or was revoked).'
            : 'Xero no longer recognises this app.',
        );
        throw new XeroReconnectNeeded();
      }
      throw new XeroUnavailable(`Could not refresh the Xero sign-in: ${parseXeroError(err).message}`);
    }
    const next = toStoredTokenSet(refreshed, this.#deps.clock.now().getTime());
    await saveTokenSet(this.#deps.secrets, next); // saved before it is used
    this.#cached = next;
    return next.access_token;
  }

  async markNeedsReconnect(reason: string): Promise<void> {
    this.#cached = null;
    await this.#deps.state.update((s) =>
      s.xero ? { ...s, xero: { ...s.xero, needsReconnect: true, reconnectReason: reason } } : s,
    );
    this.#deps.onStateChanged?.();
  }
}
