import { AccountingApi } from 'xero-node';
import { ApiError } from '../api-error.js';
import type { ConnectionStateFile } from '../secrets/connection-state.js';
import type { XeroEndpoints } from './endpoints.js';
import { XeroReconnectNeeded, type XeroTokenManager } from './token-manager.js';
import { toXeroHttpError } from './xero-error.js';

export type XeroApiDeps = {
  tokens: XeroTokenManager;
  state: ConnectionStateFile;
  endpoints: () => XeroEndpoints;
};

/**
 * Runs `fn` with an AccountingApi (basePath `${CXS_XERO_API_URL}/api.xro/2.0`) authorised by the
 * token manager, for the chosen organisation. A 401 is retried once after a forced refresh; a 401
 * that a refresh does not cure (the connection was removed in Xero) marks "Reconnect Xero". Every
 * rejection leaves as a redacted XeroHttpError. Keep `fn` to one call: it may run twice.
 */
export async function withAccounting<T>(
  deps: XeroApiDeps,
  fn: (api: AccountingApi, tenantId: string) => Promise<T>,
): Promise<T> {
  const xero = (await deps.state.read()).xero;
  if (!xero) throw new ApiError('not_connected', 'Xero is not connected: connect Xero first.');
  if (!xero.tenantId) throw new ApiError('not_connected', 'Choose which Xero organisation to sync with.');
  const tenantId = xero.tenantId;
  const { accountingBasePath, callTimeoutMs } = deps.endpoints();
  const build = (token: string): AccountingApi => {
    const api = new AccountingApi(accountingBasePath);
    api.accessToken = token;
    // The SDK's one hook into each request's axios options: there it gets a timeout. An abandoned
    // call is an uncertain outcome (status 0), which the engine looks up before sending again.
    api.setDefaultAuthentication({
      applyToRequest: (options) => {
        options.timeout = callTimeoutMs;
      },
    });
    return api;
  };
  const token = await deps.tokens.accessToken();
  try {
    return await fn(build(token), tenantId);
  } catch (err) {
    const first = toXeroHttpError(err);
    if (first.status !== 401) throw first;
  }
  const retried = await deps.tokens.accessToken({ rejected: token });
  try {
    return await fn(build(retried), tenantId);
  } catch (err) {
    const second = toXeroHttpError(err);
    if (second.status === 401) {
      await deps.tokens.markNeedsReconnect('Xero refused the connection even after a token refresh.');
      throw new XeroReconnectNeeded();
    }
    throw second;
  }
}
