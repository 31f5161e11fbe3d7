import './payments.css';
import { useCallback, useState, type DragEvent } from 'react';
import type { PaymentsImportResult, ReportInspection } from '../../../shared/api';
import { useApi } from '../../api/api-context';
import { useAction, useCall } from '../../api/hooks';
import { ErrorNote } from '../../components/ui';
import { useLockContext } from '../../lock-context';
import { ColumnChooser, completeColumns, type ColumnChoice } from './ColumnChooser';
import { ImportHistory } from './ImportHistory';
import { ImportPreview } from './ImportPreview';
import { PaymentModeField } from './PaymentModeField';

type Loaded = { name: string; text: string; inspection: ReportInspection };

/** Cliniko's payments report: import (file or drop), choose columns once, preview, history. */
export function Payments() {
  const api = useApi();
  const settings = useCall('settings.get', {}, { refreshOn: ['lock.changed'] });
  const history = useCall('payments.history', {}, { refreshOn: ['log.changed'] });
  const action = useAction();
  const { locked } = useLockContext();
  const [file, setFile] = useState<Loaded | null>(null);
  const [choice, setChoice] = useState<ColumnChoice>({ columns: {}, dateFormat: 'dd/MM/yyyy HH:mm' });
  const [result, setResult] = useState<PaymentsImportResult | null>(null);
  const [dragging, setDragging] = useState(false);
  const saved = settings.data
    ? (settings.data.settings.payments ?? {
        mode: 'invoice' as const,
        columns: null,
        dateFormat: null,
        folder: null,
      })
    : undefined;

  const load = useCallback(
    async (f: File) => {
      setResult(null);
      const text = await f.text();
      const inspection = await action.run(() => api.invoke('payments.inspect', { text }));
      if (!inspection) return;
      const headers = new Set(inspection.headers.map((h) => h.trim().toLowerCase()));
      const savedFits =
        saved?.columns && Object.values(saved.columns).every((c) => headers.has(c.trim().toLowerCase()));
      setChoice({
        columns: savedFits && saved.columns ? saved.columns : inspection.guess,
        dateFormat: savedFits ? (saved.dateFormat ?? '') : (saved?.dateFormat ?? 'dd/MM/yyyy HH:mm'),
      });
      setFile({ name: f.name, text, inspection });
    },
    [action, api, saved],
  );

  const columns = completeColumns(choice.columns);
  const run = (dryRun: boolean) =>
    action.run(async () => {
      if (!file || !columns) return;
      const dateFormat = choice.dateFormat === '' ? null : choice.dateFormat;
      if (!dryRun) {
        const same =
          JSON.stringify(saved?.columns ?? null) === JSON.stringify(columns) &&
          (saved?.dateFormat ?? null) === dateFormat;
        if (!same) await api.invoke('settings.update', { patch: { payments: { columns, dateFormat } } });
      }
      const r = await api.invoke('payments.import', {
        files: [{ name: file.name, text: file.text }],
        dryRun,
        columns,
        dateFormat,
      });
      setResult(r);
      if (!dryRun) {
        history.reload();
        settings.reload();
      }
    });

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const f = e.dataTransfer.files[0];
    if (f) void load(f);
  };

  return (
    <div className="screen screen-payments">
      <h2>Payments</h2>
      <section className="card">
        <h3>Import a payments report</h3>
        <p className="muted">
          Export the payments report from Cliniko as CSV and import it here. For the days the report covers,
          it replaces what earlier imports said, so a corrected day can simply be exported and imported again.
        </p>
        <div
          className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="report-drop"
        >
          <label className="btn">
            Choose a report…
            <input
              type="file"
              accept=".csv,text/csv"
              className="visually-hidden"
              data-testid="report-file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) void load(f);
                e.target.value = '';
              }}
            />
          </label>
          <span className="muted"> or drop a CSV file here</span>
        </div>
        {action.error && <ErrorNote>{action.error}</ErrorNote>}
        {file && (
          <>
            <p>
              <strong>{file.name}</strong>
            </p>
            <ColumnChooser inspection={file.inspection} value={choice} onChange={setChoice} />
            {locked && !saved?.columns && (
              <p className="note" role="note">
                Unlock the settings to save the columns of the first report.
              </p>
            )}
            <div className="actions">
              <button
                type="button"
                className="btn"
                disabled={!columns || action.busy}
                onClick={() => void run(true)}
              >
                Preview
              </button>
              <button
                type="button"
                className="btn btn-primary"
                disabled={!columns || action.busy || !result?.dryRun || result.accepted === 0}
                onClick={() => void run(false)}
              >
                {result?.dryRun ? `Import ${result.accepted} payments` : 'Import'}
              </button>
            </div>
          </>
        )}
        {result && <ImportPreview result={result} />}
      </section>
      {saved && (
        <section className="card">
          <PaymentModeField
            value={saved.mode}
            disabled={locked}
            onChange={(mode) =>
              void action.run(async () => {
                settings.setData(await api.invoke('settings.update', { patch: { payments: { mode } } }));
              })
            }
          />
        </section>
      )}
      <section className="card">
        <h3>Import history</h3>
        {history.error && <ErrorNote onRetry={history.reload}>{history.error}</ErrorNote>}
        {history.data && <ImportHistory imports={history.data.imports} />}
      </section>
    </div>
  );
}
