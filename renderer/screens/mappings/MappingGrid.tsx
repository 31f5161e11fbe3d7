import { AgGridReact, type CustomCellEditorProps } from 'ag-grid-react';
import type {
  CellValueChangedEvent,
  ColDef,
  GridApi,
  ICellRendererParams,
  IRowNode,
  ValueSetterParams,
} from 'ag-grid-community';
import { useEffect, useMemo, useRef } from 'react';
import type { MappingKind } from '../../../shared/api';
import { WarningIcon } from '../../components/icons';
import { gridTheme } from '../../grid';
import { KINDS, type Labeller, type MapRow } from './mapping-rows';

/** A constant: a new object on each render would count as a changed option and stop an edit. */
const ROW_SELECTION = {
  mode: 'multiRow',
  checkboxes: true,
  headerCheckbox: true,
  selectAll: 'filtered',
  enableClickSelection: false,
} as const;

function OverrideCell(p: ICellRendererParams<MapRow, string> & { label: Labeller }) {
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
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    // The Enter that opened the editor is released on the select: that key-up is not "keep this
    // value" (the grid would close the editor at once). Only a key pressed in the editor counts.
    let pressed = false;
    const down = () => (pressed = true);
    const up = (e: KeyboardEvent) => {
      if (!pressed && e.key === 'Enter') e.stopPropagation();
    };
    el.addEventListener('keydown', down, true);
    el.addEventListener('keyup', up, true);
    return () => {
      el.removeEventListener('keydown', down, true);
      el.removeEventListener('keyup', up, true);
    };
  }, []);
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
      <option value="">{p.inheritLabel ?? '(inherit — no override)'}</option>
      {/* The grid re-renders an open editor with its refresh params, which lack cellEditorParams. */}
      {(p.options ?? []).map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

function FindingCell(p: ICellRendererParams<MapRow>) {
  const w = p.data?.finding;
  if (!w) return null;
  return (
    <span className="warn-cell" title={w}>
      <WarningIcon /> {w}
    </span>
  );
}

export function MappingGrid({
  kind,
  rows,
  options,
  label,
  locked,
  quick,
  unmappedOnly,
  focusRow,
  onEdit,
  onSelection,
  onShown,
  apiRef,
}: {
  kind: MappingKind;
  rows: MapRow[];
  options: { value: string; label: string }[];
  label: Labeller;
  locked: boolean;
  quick: string;
  unmappedOnly: boolean;
  /** A row to show and focus (Fix this in the log). */
  focusRow: string | null;
  onEdit: (key: string, value: string) => void;
  onSelection: (keys: string[]) => void;
  /** Rows shown after the filters. */
  onShown: (n: number) => void;
  apiRef: React.MutableRefObject<GridApi<MapRow> | null>;
}) {
  const meta = KINDS.find((k) => k.id === kind)!;
  // The grid gets stable callbacks that read the latest props: a new function on every render would
  // count as a changed grid option, re-run the filters and close an open editor (the status re-renders
  // the screen every few seconds while a sync runs).
  const latest = useRef({ unmappedOnly, onEdit, onSelection, onShown, focusRow, apiRef });
  latest.current = { unmappedOnly, onEdit, onSelection, onShown, focusRow, apiRef };
  const handlers = useMemo(() => {
    const selection = (api: GridApi<MapRow>) =>
      latest.current.onSelection(api.getSelectedNodes().flatMap((n) => (n.data ? [n.data.key] : [])));
    const shown = (api: GridApi<MapRow>) => latest.current.onShown(api.getDisplayedRowCount());
    return {
      isExternalFilterPresent: () => latest.current.unmappedOnly,
      doesExternalFilterPass: (n: IRowNode<MapRow>) => !n.data?.value,
      onCellValueChanged: (e: CellValueChangedEvent<MapRow>) => {
        if (e.data) latest.current.onEdit(e.data.key, e.data.value);
      },
      onSelectionChanged: (e: { api: GridApi<MapRow> }) => selection(e.api),
      onFilterChanged: (e: { api: GridApi<MapRow> }) => selection(e.api),
      onModelUpdated: (e: { api: GridApi<MapRow> }) => shown(e.api),
      onGridReady: (e: { api: GridApi<MapRow> }) => {
        latest.current.apiRef.current = e.api;
        shown(e.api);
        const focusRow = latest.current.focusRow;
        const node = focusRow ? e.api.getRowNode(focusRow) : undefined;
        if (node && node.rowIndex !== null) {
          e.api.ensureNodeVisible(node, 'middle');
          e.api.setFocusedCell(node.rowIndex, 'value');
        }
      },
      onGridPreDestroyed: () => {
        latest.current.apiRef.current = null;
      },
      getRowClass: (p: { data?: MapRow }) => (p.data?.finding ? 'row-warn' : undefined),
      getRowId: (p: { data: MapRow }) => p.data.key,
    };
  }, []);
  useEffect(() => apiRef.current?.onFilterChanged(), [unmappedOnly, apiRef]);
  const columns = useMemo<ColDef<MapRow>[]>(
    () => [
      { field: 'name', headerName: meta.one, flex: 2, minWidth: 190, sort: 'asc' },
      {
        field: 'code',
        headerName: 'Item code',
        width: 220,
        hide: kind !== 'billableItems' && kind !== 'products',
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
                : 'Price (ex tax)',
        width: kind === 'paymentTypes' ? 200 : 130,
        type: kind === 'billableItems' || kind === 'products' ? 'rightAligned' : undefined,
      },
      {
        field: 'value',
        headerName: meta.what,
        flex: 3,
        minWidth: 250,
        editable: !locked,
        cellEditor: SelectEditor,
        cellEditorParams: { options, inheritLabel: '(inherit — no override)' },
        valueFormatter: (p) => (p.value ? label(String(p.value)) : '(inherit)'),
        valueSetter: (p: ValueSetterParams<MapRow, string>) => {
          const v = p.newValue ?? '';
          if (!p.data || p.data.value === v) return false;
          p.data.value = v;
          return true;
        },
        cellRenderer: OverrideCell,
        cellRendererParams: { label },
        comparator: (a: string, b: string) => label(a).localeCompare(label(b)),
        tooltipValueGetter: () => (locked ? undefined : 'Enter or double-click to change; Delete to inherit'),
      },
      {
        field: 'finding',
        headerName: 'Pre-flight',
        flex: 3,
        minWidth: 220,
        cellRenderer: FindingCell,
        comparator: (a: string | null, b: string | null) => Number(!!a) - Number(!!b),
      },
    ],
    [kind, meta, locked, options, label],
  );

  return (
    <div className="grid-wrap" data-testid="mapping-grid">
      <AgGridReact<MapRow>
        key={kind}
        theme={gridTheme}
        rowData={rows}
        columnDefs={columns}
        getRowId={handlers.getRowId}
        rowSelection={ROW_SELECTION}
        quickFilterText={quick}
        isExternalFilterPresent={handlers.isExternalFilterPresent}
        doesExternalFilterPass={handlers.doesExternalFilterPass}
        onCellValueChanged={handlers.onCellValueChanged}
        onSelectionChanged={handlers.onSelectionChanged}
        onModelUpdated={handlers.onModelUpdated}
        onGridReady={handlers.onGridReady}
        onGridPreDestroyed={handlers.onGridPreDestroyed}
        singleClickEdit={false}
        stopEditingWhenCellsLoseFocus
        enterNavigatesVerticallyAfterEdit
        getRowClass={handlers.getRowClass}
        rowHeight={34}
        tooltipShowDelay={600}
        overlayNoRowsTemplate="<span>No rows match the filter.</span>"
        animateRows={false}
        onFilterChanged={handlers.onFilterChanged}
      />
    </div>
  );
}
