/**
 * Xero's chart of accounts and tax rates: read through the gateway (two calls), kept in the ledger's
 * kv (`xero.refs`) with the time they were read. The engine reads them once per cycle, and only when
 * a cycle has something to map or send; the Mappings screen reads the cached copy (`xero.refs`) and
 * refreshes on demand.
 */
import type { Account, Item, TaxRate, TrackingCategory } from 'xero-node';
import { z } from 'zod';
import type { XeroRefsView } from '../../../shared/api.js';
import type { Ledger } from '../ledger/index.js';
import type { XeroAccount, XeroTaxRate } from './xero-types.js';
import type { XeroItem } from './item-codes.js';
import type { XeroTrackingCategory } from './map-tracking.js';
import { REVENUE_ACCOUNT_TYPES } from './preflight.js';
import type { XeroGateway } from '../xero/gateway.js';

export const REFS_KV = 'xero.refs';

export type CachedXeroRefs = {
  tenantId: string;
  fetchedAt: string;
  accounts: XeroAccount[];
  taxRates: XeroTaxRate[];
  /** Issue 17: read when tracking is set up, when item codes are on, and on every refresh from Mappings. */
  trackingCategories?: XeroTrackingCategory[];
  items?: XeroItem[];
};

/** Which of the optional lists a read includes. */
export type RefsWant = { tracking: boolean; items: boolean };
export const ALL_REFS: RefsWant = { tracking: true, items: true };

const cachedSchema = z.object({
  tenantId: z.string(),
  fetchedAt: z.string(),
  accounts: z.array(
    z.object({
      Code: z.string().optional(),
      Name: z.string(),
      Type: z.string(),
      Status: z.string(),
      EnablePaymentsToAccount: z.boolean().optional(),
      Class: z.string().optional(),
    }),
  ),
  taxRates: z.array(
    z.object({
      TaxType: z.string(),
      Name: z.string(),
      Status: z.string(),
      EffectiveRate: z.union([z.number(), z.string()]),
      CanApplyToRevenue: z.boolean(),
    }),
  ),
  trackingCategories: z
    .array(
      z.object({
        TrackingCategoryID: z.string(),
        Name: z.string(),
        Status: z.string(),
        Options: z.array(z.object({ TrackingOptionID: z.string(), Name: z.string(), Status: z.string() })),
      }),
    )
    .optional(),
  items: z
    .array(z.object({ ItemID: z.string().optional(), Code: z.string(), Name: z.string().optional() }))
    .optional(),
});

export function toXeroTrackingCategory(c: TrackingCategory): XeroTrackingCategory {
  return {
    TrackingCategoryID: c.trackingCategoryID ?? '',
    Name: c.name ?? '',
    Status: String(c.status ?? 'ACTIVE'),
    Options: (c.options ?? []).map((o) => ({
      TrackingOptionID: o.trackingOptionID ?? '',
      Name: o.name ?? '',
      Status: String(o.status ?? 'ACTIVE'),
    })),
  };
}

export function toXeroItem(i: Item): XeroItem {
  const out: XeroItem = { Code: i.code };
  if (i.itemID !== undefined) out.ItemID = i.itemID;
  if (i.name !== undefined) out.Name = i.name;
  return out;
}

export function toXeroAccount(a: Account): XeroAccount {
  const out: XeroAccount = {
    Name: a.name ?? '',
    Type: String(a.type ?? ''),
    Status: String(a.status ?? 'ACTIVE'),
  };
  if (a.code !== undefined) out.Code = a.code;
  if (a.enablePaymentsToAccount !== undefined) out.EnablePaymentsToAccount = a.enablePaymentsToAccount;
  if (a._class !== undefined) out.Class = String(a._class);
  return out;
}

export function toXeroTaxRate(t: TaxRate): XeroTaxRate {
  return {
    TaxType: t.taxType ?? '',
    Name: t.name ?? '',
    Status: String(t.status ?? 'ACTIVE'),
    EffectiveRate: t.effectiveRate ?? 0,
    CanApplyToRevenue: t.canApplyToRevenue ?? false,
  };
}

/**
 * Reads accounts and tax rates (2 calls), plus tracking categories and Items when `want` says so, and
 * caches them. A list not read this time keeps its cached copy for the screens, but is not returned for
 * the sync to rely on.
 */
export async function fetchXeroRefs(
  gateway: XeroGateway,
  ledger: Ledger,
  tenantId: string,
  now: Date,
  want: RefsWant = ALL_REFS,
): Promise<CachedXeroRefs> {
  const accounts = (await gateway.getAccounts(tenantId)).accounts ?? [];
  const taxRates = (await gateway.getTaxRates(tenantId)).taxRates ?? [];
  const refs: CachedXeroRefs = {
    tenantId,
    fetchedAt: now.toISOString(),
    accounts: accounts.map(toXeroAccount),
    taxRates: taxRates.map(toXeroTaxRate),
  };
  if (want.tracking) {
    const cats = (await gateway.getTrackingCategories(tenantId)).trackingCategories ?? [];
    refs.trackingCategories = cats.map(toXeroTrackingCategory);
  }
  if (want.items) refs.items = ((await gateway.getItems(tenantId)).items ?? []).map(toXeroItem);
  const previous = cachedXeroRefs(ledger, tenantId);
  ledger.setKv(REFS_KV, {
    ...refs,
    trackingCategories: refs.trackingCategories ?? previous?.trackingCategories,
    items: refs.items ?? previous?.items,
  });
  return refs;
}

/** The cached copy, if it is for this organisation. */
export function cachedXeroRefs(ledger: Ledger, tenantId: string | null): CachedXeroRefs | null {
  const r = cachedSchema.safeParse(ledger.getKv(REFS_KV));
  if (!r.success) return null;
  if (tenantId !== null && r.data.tenantId !== tenantId) return null;
  return r.data;
}

/** The shape the UI's dropdowns read (`xero.refs`). */
export function refsForUi(refs: CachedXeroRefs | null): XeroRefsView {
  if (!refs) return { accounts: [], taxRates: [], trackingCategories: [], items: null, fetchedAt: null };
  return {
    accounts: refs.accounts
      .filter((a) => a.Code !== undefined && a.Code !== '')
      .map((a) => ({
        code: a.Code ?? '',
        name: a.Name,
        type: a.Type,
        status: a.Status,
        enablePayments: a.EnablePaymentsToAccount === true,
        revenue: REVENUE_ACCOUNT_TYPES.includes(a.Type) || a.Class === 'REVENUE',
        payable: a.Status === 'ACTIVE' && (a.Type === 'BANK' || a.EnablePaymentsToAccount === true),
      })),
    taxRates: refs.taxRates.map((t) => ({
      taxType: t.TaxType,
      name: t.Name,
      status: t.Status,
      effectiveRate: String(t.EffectiveRate),
      canApplyToRevenue: t.CanApplyToRevenue,
    })),
    trackingCategories: (refs.trackingCategories ?? []).map((c) => ({
      id: c.TrackingCategoryID,
      name: c.Name,
      status: c.Status,
      options: c.Options.map((o) => ({ id: o.TrackingOptionID, name: o.Name, status: o.Status })),
    })),
    items: refs.items ? refs.items.map((i) => ({ code: i.Code, name: i.Name ?? '' })) : null,
    fetchedAt: refs.fetchedAt,
  };
}
