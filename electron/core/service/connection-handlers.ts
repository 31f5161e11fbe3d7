import type { ConnectionManager } from '../connections/connection-manager.js';
import type { Handlers } from './dispatch.js';

type ConnectionMethods =
  | 'cliniko.connect'
  | 'cliniko.disconnect'
  | 'xero.connect'
  | 'xero.tenants'
  | 'xero.chooseTenant'
  | 'xero.disconnect';

/** The contract's connection methods, on top of the ConnectionManager. */
export function connectionHandlers(connections: ConnectionManager): Pick<Handlers, ConnectionMethods> {
  return {
    'cliniko.connect': ({ apiKey }) => connections.connectCliniko(apiKey),
    'cliniko.disconnect': async () => ({ disconnected: await connections.disconnectCliniko() }),
    'xero.connect': async () => {
      // Runs in the background; the outcome is the `xero.connect.result` event.
      const flow = await connections.startXeroConnect();
      return { authorizeUrl: flow.authorizeUrl };
    },
    'xero.tenants': () => connections.xeroTenants(),
    'xero.chooseTenant': ({ tenantId }) => connections.chooseTenant(tenantId),
    'xero.disconnect': () => connections.disconnectXero(),
  };
}
