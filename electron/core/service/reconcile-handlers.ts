import { ApiError } from '../api-error.js';
import type { ClinikoBusiness } from '../cliniko/types.js';
import { reconcileCost, runReconcile, type ReconcileDeps } from '../reconcile/reconcile.js';
import type { XeroInvoiceRead } from '../reconcile/xero-side.js';
import { paymentsOf } from '../../../shared/settings.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { SyncRuntime } from '../sync/runtime.js';
import type { Handlers } from './dispatch.js';
import { zoneResolver } from './payments-handlers.js';

/** reconcile.cost (free) and reconcile.run (reads this app's invoices back from Xero). */
export function reconcileHandlers(
  sync: SyncRuntime,
  settings: SettingsStore,
  now: () => Date,
): Pick<Handlers, 'reconcile.cost' | 'reconcile.run'> {
  const deps = (): ReconcileDeps => {
    const s = settings.get();
    const zoneOf = zoneResolver(sync);
    const first = sync.cache.all<ClinikoBusiness>('business').find((b) => b.timeZone);
    return {
      cache: sync.cache,
      ledger: sync.ledger,
      reports: sync.reports,
      syncFrom: s.syncFrom,
      mode: paymentsOf(s).mode,
      zoneOf,
      timeZone: first?.timeZone ?? zoneOf(null),
      now,
    };
  };
  return {
    'reconcile.cost': ({ from, to }) => Promise.resolve(reconcileCost(deps(), from, to)),
    'reconcile.run': async ({ from, to }) => {
      const tenantId = await sync.tenantId();
      if (!tenantId)
        throw new ApiError('not_connected', 'Connect Xero first: the reconciliation reads Xero.');
      return runReconcile(
        deps(),
        async (ids) =>
          ((await sync.gateway.getInvoicesByIds(tenantId, ids)).invoices ??
            []) as unknown as XeroInvoiceRead[],
        from,
        to,
      );
    },
  };
}
