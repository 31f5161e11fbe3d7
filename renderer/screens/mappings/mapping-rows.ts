/**
 * The Mappings grid's rows: Cliniko's names and the core's verdict (`mappings.check`) joined for
 * display. Nothing here decides what applies or whether it is usable; that is the core's answer.
 */
import type {
  ClinikoRefsView,
  MappingKind,
  MappingRowCheck,
  MappingsCheck,
  XeroRefsView,
} from '../../../shared/api';
import { formatCents } from '../../format';
import { accountLabel, taxLabel } from '../../suggest';
import { itemCodeLabel } from './item-code';

/** What the imported reports say of a payment type. */
const paymentsSeen = (n: number): string =>
  n === 0 ? 'Not in an imported report yet' : n === 1 ? '1 payment in reports' : `${n} payments in reports`;

export const KINDS: { id: MappingKind; label: string; one: string; what: string }[] = [
  { id: 'billableItems', label: 'Billable items', one: 'Billable item', what: 'Xero account' },
  { id: 'products', label: 'Products', one: 'Product', what: 'Xero account' },
  { id: 'practitioners', label: 'Practitioners', one: 'Practitioner', what: 'Xero account' },
  { id: 'paymentTypes', label: 'Payment types', one: 'Payment type', what: 'Xero account' },
  { id: 'taxRates', label: 'Taxes', one: 'Tax', what: 'Xero tax rate' },
];

export type MapRow = {
  key: string;
  name: string;
  /** Cliniko's item code ('' when none or not an item). */
  code: string;
  detail: string;
  /** The override ('' = inherits). */
  value: string;
  /** What applies without an override, as a label; '' when nothing. */
  inherited: string;
  finding: string | null;
};

const FROM: Record<NonNullable<MappingRowCheck['inherited']>['from'], string> = {
  'services-default': 'services default',
  'products-default': 'products default',
  'payments-default': 'payments default',
  'tax-free-default': 'tax-free default',
  'same-rate': 'same rate',
};

export type Labeller = (code: string) => string;

export function labeller(kind: MappingKind | 'defaults', xero: XeroRefsView | null): Labeller {
  const m = new Map<string, string>();
  for (const a of xero?.accounts ?? [])
    m.set(a.code, accountLabel(a) + (a.status === 'ACTIVE' ? '' : ' (archived)'));
  if (kind === 'taxRates') for (const r of xero?.taxRates ?? []) m.set(r.taxType, taxLabel(r));
  return (v) => (v ? (m.get(v) ?? v) : '');
}

export function buildRows(
  kind: MappingKind,
  cliniko: ClinikoRefsView,
  check: MappingsCheck,
  label: Labeller,
  /** Xero's inventory items (null until read), for "not in Xero inventory". */
  items: { code: string }[] | null = null,
): MapRow[] {
  const byKey = new Map(check.rows.filter((r) => r.kind === kind).map((r) => [r.key, r]));
  const row = (key: string, name: string, code: string, detail: string): MapRow => {
    const c = byKey.get(key);
    return {
      key,
      name,
      code,
      detail,
      value: c?.value ?? '',
      inherited: c?.inherited
        ? `${label(c.inherited.code)} (${FROM[c.inherited.from]})`
        : c?.inheritsFromLine
          ? "item's account or the default"
          : '',
      finding: c?.finding ?? null,
    };
  };
  switch (kind) {
    case 'billableItems':
      return cliniko.billableItems.map((i) =>
        row(i.id, i.name, itemCodeLabel(i.code, items), formatCents(i.priceCents)),
      );
    case 'products':
      return cliniko.products.map((i) =>
        row(i.id, i.name, itemCodeLabel(i.code, items), formatCents(i.priceCents)),
      );
    case 'practitioners':
      return cliniko.practitioners.map((p) => row(p.id, p.name, '', p.active ? 'Active' : 'Inactive'));
    case 'paymentTypes':
      return cliniko.paymentTypes.map((n) => row(n, n, '', paymentsSeen(cliniko.paymentTypeCounts[n] ?? 0)));
    case 'taxRates':
      return cliniko.taxes.map((t) => row(t.id, t.name, '', `${t.rate}%`));
  }
}

/** The settings patch that sets these rows of one table ('' clears the override). */
export function patchFor(kind: MappingKind, entries: Record<string, string>): Record<string, unknown> {
  const table: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entries))
    table[k] = kind === 'taxRates' ? v || null : v ? { accountCode: v } : null;
  return { [kind]: table };
}
