/**
 * `mappings.check` and `app.clinic`: what the Mappings grid and every formatted date need from the core.
 *
 * The grid used to re-derive pre-flight and the tax auto-match in the renderer (comparing rates with
 * `Number()`); here the rows are checked by the same functions the sync uses (preflight.ts,
 * resolve-tax.ts), so a row flagged in Mappings is exactly a line the sync would stop.
 */
import { clinicLocaleFor, type ClinicLocale } from '../../../shared/clinic-locale.js';
import type { ClinicView, DefaultsKey, MappingRowCheck, MappingsCheck } from '../../../shared/api.js';
import type { ClinikoCache } from '../cliniko/cache.js';
import type {
  ClinikoBillableItem,
  ClinikoBusiness,
  ClinikoPractitioner,
  ClinikoProduct,
  ClinikoTax,
} from '../cliniko/types.js';
import type { ConnectionManager } from '../connections/connection-manager.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { Settings } from '../../../shared/settings.js';
import {
  checkExemptTaxRate,
  checkPaymentAccount,
  checkRevenueAccount,
  checkRevenueTaxRate,
  type XeroRefs,
} from '../sync/preflight.js';
import { resolveTax } from '../sync/resolve-tax.js';
import { clinikoShard, type SyncRuntime } from '../sync/runtime.js';
import { cachedXeroRefs } from '../sync/xero-refs.js';
import type { Handlers } from './dispatch.js';

type Finding = { reason: string } | null;
const said = (f: Finding): string | null => f?.reason ?? null;

/** The clinic's locale from the first Cliniko business that has a zone (as payment dates do). */
export function clinicOf(cache: Pick<ClinikoCache, 'all'>): ClinicLocale {
  const zone = cache.all<ClinikoBusiness>('business').find((b) => b.timeZone)?.timeZone;
  return clinicLocaleFor(zone);
}

export function clinicView(clinic: ClinicLocale, clinikoBaseUrl: string | null): ClinicView {
  const shard = clinikoBaseUrl ? clinikoShard(clinikoBaseUrl) : null;
  return { ...clinic, clinikoWebUrl: shard ? `https://${shard}.cliniko.com` : null };
}

export type MappingSources = {
  billableItems: { id: string }[];
  products: { id: string }[];
  practitioners: Pick<ClinikoPractitioner, 'id'>[];
  taxes: Pick<ClinikoTax, 'id' | 'name' | 'rate'>[];
  paymentTypes: string[];
};

/** Every row of every Mappings tab, checked against Xero's cached reference data (null: not read yet). */
export function checkMappings(settings: Settings, src: MappingSources, refs: XeroRefs | null): MappingsCheck {
  const known = refs !== null;
  const r: XeroRefs = refs ?? { accounts: [], taxRates: [] };
  const d = settings.defaults;
  const revenue = (code: string): string | null =>
    known && code ? said(checkRevenueAccount(code, r.accounts)) : null;
  const payment = (code: string): string | null =>
    known && code ? said(checkPaymentAccount(code, r.accounts)) : null;

  const rows: MappingRowCheck[] = [];
  const account = (
    kind: 'billableItems' | 'products',
    id: string,
    from: 'services-default' | 'products-default',
    def: string,
  ): void => {
    const value = settings[kind][id]?.accountCode ?? '';
    const effective = value || def;
    rows.push({
      kind,
      key: id,
      value,
      inherited: def ? { code: def, from } : null,
      inheritsFromLine: false,
      effective,
      finding: revenue(effective),
    });
  };
  for (const i of src.billableItems) account('billableItems', i.id, 'services-default', d.serviceAccountCode);
  for (const p of src.products) account('products', p.id, 'products-default', d.productAccountCode);
  for (const p of src.practitioners) {
    const value = settings.practitioners[p.id]?.accountCode ?? '';
    rows.push({
      kind: 'practitioners',
      key: p.id,
      value,
      inherited: null,
      inheritsFromLine: true,
      effective: value,
      finding: revenue(value),
    });
  }
  for (const name of src.paymentTypes) {
    const value = settings.paymentTypes[name]?.accountCode ?? '';
    const effective = value || d.paymentAccountCode;
    rows.push({
      kind: 'paymentTypes',
      key: name,
      value,
      inherited: d.paymentAccountCode ? { code: d.paymentAccountCode, from: 'payments-default' } : null,
      inheritsFromLine: false,
      effective,
      finding: payment(effective),
    });
  }
  for (const t of src.taxes) rows.push(checkTaxRow(settings, t, r, known));

  const defaults: Record<DefaultsKey, string | null> = {
    serviceAccountCode: revenue(d.serviceAccountCode),
    productAccountCode: revenue(d.productAccountCode),
    paymentAccountCode: payment(d.paymentAccountCode),
    taxExemptTaxType:
      known && d.taxExemptTaxType ? said(checkExemptTaxRate(d.taxExemptTaxType, r.taxRates)) : null,
  };
  return { rows, defaults, xeroKnown: known };
}

/** A Cliniko tax: resolveTax decides what a line at that rate uses; pre-flight checks it at that rate. */
function checkTaxRow(
  settings: Settings,
  t: Pick<ClinikoTax, 'id' | 'name' | 'rate'>,
  refs: XeroRefs,
  known: boolean,
): MappingRowCheck {
  const value = settings.taxRates[t.id] ?? '';
  // Without the override: what a line with this tax would resolve to.
  const without = resolveTax({ ...settings, taxRates: {} }, refs.taxRates, {
    taxId: t.id,
    ratePercent: t.rate,
  });
  const inherited: MappingRowCheck['inherited'] = without.ok
    ? { code: without.taxType, from: without.source === 'default' ? 'tax-free-default' : 'same-rate' }
    : null;
  const used = resolveTax(settings, refs.taxRates, { taxId: t.id, ratePercent: t.rate });
  const effective = used.ok ? used.taxType : '';
  let finding: string | null = null;
  if (known) {
    if (used.ok) {
      finding = said(checkRevenueTaxRate(effective, refs.taxRates, { name: t.name, ratePercent: t.rate }));
    } else if (used.reason === 'no-exempt-default') {
      finding = 'No tax-exempt default is set: choose one under Defaults.';
    } else {
      finding =
        used.candidates.length === 0
          ? `No active Xero sales tax rate is ${t.rate}%: choose one for ${t.name}.`
          : `Several Xero sales tax rates are ${t.rate}% (${used.candidates.join(', ')}): choose one for ${t.name}.`;
    }
  }
  return { kind: 'taxRates', key: t.id, value, inherited, inheritsFromLine: false, effective, finding };
}

/** The two handlers, over the runtime's cache and ledger and the connection state. */
export function mappingsHandlers(
  runtime: Pick<SyncRuntime, 'cache' | 'ledger' | 'tenantId'>,
  connections: Pick<ConnectionManager, 'state'>,
  settings: Pick<SettingsStore, 'get'>,
): Pick<Handlers, 'app.clinic' | 'mappings.check'> {
  return {
    'app.clinic': async () =>
      clinicView(clinicOf(runtime.cache), (await connections.state.read()).cliniko?.baseUrl ?? null),
    'mappings.check': async () => {
      const s = settings.get();
      const cache = runtime.cache;
      const refs = cachedXeroRefs(runtime.ledger, await runtime.tenantId());
      return checkMappings(
        s,
        {
          billableItems: cache.all<ClinikoBillableItem>('billable_item'),
          products: cache.all<ClinikoProduct>('product'),
          practitioners: cache.all<ClinikoPractitioner>('practitioner'),
          taxes: cache.all<ClinikoTax>('tax'),
          // As cliniko.refs: Cliniko's API has no payment types, the mapped ones are the list.
          paymentTypes: Object.keys(s.paymentTypes).sort(),
        },
        refs,
      );
    },
  };
}
