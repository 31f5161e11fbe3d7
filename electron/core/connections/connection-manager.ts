import type { AppStatus, XeroConnectResult, XeroTenant } from '../../../shared/api.js';
import { ApiError } from '../api-error.js';
import { connectCliniko, disconnectCliniko, openClinikoClient } from '../cliniko/connect.js';
import type { ClinikoClient, ClinikoHttpError } from '../cliniko/http-client.js';
import { redactMessage } from '../secrets/redact.js';
import { SECRET_ACCOUNTS, type Clock, type OpenExternal, type SecretStore } from '../ports.js';
import { withAccounting } from '../xero/api-client.js';
import {
  authEventIdOf,
  deleteConnection,
  listConnections,
  type XeroConnection,
} from '../xero/connections.js';
import { xeroEndpoints, type XeroEndpoints } from '../xero/endpoints.js';
import { LoopbackError } from '../xero/loopback-listener.js';
import { xeroOidcClient } from '../xero/oidc.js';
import { startPkceLogin, type PkceLogin } from '../xero/pkce-login.js';
import { XeroTokenManager } from '../xero/token-manager.js';
import { deleteTokenSet, loadTokenSet, saveTokenSet, toStoredTokenSet } from '../xero/token-set.js';
import { parseXeroError } from '../xero/xero-error.js';
import { ConnectionStateFile, type StoredTenant, type XeroState } from '../secrets/connection-state.js';
import type { AccountingApi } from 'xero-node';

export type ConnectionManagerDeps = {
  dataDir: string;
  secrets: SecretStore;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  openExternal: OpenExternal;
  /** For Cliniko's User-Agent; null → the project default. */
  contactEmail: () => Promise<string | null>;
  /** How long to wait for Xero's redirect (default 5 minutes). */
  xeroCallbackTimeoutMs?: number;
  onStatusChanged: () => void;
  onXeroResult: (result: XeroConnectResult) => void;
  log?: (message: string, err: unknown) => void;
};

export type XeroFlow = { authorizeUrl: string; done: Promise<XeroConnectResult> };

const publicTenant = (t: StoredTenant): XeroTenant => ({ tenantId: t.tenantId, tenantName: t.tenantName });

/**
 * Both connections: the Cliniko key (validated, then stored), the Xero PKCE flow in the system
 * browser, the organisation choice, disconnecting, and the status the dashboard shows. Secrets go
 * only to the SecretStore; connections.json holds the rest (docs/decisions/004-connections.md).
 */
export class ConnectionManager {
  readonly state: ConnectionStateFile;
  readonly tokens: XeroTokenManager;
  readonly #deps: ConnectionManagerDeps;
  #login: PkceLogin | null = null;

  constructor(deps: ConnectionManagerDeps) {
    this.#deps = deps;
    this.state = new ConnectionStateFile(deps.dataDir);
    this.tokens = new XeroTokenManager({
      secrets: deps.secrets,
      state: this.state,
      endpoints: () => this.endpoints(),
      clock: deps.clock,
      onStateChanged: deps.onStatusChanged,
    });
  }

  endpoints(): XeroEndpoints {
    return xeroEndpoints(this.#deps.env);
  }

  async status(): Promise<Pick<AppStatus, 'cliniko' | 'xero'>> {
    const [s, key] = await Promise.all([
      this.state.read(),
      this.#deps.secrets.get(SECRET_ACCOUNTS.clinikoApiKey),
    ]);
    const x = s.xero;
    return {
      cliniko: { connected: s.cliniko !== null && key !== null, account: s.cliniko?.account ?? null },
      xero: {
        connected: Boolean(x && x.tenantId && !x.needsReconnect),
        tenantId: x?.tenantId ?? null,
        tenantName: x?.tenantName ?? null,
        needsReconnect: x?.needsReconnect ?? false,
      },
    };
  }

  // ------------------------------------------------------------------ Cliniko

  async connectCliniko(apiKey: string): Promise<{ account: string; user: string | null }> {
    const c = await connectCliniko(
      {
        secrets: this.#deps.secrets,
        state: this.state,
        env: this.#deps.env,
        clock: this.#deps.clock,
        contactEmail: this.#deps.contactEmail,
      },
      apiKey,
    );
    this.#deps.onStatusChanged();
    return { account: c.account, user: c.user };
  }

  async disconnectCliniko(): Promise<boolean> {
    const removed = await disconnectCliniko({ secrets: this.#deps.secrets, state: this.state });
    this.#deps.onStatusChanged();
    return removed;
  }

  /** The Cliniko client for the stored key (the sync engine reads through this); null if not connected. */
  /** `observe` hears each call's outcome (the sync's outage tracker). */
  clinikoClient(observe?: (error?: ClinikoHttpError) => void): Promise<ClinikoClient | null> {
    return openClinikoClient(
      {
        secrets: this.#deps.secrets,
        state: this.state,
        contactEmail: this.#deps.contactEmail,
      },
      observe,
    );
  }

  // ------------------------------------------------------------------ Xero

  /**
   * Starts "Connect to Xero": listener on the first free registered port, consent URL opened in the
   * system browser. Returns at once; `done` settles (and `xero.connect.result` is emitted) when the
   * callback was handled, refused, or timed out. A second call cancels the first flow.
   */
  async startXeroConnect(): Promise<XeroFlow> {
    await this.cancelXeroConnect();
    const endpoints = this.endpoints();
    const login = await startPkceLogin({
      endpoints,
      openExternal: this.#deps.openExternal,
      ...(this.#deps.xeroCallbackTimeoutMs !== undefined
        ? { timeoutMs: this.#deps.xeroCallbackTimeoutMs }
        : {}),
      onOpenFailed: (err) => this.#deps.log?.('Could not open the browser for Xero', err),
    });
    this.#login = login;
    const done = login.tokens
      .then((tokenSet) => this.#finishLogin(endpoints, tokenSet))
      .catch((err: unknown) => this.#loginFailed(err))
      .then((result) => {
        if (this.#login === login) this.#login = null;
        this.#deps.onXeroResult(result);
        this.#deps.onStatusChanged();
        return result;
      });
    return { authorizeUrl: login.authorizeUrl, done };
  }

  async cancelXeroConnect(): Promise<void> {
    const current = this.#login;
    this.#login = null;
    if (current) await current.cancel();
  }

  async #finishLogin(
    endpoints: XeroEndpoints,
    tokenSet: Parameters<typeof toStoredTokenSet>[0],
  ): Promise<XeroConnectResult> {
    const stored = toStoredTokenSet(tokenSet, this.#deps.clock.now().getTime());
    await saveTokenSet(this.#deps.secrets, stored);
    this.tokens.reset(stored);
    const authEventId = authEventIdOf(stored.access_token);
    let connections: XeroConnection[] = await listConnections(endpoints, stored.access_token, authEventId);
    if (connections.length === 0 && authEventId)
      connections = await listConnections(endpoints, stored.access_token);
    if (connections.length === 0) {
      await deleteTokenSet(this.#deps.secrets);
      this.tokens.reset(null);
      return {
        ok: false,
        message: 'No Xero organisation was connected: choose one on the Xero screen and try again.',
      };
    }
    const tenants: StoredTenant[] = connections.map((c) => ({
      tenantId: c.tenantId,
      tenantName: c.tenantName,
      connectionId: c.id,
    }));
    const previous = (await this.state.read()).xero?.tenantId ?? null;
    const chosen =
      tenants.length === 1
        ? tenants[0]
        : tenants.find((t) => previous !== null && sameId(t.tenantId, previous));
    const xero: XeroState = {
      tenantId: chosen?.tenantId ?? null,
      tenantName: chosen?.tenantName ?? null,
      connectionId: chosen?.connectionId ?? null,
      tenants,
      scopes: stored.scope || endpoints.scopes,
      needsReconnect: false,
      reconnectReason: null,
      connectedAt: this.#deps.clock.now().toISOString(),
    };
    await this.state.update((s) => ({ ...s, xero }));
    if (chosen) return { ok: true, message: `Connected to Xero organisation "${chosen.tenantName}".` };
    return {
      ok: true,
      message: `Connected to Xero. Choose which organisation to sync with: ${tenants.map((t) => t.tenantName).join(', ')}.`,
      tenants: tenants.map(publicTenant),
    };
  }

  #loginFailed(err: unknown): XeroConnectResult {
    if (err instanceof LoopbackError || err instanceof ApiError) return { ok: false, message: err.message };
    const info = parseXeroError(err);
    this.#deps.log?.('Xero connect failed', info.message);
    return { ok: false, message: `Could not connect to Xero: ${info.message}` };
  }

  async xeroTenants(): Promise<{ tenants: XeroTenant[]; chosen: string | null }> {
    const x = (await this.state.read()).xero;
    return { tenants: (x?.tenants ?? []).map(publicTenant), chosen: x?.tenantId ?? null };
  }

  async chooseTenant(tenantId: string): Promise<XeroTenant> {
    const x = (await this.state.read()).xero;
    if (!x) throw new ApiError('not_connected', 'Connect Xero first.');
    const t = x.tenants.find((c) => sameId(c.tenantId, tenantId));
    if (!t) throw new ApiError('not_found', 'That organisation was not connected on the Xero screen.');
    await this.state.update((s) =>
      s.xero
        ? {
            ...s,
            xero: { ...s.xero, tenantId: t.tenantId, tenantName: t.tenantName, connectionId: t.connectionId },
          }
        : s,
    );
    this.#deps.onStatusChanged();
    return publicTenant(t);
  }

  /**
   * Forgets which organisation to sync with (the sign-in stays): used when the one asked for was not
   * approved on Xero's consent page, so nothing is sent to another organisation meanwhile.
   */
  async clearTenantChoice(): Promise<void> {
    await this.state.update((s) =>
      s.xero ? { ...s, xero: { ...s.xero, tenantId: null, tenantName: null, connectionId: null } } : s,
    );
    this.#deps.onStatusChanged();
  }

  /** Deletes the connection at Xero, revokes the refresh token, removes the secrets. */
  async disconnectXero(): Promise<{ disconnected: boolean; warnings: string[] }> {
    await this.cancelXeroConnect();
    const warnings: string[] = [];
    const x = (await this.state.read()).xero;
    const before = await loadTokenSet(this.#deps.secrets);
    const endpoints = this.endpoints();
    if (before && x && !x.needsReconnect && x.connectionId) {
      try {
        const access = await this.tokens.accessToken();
        await deleteConnection(endpoints, access, x.connectionId);
      } catch (err) {
        warnings.push(`Could not remove the connection in Xero (${redactMessage(err)}).`);
      }
    }
    const latest = (await loadTokenSet(this.#deps.secrets)) ?? before;
    if (latest) {
      try {
        await xeroOidcClient(endpoints).revoke(latest.refresh_token, 'refresh_token');
      } catch (err) {
        warnings.push(`Could not revoke the Xero sign-in (${parseXeroError(err).message}).`);
      }
    }
    const removed = await deleteTokenSet(this.#deps.secrets);
    await this.state.update((s) => ({ ...s, xero: null }));
    this.tokens.reset(null);
    this.#deps.onStatusChanged();
    return { disconnected: removed || x !== null, warnings };
  }

  /** xero-node AccountingApi for the chosen organisation, through the token manager. */
  withAccounting<T>(fn: (api: AccountingApi, tenantId: string) => Promise<T>): Promise<T> {
    return withAccounting({ tokens: this.tokens, state: this.state, endpoints: () => this.endpoints() }, fn);
  }

  async close(): Promise<void> {
    await this.cancelXeroConnect();
  }
}

function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
