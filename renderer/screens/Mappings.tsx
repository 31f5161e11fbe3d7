import { AgGridReact, type CustomCellEditorProps } from 'ag-grid-react';
import type {
  CellValueChangedEvent,
  ColDef,
  GridApi,
  ICellRendererParams,
  IRowNode,
  SelectionChangedEvent,
  ValueSetterParams,
} from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ClinikoRefsView, Settings, XeroAccountView, XeroRefsView } from '../../shared/api';
import { useApi } from '../api/api-context';
import { useAction, useCall } from '../api/hooks';
import { Empty, ErrorNote, Field, Loading, LockedNote } from '../components/ui';
import { formatCents } from '../format';
import { gridTheme } from '../grid';
import { useLockContext } from '../lock-context';
import { accountLabel, taxLabel } from '../suggest';
import { itemCodeLabel } from './mappings/item-code';
import { TrackingTab } from './mappings/TrackingTab';

/** What the reports say of a payment type, for its row's status. */
const paymentsSeen = (n: number): string =>
  n === 0 ? 'Not in an imported report yet' : n === 1 ? '1 payment in reports' : `${n} payments in reports`;

type Kind = 'billableItems' | 'products' | 'practitioners' | 'paymentTypes' | 'taxRates';
const KINDS: { id: Kind; label: string; what: string }[] = [
  { id: 'billableItems', label: 'Billable items', what: 'Xero account' },
  { id: 'products', label: 'Products', what: 'Xero account' },
  { id: 'practitioners', label: 'Practitioners', what: 'Xero account' },
  { id: 'paymentTypes', label: 'Payment types', what: 'Xero account' },
  { id: 'taxRates', label: 'Taxes', what: 'Xero tax rate' },
];

export type MapRow = {
  key: string;
  name: string;
  detail: string;
  /** The override ('' = inherits). */
  value: string;
  /** What applies when there is no override, already as a label; '' when nothing. */
  inherited: string;
  warning: string | null;
  /** Billable items and products: the Cliniko item code and whether Xero has it. */
  itemCode?: string;
};

function buildRows(kind: Kind, cliniko: ClinikoRefsView, xero: XeroRefsView, s: Settings): MapRow[] {
  const accounts = new Map(xero.accounts.map((a) => [a.code, a]));
  const rates = new Map(xero.taxRates.map((r) => [r.taxType, r]));
  const acct = (code: string) => {
    const a = accounts.get(code);
    return a ? accountLabel(a) : code;
  };
  const accountWarning = (code: string, use: 'revenue' | 'payment'): string | null => {
    if (!code) return null;
    const a = accounts.get(code);
    if (!a) return `Account ${code} is not in Xero's chart of accounts.`;
    if (a.status !== 'ACTIVE')
      return `${accountLabel(a)} is archived in Xero: invoices using it will be refused.`;
    if (use === 'revenue' && !a.revenue) return `${accountLabel(a)} is not a revenue account.`;
    if (use === 'payment' && !(a.type === 'BANK' || a.enablePayments))
      return `${accountLabel(a)} does not accept payments (enable payments on it in Xero).`;
    return null;
  };
  const withInherited = (
    key: string,
    name: string,
    detail: string,
    value: string,
    inheritedCode: string,
    inheritedFrom: string,
    use: 'revenue' | 'payment',
  ): MapRow => ({
    key,
    name,
    detail,
    value,
    inherited: inheritedCode
      ? `${acct(inheritedCode)} (${inheritedFrom})`
      : inheritedFrom
        ? `${inheritedFrom}`
        : '',
    warning: accountWarning(value || inheritedCode, use),
  });
  switch (kind) {
    case 'billableItems':
      return cliniko.billableItems
        .map((i) =>
          withInherited(
            i.id,
            i.name,
            formatCents(i.priceCents),
            s.billableItems[i.id]?.accountCode ?? '',
            s.defaults.serviceAccountCode,
            'services default',
            'revenue',
          ),
        )
        .map((r, idx) => ({
          ...r,
          itemCode: itemCodeLabel(cliniko.billableItems[idx]?.itemCode, xero.items),
        }));
    case 'products':
      return cliniko.products
        .map((i) =>
          withInherited(
            i.id,
            i.name,
            formatCents(i.priceCents),
            s.products[i.id]?.accountCode ?? '',
            s.defaults.productAccountCode,
            'products default',
            'revenue',
          ),
        )
        .map((r, idx) => ({ ...r, itemCode: itemCodeLabel(cliniko.products[idx]?.itemCode, xero.items) }));
    case 'practitioners':
      return cliniko.practitioners.map((p) =>
        withInherited(
          p.id,
          p.name,
          p.active ? 'Active' : 'Inactive',
          s.practitioners[p.id]?.accountCode ?? '',
          '',
          "item's account or the default",
          'revenue',
        ),
      );
    case 'paymentTypes':
      return cliniko.paymentTypes.map((name) =>
        withInherited(
          name,
          name,
          paymentsSeen(cliniko.paymentTypeCounts[name] ?? 0),
          s.paymentTypes[name]?.accountCode ?? '',
          s.defaults.paymentAccountCode,
          'payments default',
          'payment',
        ),
      );
    case 'taxRates':
      return cliniko.taxes.map((t) => {
        const value = s.taxRates[t.id] ?? '';
        const rate = Number(t.rate);
        const active = xero.taxRates.filter((r) => r.status === 'ACTIVE' && r.canApplyToRevenue);
        const same = active.filter((r) => Number(r.effectiveRate) === rate);
        const autoType =
          rate === 0 ? s.defaults.taxExemptTaxType : same.length === 1 ? (same[0]?.taxType ?? '') : '';
        const auto = autoType ? rates.get(autoType) : undefined;
        const effective = value ? rates.get(value) : auto;
        let warning: string | null = null;
        const code = value || autoType;
        if (!code) warning = `No Xero tax rate of ${rate}% applies to revenue: choose one.`;
        else if (!effective) warning = `Tax rate ${code} is not in Xero.`;
        else if (effective.status !== 'ACTIVE') warning = `${effective.name} is not active in Xero.`;
        else if (!effective.canApplyToRevenue)
          warning = `${effective.name} cannot be used on sales (revenue).`;
        return {
          key: t.id,
          name: t.name,
          detail: `${rate}%`,
          value,
          inherited: auto ? `${taxLabel(auto)} (${rate === 0 ? 'tax-free default' : 'same rate'})` : '',
          warning,
        };
      });
  }
}

function OverrideCell(p: ICellRendererParams<MapRow, string> & { label: (v: string) => string }) {
  const row = p.data;
  if (!row) return null;
  if (row.value) return <span>{p.label(row.value)}</span>;
  return (
    <span className="inherited" title="Inherited: no override for this row">
      {row.inherited || 'Not mapped'}
    </span>
  );
}

/**
 * The account / tax-rate editor: a native <select> in the cell, so the keyboard works as everywhere
 * (arrows, type-ahead, Enter to keep, Escape to cancel) and screen readers announce the options.
 * A pick with the mouse is kept at once.
 */
function SelectEditor(
  p: CustomCellEditorProps<MapRow, string> & {
    options: { value: string; label: string }[];
    inheritLabel: string;
  },
) {
  const ref = useRef<HTMLSelectElement>(null);
  const pointer = useRef(false);
  useEffect(() => ref.current?.focus(), []);
  return (
    <select
      ref={ref}
      className="cell-select"
      aria-label={`${p.colDef.headerName ?? 'Value'} for ${p.data.name}`}
      value={p.value ?? ''}
      onPointerDown={() => (pointer.current = true)}
      onChange={(e) => {
        p.onValueChange(e.target.value);
        if (pointer.current) setTimeout(() => p.stopEditing(), 0);
      }}
    >
      <option value="">{p.inheritLabel}</option>
      {p.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

function WarningCell(p: ICellRendererParams<MapRow>) {
  const w = p.data?.warning;
  if (!w) return null;
  return (
    <span className="warn-cell" title={w}>
      ⚠ {w}
    </span>
  );
}

export function Mappings() {
  const api = useApi();
  const { locked } = useLockContext();
  const [kind, setKind] = useState<Kind>('billableItems');
  const [tab, setTab] = useState<'grid' | 'tracking'>('grid');
  const [refresh, setRefresh] = useState(false);
  const cliniko = useCall('cliniko.refs', { refresh });
  const xero = useCall('xero.refs', { refresh });
  const settings = useCall('settings.get', {});
  const [quick, setQuick] = useState('');
  const [unmappedOnly, setUnmappedOnly] = useState(false);
  const [selected, setSelected] = useState(0);
  const [bulkValue, setBulkValue] = useState('');
  const gridRef = useRef<GridApi<MapRow> | null>(null);
  const save = useAction();

  useEffect(() => gridRef.current?.onFilterChanged(), [unmappedOnly]);

  const rows = useMemo(
    () =>
      cliniko.data && xero.data && settings.data
        ? buildRows(kind, cliniko.data, xero.data, settings.data.settings)
        : null,
    [kind, cliniko.data, xero.data, settings.data],
  );

  const options = useMemo(() => {
    if (!xero.data) return [] as { value: string; label: string }[];
    if (kind === 'taxRates') {
      return xero.data.taxRates
        .filter((r) => r.status === 'ACTIVE')
        .map((r) => ({
          value: r.taxType,
          label: taxLabel(r) + (r.canApplyToRevenue ? '' : ' — not for sales'),
        }));
    }
    const usable = (a: XeroAccountView) =>
      kind === 'paymentTypes' ? a.type === 'BANK' || a.enablePayments : a.revenue;
    return xero.data.accounts
      .filter((a) => a.status === 'ACTIVE' && usable(a))
      .map((a) => ({ value: a.code, label: accountLabel(a) }));
  }, [xero.data, kind]);
  const labelOf = useMemo(() => {
    const m = new Map<string, string>();
    for (const a of xero.data?.accounts ?? [])
      m.set(a.code, accountLabel(a) + (a.status === 'ACTIVE' ? '' : ' (archived)'));
    if (kind === 'taxRates') for (const r of xero.data?.taxRates ?? []) m.set(r.taxType, taxLabel(r));
    return (v: string) => (v ? (m.get(v) ?? v) : '');
  }, [xero.data, kind]);

  const persist = useCallback(
    async (entries: Record<string, string>) => {
      const table: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(entries)) {
        table[k] = kind === 'taxRates' ? v || null : v ? { accountCode: v } : null;
      }
      const r = await save.run(() => api.invoke('settings.update', { patch: { [kind]: table } }));
      if (r) settings.setData(r);
      else settings.reload(); // refused (locked, invalid): show what is really stored
    },
    [api, kind, save, settings],
  );

  const columns = useMemo<ColDef<MapRow>[]>(
    () => [
      {
        field: 'name',
        headerName: KINDS.find((k) => k.id === kind)?.label.replace(/s$/, '') ?? 'Name',
        flex: 2,
        minWidth: 200,
        sort: 'asc',
      },
      {
        field: 'detail',
        headerName:
          kind === 'practitioners'
            ? 'Status'
            : kind === 'taxRates'
              ? 'Rate'
              : kind === 'paymentTypes'
                ? 'In reports'
                : 'Price',
        width: kind === 'paymentTypes' ? 200 : 120,
      },
      {
        field: 'itemCode',
        headerName: 'Item code',
        width: 260,
        hide: kind !== 'billableItems' && kind !== 'products',
      },
      {
        field: 'value',
        headerName: KINDS.find((k) => k.id === kind)?.what ?? 'Xero account',
        flex: 3,
        minWidth: 260,
        editable: !locked,
        cellEditor: SelectEditor,
        cellEditorParams: { options, inheritLabel: '(inherit — no override)' },
        valueFormatter: (p) => (p.value ? labelOf(String(p.value)) : '(inherit)'),
        valueSetter: (p: ValueSetterParams<MapRow, string>) => {
          const v = p.newValue ?? '';
          if (!p.data || p.data.value === v) return false;
          p.data.value = v;
          return true;
        },
        cellRenderer: OverrideCell,
        cellRendererParams: { label: labelOf },
        comparator: (a: string, b: string) => labelOf(a).localeCompare(labelOf(b)),
        tooltipValueGetter: () => (locked ? undefined : 'Enter or double-click to change; Delete to inherit'),
      },
      {
        field: 'warning',
        headerName: 'Pre-flight',
        flex: 3,
        minWidth: 220,
        cellRenderer: WarningCell,
        comparator: (a: string | null, b: string | null) => Number(!!a) - Number(!!b),
      },
    ],
    [kind, locked, options, labelOf],
  );

  const onChanged = useCallback(
    (e: CellValueChangedEvent<MapRow>) => {
      if (!e.data) return;
      void persist({ [e.data.key]: e.data.value });
    },
    [persist],
  );

  const applyToSelected = () => {
    const api = gridRef.current;
    if (!api) return;
    const entries: Record<string, string> = {};
    for (const n of api.getSelectedNodes()) if (n.data) entries[n.data.key] = bulkValue;
    void persist(entries).then(() => api.deselectAll());
  };

  const loadError = cliniko.error ?? xero.error ?? settings.error;
  const counts = rows
    ? {
        total: rows.length,
        unmapped: rows.filter((r) => !r.value).length,
        warn: rows.filter((r) => r.warning).length,
      }
    : null;

  return (
    <div className="screen screen-fill">
      <div className="screen-head">
        <h2>Mappings</h2>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            setRefresh(true);
            cliniko.reload();
            xero.reload();
          }}
        >
          Refresh from Cliniko and Xero
        </button>
      </div>
      <LockedNote what="mappings" />
      <div role="tablist" aria-label="What to map" className="tabs">
        {KINDS.map((k) => (
          <button
            key={k.id}
            type="button"
            role="tab"
            aria-selected={tab === 'grid' && kind === k.id}
            className={`tab${tab === 'grid' && kind === k.id ? ' active' : ''}`}
            onClick={() => {
              setTab('grid');
              setKind(k.id);
              setSelected(0);
              setBulkValue('');
            }}
          >
            {k.label}
          </button>
        ))}
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'tracking'}
          className={`tab${tab === 'tracking' ? ' active' : ''}`}
          onClick={() => setTab('tracking')}
        >
          Tracking
        </button>
      </div>
      {tab === 'tracking' && cliniko.data && xero.data && settings.data ? (
        <TrackingTab
          cliniko={cliniko.data}
          xero={xero.data}
          settings={settings.data.settings}
          onSaved={settings.setData}
          onRejected={settings.reload}
        />
      ) : loadError ? (
        <ErrorNote onRetry={() => (cliniko.reload(), xero.reload(), settings.reload())}>
          Could not load the mappings: {loadError}
        </ErrorNote>
      ) : !rows ? (
        <Loading what="Cliniko items and Xero accounts" />
      ) : (
        <>
          <div className="toolbar grid-toolbar">
            <Field label="Filter">
              {(id) => (
                <input
                  id={id}
                  type="search"
                  placeholder="Name, account…"
                  value={quick}
                  onChange={(e) => setQuick(e.target.value)}
                />
              )}
            </Field>
            <label className="check">
              <input
                type="checkbox"
                checked={unmappedOnly}
                onChange={(e) => setUnmappedOnly(e.target.checked)}
              />
              Unmapped only
            </label>
            <span className="muted" data-testid="mapping-counts">
              {counts?.total.toLocaleString()} rows · {counts?.unmapped.toLocaleString()} inherit
              {counts && counts.warn > 0 ? ` · ${counts.warn} with warnings` : ''}
            </span>
            <span className="spacer" />
            <div className="bulk" aria-label="Apply to selected">
              <span className="muted" data-testid="selected-count">
                {selected} selected
              </span>
              <label className="sr-only" htmlFor="bulk-value">
                Value for the selected rows
              </label>
              <select
                id="bulk-value"
                value={bulkValue}
                disabled={locked || selected === 0}
                onChange={(e) => setBulkValue(e.target.value)}
              >
                <option value="">(inherit — clear override)</option>
                {options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="btn btn-primary btn-small"
                disabled={locked || selected === 0 || save.busy}
                onClick={applyToSelected}
              >
                Apply to selected
              </button>
            </div>
          </div>
          <ErrorNote>{save.error}</ErrorNote>
          {rows.length === 0 ? (
            <Empty title={`No ${KINDS.find((k) => k.id === kind)?.label.toLowerCase()} in Cliniko`}>
              Add them in Cliniko, then press “Refresh from Cliniko and Xero”.
            </Empty>
          ) : (
            <div className="grid-wrap" data-testid="mapping-grid">
              <AgGridReact<MapRow>
                key={kind}
                theme={gridTheme}
                rowData={rows}
                columnDefs={columns}
                getRowId={(p) => p.data.key}
                rowSelection={{
                  mode: 'multiRow',
                  checkboxes: true,
                  headerCheckbox: true,
                  selectAll: 'filtered',
                  enableClickSelection: false,
                }}
                quickFilterText={quick}
                isExternalFilterPresent={() => unmappedOnly}
                doesExternalFilterPass={(n: IRowNode<MapRow>) => !n.data?.value}
                onCellValueChanged={onChanged}
                onSelectionChanged={(e: SelectionChangedEvent<MapRow>) =>
                  setSelected(e.api.getSelectedNodes().length)
                }
                onGridReady={(e) => (gridRef.current = e.api)}
                onGridPreDestroyed={() => (gridRef.current = null)}
                singleClickEdit={false}
                stopEditingWhenCellsLoseFocus
                enterNavigatesVerticallyAfterEdit
                getRowClass={(p) => (p.data?.warning ? 'row-warn' : undefined)}
                rowHeight={34}
                tooltipShowDelay={600}
                overlayNoRowsTemplate="<span>No rows match the filter.</span>"
                animateRows={false}
                suppressCellFocus={false}
                onFilterChanged={(e) => setSelected(e.api.getSelectedNodes().length)}
              />
            </div>
          )}
        </>
      )}
    </div>
  );
}
