import { AgGridReact } from 'ag-grid-react';
import type {
  ColDef,
  GridApi,
  ICellRendererParams,
  IDatasource,
  IGetRowsParams,
  RowClickedEvent,
} from 'ag-grid-community';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LogDetails, LogRow, LogSort, LogSourceType, LogState } from '../../../shared/api';
import { useApi } from '../../api/api-context';
import { messageOf, useAction } from '../../api/hooks';
import { DateInput } from '../../components/DateInput';
import { countOf, GridToolbar } from '../../components/GridToolbar';
import { ExternalIcon } from '../../components/icons';
import { ErrorNote, Field } from '../../components/ui';
import { formatCents, formatDate, STATE_LABEL } from '../../format';
import { gridTheme } from '../../grid';
import type { Go, Route } from '../../router';
import { filtersFromParams, paramsFromFilters, type LogFilters } from './log-filters';
import { LogDetailsPanel } from './LogDetails';
import { problemSummary } from './problem-text';

const TYPE_LABEL: Record<string, string> = {
  invoice: 'Invoice',
  payment: 'Payment',
  contact: 'Contact',
  creditnote: 'Credit note',
};

const SORT_OF: Record<string, LogSort> = {
  state: 'state',
  invoiceNumber: 'invoiceNumber',
  patientName: 'patientName',
  issueDate: 'issueDate',
  totalCents: 'total',
  updatedAt: 'updatedAt',
};

const ROW_SELECTION = { mode: 'singleRow', checkboxes: false, enableClickSelection: true } as const;

function StateCell(p: ICellRendererParams<LogRow>) {
  const s = p.data?.state;
  if (!s) return <span className="muted">Loading…</span>;
  return <span className={`state state-${s}`}>{STATE_LABEL[s] ?? s}</span>;
}

function XeroCell(p: ICellRendererParams<LogRow>) {
  const url = p.data?.xeroUrl;
  if (!url) return null;
  return (
    <a href={url} target="_blank" rel="noreferrer" onClick={(e) => e.stopPropagation()}>
      Open in Xero <ExternalIcon />
    </a>
  );
}

/** The sync log: every record, filtered from the address; the details open over the grid's right side. */
export function SyncLog({ route, go }: { route: Route; go: Go }) {
  const api = useApi();
  const filters = useMemo(() => filtersFromParams(route.params), [route.params]);
  const openId = Number(route.params.open) || null;
  const [searchText, setSearchText] = useState(filters.search ?? '');
  const [total, setTotal] = useState<number | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [detail, setDetail] = useState<LogDetails | null>(null);
  const [detailError, setDetailError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const gridRef = useRef<GridApi<LogRow> | null>(null);
  const action = useAction();
  const filterKey = JSON.stringify(filters);

  const setFilters = (f: LogFilters, opts?: { replace?: boolean }) =>
    go({ screen: 'log', params: paramsFromFilters(f, openId) }, opts);
  const setOpen = (id: number | null) => go({ screen: 'log', params: paramsFromFilters(filters, id) });

  // Back/forward changed the search: show it.
  useEffect(() => setSearchText(filters.search ?? ''), [filters.search]);
  // Search as you type, without a request (or a history entry) per keystroke. The timer reads the
  // address as it is when it fires: a row opened meanwhile stays open.
  const latest = useRef({ filters, openId });
  latest.current = { filters, openId };
  useEffect(() => {
    const t = setTimeout(() => {
      const { filters: f, openId: open } = latest.current;
      const search = searchText.trim() || undefined;
      if (search !== f.search)
        go({ screen: 'log', params: paramsFromFilters({ ...f, search }, open) }, { replace: true });
    }, 300);
    return () => clearTimeout(t);
  }, [searchText, go]);

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows(p: IGetRowsParams) {
        const sortModel = p.sortModel[0];
        api
          .invoke('log.list', {
            ...(JSON.parse(filterKey) as LogFilters),
            offset: p.startRow,
            limit: Math.min(500, p.endRow - p.startRow),
            ...(sortModel && SORT_OF[sortModel.colId]
              ? { sort: SORT_OF[sortModel.colId], dir: sortModel.sort }
              : {}),
          })
          .then(
            (r) => {
              setTotal(r.total);
              setListError(null);
              p.successCallback(r.rows, r.total);
              if (r.total === 0) gridRef.current?.showNoRowsOverlay();
              else gridRef.current?.hideOverlay();
            },
            (e: unknown) => {
              setListError(messageOf(e));
              p.failCallback();
            },
          );
      },
    }),
    [api, filterKey],
  );

  // The record in the address: load it (a deep link, back/forward, or a click).
  useEffect(() => {
    if (!openId) {
      setDetail(null);
      setDetailError(null);
      return;
    }
    let live = true;
    setDetailError(null);
    api.invoke('log.get', { id: openId }).then(
      (d) => live && setDetail(d),
      (e: unknown) => live && setDetailError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [api, openId]);

  // Live: the ledger changed → refresh the loaded pages (at most once a second) and the open record.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = api.on('log.changed', () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        gridRef.current?.refreshInfiniteCache();
        if (openId) api.invoke('log.get', { id: openId }).then(setDetail, () => {});
      }, 1000);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [api, openId]);

  const columns = useMemo<ColDef<LogRow>[]>(
    () => [
      { field: 'state', headerName: 'State', width: 150, cellRenderer: StateCell, sortable: true },
      { field: 'invoiceNumber', headerName: 'Number', width: 105, sortable: true },
      {
        field: 'sourceType',
        headerName: 'Type',
        width: 95,
        sortable: false,
        hide: filters.sourceType !== undefined,
        valueFormatter: (p) => TYPE_LABEL[String(p.value)] ?? String(p.value ?? ''),
      },
      { field: 'patientName', headerName: 'Patient', flex: 1, minWidth: 140, sortable: true },
      {
        field: 'issueDate',
        headerName: 'Date',
        width: 110,
        sortable: true,
        sort: 'desc',
        valueFormatter: (p) => (p.value ? formatDate(String(p.value)) : ''),
      },
      {
        field: 'totalCents',
        headerName: 'Total',
        width: 115,
        sortable: true,
        type: 'rightAligned',
        valueFormatter: (p) => formatCents(p.value as number | null),
      },
      {
        field: 'error',
        headerName: 'Problem',
        flex: 3,
        minWidth: 240,
        sortable: false,
        valueFormatter: (p) => problemSummary(p.value as string | null),
        tooltipValueGetter: (p) => problemSummary(p.value as string | null),
        cellClass: 'cell-problem',
      },
      { field: 'xeroUrl', headerName: 'Xero', width: 125, sortable: false, cellRenderer: XeroCell },
    ],
    [filters.sourceType],
  );

  const exportCsv = () =>
    void action.run(async () => {
      const r = await api.invoke('log.exportCsv', filters);
      const blob = new Blob([r.csv], { type: 'text/csv;charset=utf-8' });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `sync-log-${new Date().toISOString().slice(0, 10)}.csv`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      setNotice(`Exported ${countOf(r.rows, 'record', 'records')}.`);
    });

  return (
    <div className="screen screen-fill">
      <div className="screen-head">
        <h2>Sync log</h2>
        <div className="toolbar">
          <button
            type="button"
            className="btn"
            disabled={action.busy}
            onClick={() =>
              void action.run(async () => {
                const r = await api.invoke('log.retryAll', {});
                if (r.requeued > 0) await api.invoke('sync.now', {});
                setNotice(
                  r.requeued === 0
                    ? 'Nothing to retry.'
                    : `${countOf(r.requeued, 'record', 'records')} will be sent again.`,
                );
              })
            }
          >
            Retry all failed
          </button>
          <button type="button" className="btn" disabled={action.busy} onClick={exportCsv}>
            Export CSV
          </button>
        </div>
      </div>
      <GridToolbar
        label="Filter the sync log"
        count={countOf(total, 'record', 'records')}
        countTestId="log-total"
        filters={
          <>
            <Field label="Type">
              {(id) => (
                <select
                  id={id}
                  value={filters.sourceType ?? ''}
                  onChange={(e) =>
                    setFilters({
                      ...filters,
                      sourceType: (e.target.value || undefined) as LogSourceType | undefined,
                    })
                  }
                >
                  <option value="invoice">Invoices</option>
                  <option value="payment">Payments</option>
                  <option value="contact">Contacts</option>
                  <option value="creditnote">Credit notes</option>
                  <option value="">Everything</option>
                </select>
              )}
            </Field>
            <Field label="State">
              {(id) => (
                <select
                  id={id}
                  value={filters.state ?? ''}
                  onChange={(e) =>
                    setFilters({ ...filters, state: (e.target.value || undefined) as LogState | undefined })
                  }
                >
                  <option value="">All</option>
                  <option value="needs_attention">Needs attention</option>
                  <option value="failed">Failed (will retry)</option>
                  <option value="pending">Pending</option>
                  <option value="synced">Synced</option>
                </select>
              )}
            </Field>
            <Field label="From">
              {(id) => (
                <DateInput
                  id={id}
                  value={filters.from ?? ''}
                  onChange={(v) => setFilters({ ...filters, from: v || undefined })}
                />
              )}
            </Field>
            <Field label="To">
              {(id) => (
                <DateInput
                  id={id}
                  value={filters.to ?? ''}
                  onChange={(v) => setFilters({ ...filters, to: v || undefined })}
                />
              )}
            </Field>
            <Field label="Search">
              {(id) => (
                <input
                  id={id}
                  type="search"
                  placeholder="Invoice number or patient"
                  value={searchText}
                  onChange={(e) => setSearchText(e.target.value)}
                />
              )}
            </Field>
          </>
        }
      />
      <ErrorNote>{listError ? `Could not read the sync log: ${listError}` : null}</ErrorNote>
      <ErrorNote>{action.error}</ErrorNote>
      {notice && (
        <div className="note note-info" role="status">
          <span>{notice}</span>
          <button type="button" className="link" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      )}
      <div className={`log-body${openId ? ' with-details' : ''}`}>
        <div className="grid-wrap" data-testid="log-grid">
          <AgGridReact<LogRow>
            theme={gridTheme}
            rowModelType="infinite"
            datasource={datasource}
            columnDefs={columns}
            getRowId={(p) => String(p.data.id)}
            cacheBlockSize={100}
            maxBlocksInCache={40}
            infiniteInitialRowCount={50}
            rowHeight={34}
            rowSelection={ROW_SELECTION}
            onRowClicked={(e: RowClickedEvent<LogRow>) => e.data && setOpen(e.data.id)}
            onCellKeyDown={(e) => {
              const k = (e.event as KeyboardEvent | null)?.key;
              if ((k === 'Enter' || k === ' ') && e.data) setOpen(e.data.id);
            }}
            onGridReady={(e) => (gridRef.current = e.api)}
            onGridPreDestroyed={() => (gridRef.current = null)}
            overlayNoRowsTemplate="<span>No records match. Change the filters, or wait for the next sync.</span>"
            tooltipShowDelay={500}
          />
        </div>
        {openId && (
          <LogDetailsPanel
            detail={detail}
            error={detailError}
            go={go}
            onClose={() => {
              setOpen(null);
              gridRef.current?.ensureIndexVisible(0);
            }}
            onChanged={(d) => {
              setDetail(d);
              gridRef.current?.refreshInfiniteCache();
            }}
          />
        )}
      </div>
    </div>
  );
}
