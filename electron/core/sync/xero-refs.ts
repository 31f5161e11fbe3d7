/**
 * Xero's chart of accounts and tax rates: read through the gateway (two calls), kept in the ledger's
 * kv (`xero.refs`) with the time they were read. The engine reads them once per cycle, and only when
 * a cycle has something to map or send; the Mappings screen reads the cached copy (`xero.refs`) and
 * refreshes on demand.
 */
import type { Account, TaxRate } from 'xero-node';
import { z } from 'zod';
import type { XeroRefsView } from '../../../shared/api.js';
import type { Ledger } from '../ledger/index.js';
import type { XeroAccount, XeroTaxRate } from './xero-types.js';
import { REVENUE_ACCOUNT_TYPES } from './preflight.js';
import type { XeroGateway } from '../xero/gateway.js';

export const REFS_KV = 'xero.refs';

export type CachedXeroRefs = {
  tenantId: string;
  fetchedAt: string;
  accounts: XeroAccount[];
  taxRates: XeroTaxRate[];
};

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
});

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

/** Reads both lists from Xero (2 calls) and caches them. */
export async function fetchXeroRefs(
  gateway: XeroGateway,
  ledger: Ledger,
  tenantId: string,
  now: Date,
): Promise<CachedXeroRefs> {
  const accounts = (await gateway.getAccounts(tenantId)).accounts ?? [];
  const taxRates = (await gateway.getTaxRates(tenantId)).taxRates ?? [];
  const refs: CachedXeroRefs = {
    tenantId,
    fetchedAt: now.toISOString(),
    accounts: accounts.map(toXeroAccount),
    taxRates: taxRates.map(toXeroTaxRate),
  };
  ledger.setKv(REFS_KV, refs);
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
  if (!refs) return { accounts: [], taxRates: [], fetchedAt: null };
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
    fetchedAt: refs.fetchedAt,
  };
}
