import type { ClinikoRefsView } from '../../../shared/api.js';
import { ApiError } from '../api-error.js';
import { cacheRows, readStream, REFERENCE_STREAMS, STREAM_DEFS } from '../cliniko/streams.js';
import type {
  ClinikoBillableItem,
  ClinikoBusiness,
  ClinikoPractitioner,
  ClinikoProduct,
  ClinikoTax,
} from '../cliniko/types.js';
import type { ConnectionManager } from '../connections/connection-manager.js';
import { parseCentsRounded } from '../money.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { SyncRuntime } from '../sync/runtime.js';
import { cachedXeroRefs, fetchXeroRefs, refsForUi } from '../sync/xero-refs.js';
import type { Handlers } from './dispatch.js';

const cents = (s: string): number => {
  try {
    return parseCentsRounded(s);
  } catch {
    return 0;
  }
};

/** xero.refs / cliniko.refs: the cached lists for the Mappings screen, refreshed on demand. */
export function refsHandlers(
  runtime: SyncRuntime,
  connections: ConnectionManager,
  settings: SettingsStore,
  now: () => Date,
): Pick<Handlers, 'xero.refs' | 'cliniko.refs'> {
  return {
    'xero.refs': async ({ refresh }) => {
      const tenantId = await runtime.tenantId();
      if (refresh) {
        if (!tenantId) throw new ApiError('not_connected', 'Connect Xero first.');
        return refsForUi(await fetchXeroRefs(runtime.gateway, runtime.ledger, tenantId, now()));
      }
      return refsForUi(cachedXeroRefs(runtime.ledger, tenantId));
    },
    'cliniko.refs': async ({ refresh }) => {
      const cache = runtime.cache;
      if (refresh) {
        const client = await connections.clinikoClient();
        if (!client) throw new ApiError('not_connected', 'Connect Cliniko first.');
        for (const name of REFERENCE_STREAMS) {
          const r = await readStream(client, name, null);
          cache.putMany(STREAM_DEFS[name].kind, cacheRows(name, r.records as never));
        }
      }
      const counts = Object.fromEntries(runtime.reports.typeCounts().map((t) => [t.name, t.payments]));
      const view: ClinikoRefsView = {
        billableItems: cache.all<ClinikoBillableItem>('billable_item').map((b) => ({
          id: b.id,
          name: b.name,
          code: b.itemCode ?? '',
          priceCents: cents(b.price),
          taxId: b.taxId,
        })),
        products: cache.all<ClinikoProduct>('product').map((p) => ({
          id: p.id,
          name: p.name,
          code: p.itemCode ?? '',
          priceCents: cents(p.priceExTax),
          taxId: p.taxId,
        })),
        practitioners: cache
          .all<ClinikoPractitioner>('practitioner')
          .map((p) => ({ id: p.id, name: p.displayName, active: p.active })),
        taxes: cache.all<ClinikoTax>('tax').map((t) => ({ id: t.id, name: t.name, rate: t.rate })),
        // Cliniko's API has no payment types: they come from imported payments reports, plus any the
        // user mapped before a report named them.
        paymentTypes: [
          ...new Set([...Object.keys(counts), ...Object.keys(settings.get().paymentTypes)]),
        ].sort(),
        paymentTypeCounts: counts,
        businesses: cache.all<ClinikoBusiness>('business').map((b) => ({
          id: b.id,
          name: b.displayName ?? b.name,
          timeZone: b.timeZone ?? '',
        })),
      };
      return view;
    },
  };
}
