import './reconcile.css';
import { useEffect, useState } from 'react';
import type { ReconcileCost, ReconcileResult } from '../../../shared/api';
import { useApi } from '../../api/api-context';
import { messageOf, useAction } from '../../api/hooks';
import { ErrorNote, Field } from '../../components/ui';
import { todayIso } from '../../format';
import { formatDay } from '../payments/format-day';
import { ReconcileTable } from './ReconcileTable';

function firstOfMonth(day: string): string {
  return `${day.slice(0, 8)}01`;
}

/**
 * Proof, day by day, that Xero holds what Cliniko says: Cliniko's figures (from this app's copy, no
 * call) beside Xero's (this app's invoices read back). The Xero call cost is shown before running.
 */
export function Reconcile() {
  const api = useApi();
  const [from, setFrom] = useState(() => firstOfMonth(todayIso()));
  const [to, setTo] = useState(() => todayIso());
  const [cost, setCost] = useState<ReconcileCost | null>(null);
  const [costError, setCostError] = useState<string | null>(null);
  const [result, setResult] = useState<ReconcileResult | null>(null);
  const [onlyDifferent, setOnlyDifferent] = useState(false);
  const action = useAction();

  useEffect(() => {
    let live = true;
    setCost(null);
    setCostError(null);
    if (!from || !to) return;
    api.invoke('reconcile.cost', { from, to }).then(
      (c) => live && setCost(c),
      (e: unknown) => live && setCostError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [api, from, to]);

  const run = async (): Promise<void> => {
    const r = await action.run(() => api.invoke('reconcile.run', { from, to }));
    if (r) setResult(r);
  };

  const exportCsv = (): void => {
    if (!result) return;
    const blob = new Blob([result.csv], { type: 'text/csv;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `reconciliation-${result.from}-to-${result.to}.csv`;
    document.body.appendChild(a);
    a.click();
    a.remove();
  };

  const calls = cost ? `${cost.calls} Xero call${cost.calls === 1 ? '' : 's'}` : '';
  return (
    <section className="screen-reconcile" aria-labelledby="reconcile-title">
      <h2 id="reconcile-title">Reconcile Cliniko with Xero</h2>
      <p className="muted">
        For each day, what Cliniko invoiced, was paid and credited, beside what Xero holds from this app. Any
        difference of a cent or more is highlighted, with the invoices that explain it.
      </p>
      <form
        className="reconcile-range"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <Field label="From">
          {(id) => (
            <input
              id={id}
              type="date"
              value={from}
              max={to}
              onChange={(e) => setFrom(e.target.value)}
              required
            />
          )}
        </Field>
        <Field label="To">
          {(id) => (
            <input
              id={id}
              type="date"
              value={to}
              min={from}
              onChange={(e) => setTo(e.target.value)}
              required
            />
          )}
        </Field>
        <button type="submit" className="btn btn-primary" disabled={!cost || action.busy}>
          {action.busy ? 'Reading Xero…' : cost ? `Compare with Xero (${calls})` : 'Compare with Xero'}
        </button>
      </form>
      <p className="muted" data-testid="reconcile-cost" role="status">
        {costError ??
          (cost
            ? cost.invoices === 0
              ? `No invoice of this app in Xero for ${formatDay(from)} – ${formatDay(to)}: nothing to read from Xero.`
              : `Reading these days back costs ${calls}: ${cost.invoices} invoice${cost.invoices === 1 ? '' : 's'}, ${cost.batchSize} a call, out of Xero's 5,000 calls a day. Days are in ${cost.timeZone}.`
            : 'Working out the cost…')}
      </p>
      <ErrorNote>{action.error}</ErrorNote>
      {result && (
        <>
          <div className="reconcile-summary">
            <p data-testid="reconcile-summary" className={result.differentDays ? 'bad' : 'ok'}>
              {result.differentDays === 0
                ? `All ${result.days.length} days are equal, to the cent (${result.calls} Xero call${result.calls === 1 ? '' : 's'}).`
                : `${result.differentDays} of ${result.days.length} days differ (${result.calls} Xero call${result.calls === 1 ? '' : 's'}).`}
            </p>
            <label className="check-label">
              <input
                type="checkbox"
                checked={onlyDifferent}
                onChange={(e) => setOnlyDifferent(e.target.checked)}
              />{' '}
              Only days that differ
            </label>
            <button type="button" className="btn" onClick={exportCsv}>
              Export CSV
            </button>
          </div>
          <ReconcileTable result={result} onlyDifferent={onlyDifferent} />
        </>
      )}
    </section>
  );
}
