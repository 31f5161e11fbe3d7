import { useEffect, useRef } from 'react';
import type { LogDetails as Details } from '../../../shared/api';
import { useApi } from '../../api/api-context';
import { useAction, useCall } from '../../api/hooks';
import { CloseIcon, ExternalIcon } from '../../components/icons';
import { ErrorNote } from '../../components/ui';
import { currentClinic, formatCents, formatDate, formatDateTime, STATE_LABEL } from '../../format';
import type { Go } from '../../router';
import { CollisionChoices } from './CollisionChoices';
import { fixRoute, parseProblems } from './problem-text';
import { labelsFrom, RecordView } from './RecordView';

const TYPE_LABEL: Record<string, string> = {
  invoice: 'Invoice',
  payment: 'Payment',
  contact: 'Contact',
  creditnote: 'Credit note',
};

function settingPaths(detail: Details): string[] {
  const problems = (detail.source as { problems?: { settingPath?: string }[] } | null)?.problems;
  return Array.isArray(problems) ? problems.flatMap((p) => (p.settingPath ? [p.settingPath] : [])) : [];
}

function clinikoLink(detail: Details): string | null {
  const base = currentClinic().clinikoWebUrl;
  if (!base) return null;
  if (detail.sourceType === 'contact') return `${base}/patients/${detail.sourceId}`;
  const invoiceId =
    detail.sourceType === 'payment'
      ? ((detail.source as { invoiceId?: string } | null)?.invoiceId ?? null)
      : detail.sourceId;
  return invoiceId ? `${base}/invoices/${invoiceId}` : null;
}

/** The details of one record, over the right of the grid (the grid keeps all its columns). */
export function LogDetailsPanel({
  detail,
  error,
  onClose,
  onChanged,
  go,
}: {
  detail: Details | null;
  error: string | null;
  onClose: () => void;
  onChanged: (d: Details) => void;
  go: Go;
}) {
  const api = useApi();
  const action = useAction();
  const refs = useCall('xero.refs', {});
  const settings = useCall('settings.get', {});
  const ref = useRef<HTMLElement>(null);
  const id = detail?.id;
  useEffect(() => ref.current?.focus(), [id]);
  const labels = labelsFrom(refs.data);
  const problems = detail && detail.state !== 'synced' ? parseProblems(detail.error) : [];
  const fix = detail
    ? settingPaths(detail)
        .map(fixRoute)
        .find((r) => r !== null)
    : undefined;
  const cliniko = detail ? clinikoLink(detail) : null;
  return (
    <aside
      ref={ref}
      tabIndex={-1}
      className="details"
      aria-label="Record details"
      data-testid="log-details"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
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
          onClick={onClose}
        >
          <CloseIcon />
        </button>
      </div>
      <ErrorNote>{error}</ErrorNote>
      <ErrorNote>{action.error}</ErrorNote>
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
            {detail.sourceType === 'invoice' && (
              <>
                <dt>Issued</dt>
                <dd>{formatDate(detail.issueDate)}</dd>
                <dt>Total</dt>
                <dd>{formatCents(detail.totalCents)}</dd>
              </>
            )}
            <dt>Attempts</dt>
            <dd>{detail.attempts}</dd>
            <dt>Updated</dt>
            <dd>{formatDateTime(detail.updatedAt)}</dd>
          </dl>
          {problems.length > 0 && (
            <div className="note note-warn" role="note">
              <strong>What went wrong</strong>
              <ul className="problems">
                {problems.map((p, i) => (
                  <li key={i}>
                    {p.fix ? (
                      <>
                        <strong>{p.fix}.</strong> {p.line ? `Line “${p.line}”: ` : ''}
                        {p.reason}
                      </>
                    ) : (
                      <>{p.reason}</>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <CollisionChoices
            detail={detail}
            prefix={settings.data?.settings.invoicePrefix ?? ''}
            onChanged={(r) => onChanged({ ...detail, ...r })}
          />
          <div className="actions">
            {fix && (
              <button type="button" className="btn btn-primary" onClick={() => go(fix)}>
                Fix this
              </button>
            )}
            {(detail.state === 'failed' || detail.state === 'needs_attention') && (
              <button
                type="button"
                className={fix ? 'btn' : 'btn btn-primary'}
                disabled={action.busy}
                onClick={() =>
                  void action.run(async () => {
                    const r = await api.invoke('log.retry', { id: detail.id });
                    onChanged({ ...detail, ...r });
                    // Retry means "send it again now", not at the next poll.
                    await api.invoke('sync.now', {});
                  })
                }
              >
                Retry
              </button>
            )}
            {detail.xeroUrl && (
              <a className="btn" href={detail.xeroUrl} target="_blank" rel="noreferrer">
                Open in Xero <ExternalIcon />
              </a>
            )}
            {cliniko && (
              <a className="btn" href={cliniko} target="_blank" rel="noreferrer">
                Open in Cliniko <ExternalIcon />
              </a>
            )}
          </div>
          <RecordView detail={detail} labels={labels} />
          <details className="json">
            <summary>Technical details</summary>
            <Raw
              label={`Cliniko ${detail.sourceType === 'contact' ? 'patient' : 'record'}`}
              value={detail.source}
            />
            <Raw label="What was sent to Xero" value={detail.sent} />
            <Raw label="Xero's answer" value={detail.response} />
          </details>
        </>
      )}
    </aside>
  );
}

function Raw({ value, label }: { value: unknown; label: string }) {
  return (
    <>
      <h4>{label}</h4>
      {value === null || value === undefined ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        <pre tabIndex={0} aria-label={label}>
          {JSON.stringify(value, null, 2)}
        </pre>
      )}
    </>
  );
}
