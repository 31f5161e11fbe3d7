/**
 * Which Xero account a Cliniko invoice line goes to (SPEC §3.2, Cliniko's own rule):
 * item override > practitioner override > the default for the line's kind.
 * The result says where the code came from, so the Mappings grid can show inherited values as such and
 * pre-flight messages can point at the exact setting to change.
 */
import type { Settings } from '../../../shared/settings.js';

export type LineKind = 'billable-item' | 'product';

export interface AccountLineRef {
  billableItemId: string | null;
  productId: string | null;
  practitionerId: string | null;
}

export type AccountSource =
  | { source: 'override'; kind: LineKind; id: string }
  | { source: 'practitioner'; id: string }
  | { source: 'default'; kind: LineKind };

export type AccountResolution =
  | ({ ok: true; code: string } & AccountSource)
  | { ok: false; source: 'default'; kind: LineKind; missing: 'serviceAccountCode' | 'productAccountCode' };

/** A line with a product link is a product line; anything else (billable item, or neither) is a service. */
export function lineKind(ref: Pick<AccountLineRef, 'productId'>): LineKind {
  return ref.productId !== null ? 'product' : 'billable-item';
}

export function resolveAccount(settings: Settings, ref: AccountLineRef): AccountResolution {
  const kind = lineKind(ref);
  const itemId = kind === 'product' ? ref.productId : ref.billableItemId;
  const table = kind === 'product' ? settings.products : settings.billableItems;
  const item = itemId !== null ? table[itemId] : undefined;
  if (item && itemId !== null)
    return { ok: true, code: item.accountCode, source: 'override', kind, id: itemId };

  const practitioner = ref.practitionerId !== null ? settings.practitioners[ref.practitionerId] : undefined;
  if (practitioner && ref.practitionerId !== null) {
    return { ok: true, code: practitioner.accountCode, source: 'practitioner', id: ref.practitionerId };
  }

  const key = kind === 'product' ? 'productAccountCode' : 'serviceAccountCode';
  const code = settings.defaults[key];
  return code === ''
    ? { ok: false, source: 'default', kind, missing: key }
    : { ok: true, code, source: 'default', kind };
}

/** The payment account for a payment type: its override, else the default payment account. */
export function resolvePaymentAccount(
  settings: Settings,
  paymentTypeName: string | null,
): { ok: true; code: string; source: 'override' | 'default' } | { ok: false } {
  const o = paymentTypeName !== null ? settings.paymentTypes[paymentTypeName] : undefined;
  if (o) return { ok: true, code: o.accountCode, source: 'override' };
  const code = settings.defaults.paymentAccountCode;
  return code === '' ? { ok: false } : { ok: true, code, source: 'default' };
}
