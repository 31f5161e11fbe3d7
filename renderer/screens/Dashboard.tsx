import { useEffect, useState } from 'react';
import type { AppStatus, SyncProgress } from '../../shared/api';
import type { Navigate } from '../App';
import { useApi } from '../api/api-context';
import { useAction, useCall } from '../api/hooks';
import { DateInput } from '../components/DateInput';
import { DotIcon } from '../components/icons';
import { ErrorNote, Loading } from '../components/ui';
import { formatDateTime, relative, todayIso } from '../format';
import { activityLine, ago, outageLine, until } from '../status-text';
import { useLockContext } from '../lock-context';
import { MissingReportDays } from './payments/MissingReportDays';

/** The daily Xero call budget, when the core reports one (field names differ by version: read both). */
function budgetOf(status: AppStatus): { remaining: number; limit: number | null } | null {
  const s = status as AppStatus & Record<string, unknown>;
  const b = (s['xeroBudget'] ?? s['budget'] ?? s['callBudget']) as Record<string, unknown> | null | undefined;
  if (!b || typeof b !== 'object') return null;
  const remaining = b['dayRemaining'] ?? b['remaining'] ?? b['remainingToday'];
  if (typeof remaining !== 'number') return null;
  const limit = b['dayLimit'] ?? b['limit'] ?? b['perDay'];
  return { remaining, limit: typeof limit === 'number' ? limit : null };
}

export function Dashboard({ status, navigate }: { status: AppStatus | null; navigate: Navigate }) {
  const api = useApi();
  const { locked } = useLockContext();
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const action = useAction();
  const [reconnectUrl, setReconnectUrl] = useState<string | null>(null);
  const [since, setSince] = useState('');
  // "Synced today" by when it was synced: the newest synced records, counted from today's midnight.
  const recent = useCall(
    'log.list',
    { state: 'synced', sourceType: 'invoice', sort: 'updatedAt', dir: 'desc', offset: 0, limit: 500 },
    { refreshOn: ['log.changed'] },
  );
  const counts = status?.counts as (AppStatus['counts'] & { syncedToday?: number }) | undefined;
  const syncedToday =
    counts?.syncedToday ??
    (recent.data ? recent.data.rows.filter((r) => new Date(r.updatedAt) >= midnight()).length : null);

  useEffect(() => api.on('sync.progress', setProgress), [api]);
  const { run } = action;
  useEffect(
    () =>
      api.on('xero.connect.result', (r) => {
        setReconnectUrl(null);
        if (!r.ok) void run(() => Promise.reject(new Error(r.message)));
      }),
    [api, run],
  );

  if (!status) return <Loading what="the dashboard" />;
  const paused = status.sync === 'paused' || !!status.pausedUntil;
  const budget = budgetOf(status);
  const running =
    status.sync === 'syncing' && progress && progress.total > 0 && progress.done < progress.total;
  const pct = running ? Math.round((progress.done / progress.total) * 100) : 0;

  return (
    <div className="screen">
      <div className="screen-head">
        <h2>Dashboard</h2>
        <div className="toolbar">
          <button
            type="button"
            className="btn btn-primary"
            disabled={action.busy || !status.cliniko.connected || !status.xero.connected}
            onClick={() => void action.run(() => api.invoke('sync.now', {}))}
          >
            Sync now
          </button>
          {paused ? (
            <button
              type="button"
              className="btn"
              disabled={action.busy}
              onClick={() => void action.run(() => api.invoke('sync.resume', {}))}
            >
              Resume
            </button>
          ) : (
            <button
              type="button"
              className="btn"
              disabled={action.busy}
              onClick={() => void action.run(() => api.invoke('sync.pause', {}))}
            >
              Pause
            </button>
          )}
        </div>
      </div>
      <ErrorNote>{action.error}</ErrorNote>

      {paused && (
        <div className="note note-warn" role="status">
          <strong>Sync is paused</strong>
          {status.pausedUntil
            ? ` until ${formatDateTime(status.pausedUntil)} (${relative(status.pausedUntil)})`
            : ''}
          {status.pauseReason ? `: ${status.pauseReason}` : '.'}
        </div>
      )}

      <section className="cards" aria-label="Connections">
        <div className="card">
          <h3>Cliniko</h3>
          {status.cliniko.connected ? (
            <p className="ok">
              <DotIcon /> Connected{status.cliniko.account ? ` to ${status.cliniko.account}` : ''}
            </p>
          ) : (
            <p className="bad">
              <DotIcon /> Not connected
            </p>
          )}
          <OutageNote status={status} service="cliniko" />
        </div>
        <div className="card">
          <h3>Xero</h3>
          {status.xero.needsReconnect ? (
            <>
              <p className="bad">
                <DotIcon /> Connection lost{status.xero.tenantName ? ` (${status.xero.tenantName})` : ''}
              </p>
              <button
                type="button"
                className="btn btn-primary btn-small"
                disabled={locked || action.busy}
                title={locked ? 'Unlock settings to reconnect' : undefined}
                onClick={() =>
                  void action.run(async () =>
                    setReconnectUrl((await api.invoke('xero.connect', {})).authorizeUrl),
                  )
                }
              >
                Reconnect Xero
              </button>
              {reconnectUrl && (
                <p className="hint">
                  Finish in your browser. If it did not open,{' '}
                  <a href={reconnectUrl} target="_blank" rel="noreferrer">
                    open Xero's consent page
                  </a>
                  .
                </p>
              )}
            </>
          ) : status.xero.connected ? (
            <p className="ok">
              <DotIcon /> Connected to {status.xero.tenantName ?? 'Xero'}
            </p>
          ) : (
            <p className="bad">
              <DotIcon /> Not connected
            </p>
          )}
          <OutageNote status={status} service="xero" />
        </div>
        <div className="card">
          <h3>Schedule</h3>
          <dl className="kv">
            <dt>Last sync</dt>
            <dd data-testid="last-sync">
              {status.lastSyncAt
                ? `${formatDateTime(status.lastSyncAt)} (${ago(status.lastSyncAt)})`
                : 'Not yet'}
            </dd>
            <dt>Next sync</dt>
            <dd>
              {status.sync === 'syncing'
                ? 'Running now'
                : paused
                  ? 'Paused'
                  : status.nextSyncAt
                    ? until(status.nextSyncAt)
                    : '—'}
            </dd>
          </dl>
        </div>
        <div className="card">
          <h3>Xero calls left today</h3>
          {budget ? (
            <p className="big-number">
              {budget.remaining.toLocaleString()}
              {budget.limit ? <span className="muted"> / {budget.limit.toLocaleString()}</span> : null}
            </p>
          ) : (
            <p className="muted">Known after the first call to Xero.</p>
          )}
        </div>
      </section>

      <section aria-label="Counts" className="counts">
        <Count
          label="Synced today"
          value={syncedToday}
          onClick={() => navigate('log', { state: 'synced' })}
        />
        <Count
          label="Pending"
          value={status.counts.pending}
          onClick={() => navigate('log', { state: 'pending' })}
        />
        <Count
          label="Needs attention"
          value={status.counts.needsAttention}
          tone={status.counts.needsAttention > 0 ? 'warn' : undefined}
          onClick={() => navigate('log', { state: 'needs_attention' })}
        />
        <Count
          label="Failed (retrying)"
          value={status.counts.failed}
          tone={status.counts.failed > 0 ? 'bad' : undefined}
          onClick={() => navigate('log', { state: 'failed' })}
        />
      </section>

      <MissingReportDays onImport={() => navigate('payments')} />
      <section className="panel" aria-labelledby="progress-h">
        <h3 id="progress-h">Progress</h3>
        {running ? (
          <>
            <div
              className="progress"
              role="progressbar"
              aria-valuemin={0}
              aria-valuemax={progress.total}
              aria-valuenow={progress.done}
              aria-label="Sync progress"
            >
              <div className="progress-bar" style={{ width: `${pct}%` }} />
            </div>
            <p className="muted" data-testid="sync-activity">
              {activityLine(status, progress)}
            </p>
          </>
        ) : (
          <p className="muted" data-testid="sync-activity">
            {activityLine(status, progress)}
          </p>
        )}
        <form
          className="backfill"
          onSubmit={(e) => {
            e.preventDefault();
            if (since) void action.run(() => api.invoke('sync.backfill', { since }));
          }}
        >
          <label htmlFor="backfill-since">Also send older invoices, issued from</label>
          <DateInput id="backfill-since" value={since} max={todayIso()} onChange={setSince} />
          <button
            type="submit"
            className="btn btn-small"
            disabled={!since || action.busy || !status.xero.connected}
          >
            Send history
          </button>
        </form>
      </section>
    </div>
  );
}

/** A connection card's outage line (nothing while the service answers). */
function OutageNote({ status, service }: { status: AppStatus; service: 'cliniko' | 'xero' }) {
  const line = outageLine(status, service);
  return line ? (
    <p className="bad" data-testid={`${service}-outage`}>
      ● {line}
    </p>
  ) : null;
}

function midnight(): Date {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d;
}

function Count({
  label,
  value,
  tone,
  onClick,
}: {
  label: string;
  value: number | null;
  tone?: 'warn' | 'bad';
  onClick: () => void;
}) {
  return (
    <button type="button" className={`count${tone ? ` count-${tone}` : ''}`} onClick={onClick}>
      <span className="count-value">{value === null ? '—' : value.toLocaleString()}</span>
      <span className="count-label">{label}</span>
    </button>
  );
}
