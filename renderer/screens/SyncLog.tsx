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
import { useApi } from '../api/api-context';
import type { LogDetails, LogRow, LogSort, LogState } from '../../shared/api';
import { messageOf, useAction } from '../api/hooks';
import { ErrorNote, Field } from '../components/ui';
import { formatCents, formatDateTime, STATE_LABEL } from '../format';
import { gridTheme } from '../grid';
import { countOf } from '../../shared/plural';

type Filters = {
  state?: LogState;
  sourceType?: LogRow['sourceType'];
  search?: string;
  from?: string;
  to?: string;
};

const TYPE_LABEL: Record<string, string> = { invoice: 'Invoice', payment: 'Payment', contact: 'Contact' };

const SORT_OF: Record<string, LogSort> = {
  state: 'state',
  invoiceNumber: 'invoiceNumber',
  patientName: 'patientName',
  issueDate: 'issueDate',
  totalCents: 'total',
  updatedAt: 'updatedAt',
};

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
      Open in Xero ↗
    </a>
  );
}

/** The problem sentence and its fix: the core writes "what happened. What to do." in one string. */
function Problem({ text }: { text: string }) {
  return (
    <div className="note note-warn" role="note">
      <strong>What went wrong</strong>
      <p>{text}</p>
    </div>
  );
}

function Json({ value, label }: { value: unknown; label: string }) {
  return (
    <details className="json" open={label.startsWith('Cliniko')}>
      <summary>{label}</summary>
      {value === null || value === undefined ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        <pre tabIndex={0}>{JSON.stringify(value, null, 2)}</pre>
      )}
    </details>
  );
}

export function SyncLog({ initialFilter }: { initialFilter?: { state?: LogState } }) {
  const api = useApi();
  const [filters, setFilters] = useState<Filters>({ sourceType: 'invoice', ...initialFilter });
  const [searchText, setSearchText] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [detail, setDetail] = useState<LogDetails | null>(null);
  const [detailError, setDetailError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const gridRef = useRef<GridApi<LogRow> | null>(null);
  const action = useAction();
  const detailId = detail?.id;

  // A notification click while the log is open changes the filter.
  useEffect(() => {
    if (initialFilter) setFilters((f) => ({ ...f, state: initialFilter.state }));
  }, [initialFilter]);

  // Search as you type, without a request per keystroke.
  useEffect(() => {
    const t = setTimeout(() => setFilters((f) => ({ ...f, search: searchText.trim() || undefined })), 300);
    return () => clearTimeout(t);
  }, [searchText]);

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows(p: IGetRowsParams) {
        const sortModel = p.sortModel[0];
        api
          .invoke('log.list', {
            ...filters,
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
    [api, filters],
  );

  // Live: the ledger changed → refresh the loaded pages (at most once a second) and the open record.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = api.on('log.changed', () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        gridRef.current?.refreshInfiniteCache();
        if (detailId !== undefined) {
          api.invoke('log.get', { id: detailId }).then(setDetail, () => {});
        }
      }, 1000);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [api, detailId]);

  const open = (id: number) => {
    setDetailError(null);
    api.invoke('log.get', { id }).then(setDetail, (e: unknown) => setDetailError(messageOf(e)));
  };

  const columns = useMemo<ColDef<LogRow>[]>(
    () => [
      { field: 'state', headerName: 'State', width: 150, cellRenderer: StateCell, sortable: true },
      { field: 'invoiceNumber', headerName: 'Number', width: 110, sortable: true },
      {
        field: 'sourceType',
        headerName: 'Type',
        width: 100,
        sortable: false,
        hide: filters.sourceType !== undefined,
        valueFormatter: (p) => TYPE_LABEL[String(p.value)] ?? String(p.value ?? ''),
      },
      { field: 'patientName', headerName: 'Patient', flex: 2, minWidth: 160, sortable: true },
      { field: 'issueDate', headerName: 'Date', width: 120, sortable: true, sort: 'desc' },
      {
        field: 'totalCents',
        headerName: 'Total',
        width: 120,
        sortable: true,
        type: 'rightAligned',
        valueFormatter: (p) => formatCents(p.value as number | null),
      },
      {
        field: 'error',
        headerName: 'Problem',
        flex: 3,
        minWidth: 200,
        sortable: false,
        tooltipField: 'error',
        cellClass: 'cell-problem',
      },
      { field: 'xeroUrl', headerName: 'Xero', width: 130, sortable: false, cellRenderer: XeroCell },
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
      setNotice(`Exported ${countOf(r.rows, 'record')}.`);
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
                    : `${countOf(r.requeued, 'record')} will be sent again.`,
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
      <div className="toolbar grid-toolbar">
        <Field label="Type">
          {(id) => (
            <select
              id={id}
              value={filters.sourceType ?? ''}
              onChange={(e) =>
                setFilters({
                  ...filters,
                  sourceType: (e.target.value || undefined) as LogRow['sourceType'] | undefined,
                })
              }
            >
              <option value="invoice">Invoices</option>
              <option value="payment">Payments</option>
              <option value="contact">Contacts</option>
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
            <input
              id={id}
              type="date"
              value={filters.from ?? ''}
              onChange={(e) => setFilters({ ...filters, from: e.target.value || undefined })}
            />
          )}
        </Field>
        <Field label="To">
          {(id) => (
            <input
              id={id}
              type="date"
              value={filters.to ?? ''}
              onChange={(e) => setFilters({ ...filters, to: e.target.value || undefined })}
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
        <span className="spacer" />
        <span className="muted" data-testid="log-total" aria-live="polite">
          {total === null ? '' : countOf(total, 'record')}
        </span>
      </div>
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
      <div className={`log-body${detail || detailError ? ' with-details' : ''}`}>
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
            rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
            onRowClicked={(e: RowClickedEvent<LogRow>) => e.data && open(e.data.id)}
            onCellKeyDown={(e) => {
              const k = (e.event as KeyboardEvent | null)?.key;
              if (k === 'Enter' && e.data) open(e.data.id);
            }}
            onGridReady={(e) => (gridRef.current = e.api)}
            onGridPreDestroyed={() => (gridRef.current = null)}
            overlayNoRowsTemplate="<span>No records match. Change the filters, or wait for the next sync.</span>"
            tooltipShowDelay={500}
          />
        </div>
        {(detail || detailError) && (
          <aside className="details" aria-label="Record details" data-testid="log-details">
            <div className="details-head">
              <h3>
                {detail
                  ? `${TYPE_LABEL[detail.sourceType] ?? 'Record'} ${detail.sourceType === 'contact' ? (detail.patientName ?? '') : (detail.invoiceNumber ?? detail.sourceId)}`
                  : 'Record'}
              </h3>
              <button
                type="button"
                className="btn btn-small btn-quiet"
                aria-label="Close details"
                onClick={() => {
                  setDetail(null);
                  setDetailError(null);
                }}
              >
                ✕
              </button>
            </div>
            <ErrorNote>{detailError}</ErrorNote>
            {detail && (
              <>
                <dl className="kv">
                  <dt>State</dt>
                  <dd>
                    <span className={`state state-${detail.state}`} data-testid="detail-state">
                      {STATE_LABEL[detail.state] ?? detail.state}
                    </span>
                  </dd>
                  <dt>Patient</dt>
                  <dd>{detail.patientName ?? '—'}</dd>
                  <dt>Date</dt>
                  <dd>{detail.issueDate ?? '—'}</dd>
                  <dt>Total</dt>
                  <dd>{formatCents(detail.totalCents)}</dd>
                  <dt>Attempts</dt>
                  <dd>{detail.attempts}</dd>
                  <dt>Updated</dt>
                  <dd>{formatDateTime(detail.updatedAt)}</dd>
                </dl>
                {detail.error && detail.state !== 'synced' && <Problem text={detail.error} />}
                <div className="actions">
                  {(detail.state === 'failed' || detail.state === 'needs_attention') && (
                    <button
                      type="button"
                      className="btn btn-primary"
                      disabled={action.busy}
                      onClick={() =>
                        void action.run(async () => {
                          const r = await api.invoke('log.retry', { id: detail.id });
                          setDetail({ ...detail, ...r });
                          // Retry means "send it again now", not at the next poll.
                          await api.invoke('sync.now', {});
                          gridRef.current?.refreshInfiniteCache();
                        })
                      }
                    >
                      Retry
                    </button>
                  )}
                  {detail.xeroUrl && (
                    <a className="btn" href={detail.xeroUrl} target="_blank" rel="noreferrer">
                      Open in Xero ↗
                    </a>
                  )}
                </div>
                <Json
                  label={`Cliniko ${detail.sourceType === 'contact' ? 'patient' : 'invoice'}`}
                  value={detail.source}
                />
                <Json label="What was sent to Xero" value={detail.sent} />
                <Json label="Xero's answer" value={detail.response} />
              </>
            )}
          </aside>
        )}
      </div>
    </div>
  );
}
