import type { GridApi } from 'ag-grid-community';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { MappingKind, XeroAccountView } from '../../../shared/api';
import { MAPPING_KINDS } from '../../../shared/api';
import { useApi } from '../../api/api-context';
import { useAction, useCall } from '../../api/hooks';
import { countOf, GridToolbar } from '../../components/GridToolbar';
import { Empty, ErrorNote, Field, Loading, LockedNote } from '../../components/ui';
import { useLockContext } from '../../lock-context';
import type { Go, Route } from '../../router';
import { accountLabel, taxLabel } from '../../suggest';
import { BulkBar, type Change } from './BulkBar';
import { CsvPanel } from './CsvPanel';
import { DefaultsPanel } from './DefaultsPanel';
import { TrackingTab } from './TrackingTab';
import { buildRows, KINDS, labeller, patchFor, type MapRow } from './mapping-rows';
import { MappingGrid } from './MappingGrid';

type Tab = MappingKind | 'defaults' | 'tracking';
const TABS: { id: Tab; label: string }[] = [
  ...KINDS.map((k) => ({ id: k.id, label: k.label })),
  { id: 'tracking', label: 'Tracking' },
  { id: 'defaults', label: 'Defaults' },
];
const isKind = (s: string): s is MappingKind => (MAPPING_KINDS as readonly string[]).includes(s);

/** Mappings: one tab per table of overrides, plus the defaults; tab, filter and row are in the address. */
export function Mappings({ route, go }: { route: Route; go: Go }) {
  const api = useApi();
  const { locked } = useLockContext();
  const tab: Tab =
    route.sub === 'defaults' || route.sub === 'tracking'
      ? route.sub
      : isKind(route.sub)
        ? route.sub
        : 'billableItems';
  const quick = route.params.q ?? '';
  const unmappedOnly = route.params.unmapped === '1';
  const [refresh, setRefresh] = useState(false);
  const cliniko = useCall('cliniko.refs', { refresh });
  const xero = useCall('xero.refs', { refresh });
  const settings = useCall('settings.get', {});
  const check = useCall('mappings.check', {});
  const [selected, setSelected] = useState<string[]>([]);
  const [shown, setShown] = useState<number | null>(null);
  const [undo, setUndo] = useState<{ what: string; changes: Change[] } | null>(null);
  const gridRef = useRef<GridApi<MapRow> | null>(null);
  /** Each tab keeps its own filter: coming back to a tab finds it as it was left. */
  const tabParams = useRef<Partial<Record<Tab, Record<string, string>>>>({});
  const save = useAction();

  const setParams = (params: Record<string, string>, replace = false) =>
    go({ screen: 'mappings', sub: tab, params }, { replace });
  const openTab = (t: Tab) => {
    tabParams.current[tab] = { ...route.params, row: '', field: '' };
    setSelected([]);
    go({ screen: 'mappings', sub: t, params: tabParams.current[t] ?? {} });
  };

  const kind = tab === 'defaults' || tab === 'tracking' ? null : tab;
  const label = useMemo(() => labeller(kind ?? 'defaults', xero.data), [kind, xero.data]);
  const rowsOf = useCallback(
    (k: MappingKind) =>
      // Xero's names too before the first render: a late label change would close an open editor.
      cliniko.data && check.data && xero.data
        ? buildRows(k, cliniko.data, check.data, labeller(k, xero.data), xero.data.items)
        : null,
    [cliniko.data, check.data, xero.data],
  );
  const rows = useMemo(() => (kind ? rowsOf(kind) : null), [kind, rowsOf]);

  const optionsOf = useCallback(
    (k: MappingKind) => {
      if (!xero.data) return [] as { value: string; label: string }[];
      if (k === 'taxRates')
        return xero.data.taxRates
          .filter((r) => r.status === 'ACTIVE')
          .map((r) => ({
            value: r.taxType,
            label: taxLabel(r) + (r.canApplyToRevenue ? '' : ' — not for sales'),
          }));
      const usable = (a: XeroAccountView) =>
        k === 'paymentTypes' ? a.type === 'BANK' || a.enablePayments : a.revenue;
      return xero.data.accounts
        .filter((a) => a.status === 'ACTIVE' && usable(a))
        .map((a) => ({ value: a.code, label: accountLabel(a) }));
    },
    [xero.data],
  );
  const options = useMemo(() => (kind ? optionsOf(kind) : []), [kind, optionsOf]);

  /** Saves overrides (several tables at once for a CSV), then re-reads the core's check. */
  const persist = useCallback(
    async (changes: Change[]): Promise<boolean> => {
      const patch: Record<string, Record<string, unknown>> = {};
      for (const c of changes)
        Object.assign((patch[c.kind] ??= {}), patchFor(c.kind, { [c.key]: c.to })[c.kind]);
      const r = await save.run(() => api.invoke('settings.update', { patch }));
      if (r) settings.setData(r);
      else settings.reload(); // refused (locked, invalid): show what is really stored
      check.reload();
      return !!r;
    },
    [api, save, settings, check],
  );

  const applyChanges = async (what: string, changes: Change[]) => {
    if (changes.length === 0) return;
    if (await persist(changes)) {
      setUndo({ what, changes });
      gridRef.current?.deselectAll();
    }
  };

  const loadError = cliniko.error ?? xero.error ?? settings.error ?? check.error;
  const unmapped = rows?.filter((r) => !r.value).length ?? 0;
  const problems = rows?.filter((r) => r.finding).length ?? 0;
  const meta = KINDS.find((k) => k.id === kind);

  return (
    <div className="screen screen-fill">
      <div className="screen-head">
        <h2>Mappings</h2>
        <div className="toolbar">
          <CsvPanel
            rowsOf={rowsOf}
            labelOf={(k, code) => labeller(k, xero.data)(code)}
            offered={(k, code) => optionsOf(k).some((o) => o.value === code)}
            locked={locked}
            onApply={(changes) =>
              applyChanges(`${countOf(changes.length, 'row', 'rows')} from the CSV file`, changes)
            }
          />
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              setRefresh(true);
              cliniko.reload();
              xero.reload();
              check.reload();
            }}
          >
            Refresh from Cliniko and Xero
          </button>
        </div>
      </div>
      <LockedNote what="mappings" />
      <div role="tablist" aria-label="What to map" className="tabs">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls="mapping-panel"
            tabIndex={tab === t.id ? 0 : -1}
            className={`tab${tab === t.id ? ' active' : ''}`}
            onClick={() => openTab(t.id)}
            onKeyDown={(e) => {
              // Arrow keys move between tabs (WAI-ARIA tabs pattern).
              const i = TABS.findIndex((x) => x.id === tab);
              const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
              if (!step) return;
              e.preventDefault();
              const next = TABS[(i + step + TABS.length) % TABS.length]!;
              openTab(next.id);
              setTimeout(() => document.getElementById(`tab-${next.id}`)?.focus(), 0);
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      {undo && (
        <div className="note note-info" role="status" data-testid="undo-note">
          <span>Changed {undo.what}.</span>
          <button
            type="button"
            className="btn btn-small"
            disabled={locked || save.busy}
            onClick={() =>
              void persist(undo.changes.map((c) => ({ ...c, from: c.to, to: c.from }))).then(
                (ok) => ok && setUndo(null),
              )
            }
          >
            Undo
          </button>
          <button type="button" className="link" onClick={() => setUndo(null)}>
            Dismiss
          </button>
        </div>
      )}
      <ErrorNote>{save.error}</ErrorNote>
      <div role="tabpanel" id="mapping-panel" aria-labelledby={`tab-${tab}`} className="tab-panel">
        {loadError ? (
          <ErrorNote onRetry={() => (cliniko.reload(), xero.reload(), settings.reload(), check.reload())}>
            Could not load the mappings: {loadError}
          </ErrorNote>
        ) : tab === 'tracking' ? (
          cliniko.data && xero.data && settings.data ? (
            <TrackingTab
              cliniko={cliniko.data}
              xero={xero.data}
              settings={settings.data.settings}
              onSaved={settings.setData}
              onRejected={settings.reload}
            />
          ) : (
            <Loading what="the tracking categories" />
          )
        ) : tab === 'defaults' ? (
          xero.data && settings.data ? (
            <DefaultsPanel
              refs={xero.data}
              view={settings.data}
              check={check.data}
              focusField={route.params.field ?? null}
              onSaved={(v) => {
                settings.setData(v);
                check.reload();
              }}
            />
          ) : (
            <Loading what="the defaults" />
          )
        ) : !rows || !kind || !meta ? (
          <Loading what="Cliniko items and Xero accounts" />
        ) : (
          <>
            <GridToolbar
              label={`Which ${meta.label.toLowerCase()} to show`}
              countTestId="mapping-counts"
              count={`${shown === null || shown === rows.length ? countOf(rows.length, 'row', 'rows') : `${shown.toLocaleString()} of ${countOf(rows.length, 'row', 'rows')}`} · ${unmapped.toLocaleString()} inherit${problems > 0 ? ` · ${countOf(problems, 'problem', 'problems')}` : ''}`}
              filters={
                <>
                  <Field label="Filter">
                    {(id) => (
                      <input
                        id={id}
                        type="search"
                        placeholder="Name, code, account…"
                        value={quick}
                        onChange={(e) => setParams({ ...route.params, q: e.target.value }, true)}
                      />
                    )}
                  </Field>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={unmappedOnly}
                      onChange={(e) => setParams({ ...route.params, unmapped: e.target.checked ? '1' : '' })}
                    />
                    Unmapped only
                  </label>
                </>
              }
            />
            <BulkBar
              kind={kind}
              rows={rows}
              selected={selected}
              options={options}
              label={label}
              locked={locked}
              busy={save.busy}
              onApply={(what, changes) => void applyChanges(what, changes)}
            />
            {rows.length === 0 ? (
              <Empty title={`No ${meta.label.toLowerCase()} in Cliniko`}>
                Add them in Cliniko, then press “Refresh from Cliniko and Xero”.
              </Empty>
            ) : (
              <MappingGrid
                kind={kind}
                rows={rows}
                options={options}
                label={label}
                locked={locked}
                quick={quick}
                unmappedOnly={unmappedOnly}
                focusRow={route.params.row ?? null}
                onEdit={(key, value) => {
                  const before = settings.data?.settings[kind][key];
                  const from = typeof before === 'string' ? before : (before?.accountCode ?? '');
                  const name = rows.find((r) => r.key === key)?.name ?? key;
                  void applyChanges(`${name} to ${value ? label(value) : 'inherit'}`, [
                    { kind, key, name, from, to: value },
                  ]);
                }}
                onSelection={setSelected}
                onShown={setShown}
                apiRef={gridRef}
              />
            )}
          </>
        )}
      </div>
    </div>
  );
}
