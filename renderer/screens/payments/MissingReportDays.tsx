import { useCall } from '../../api/hooks';
import { formatDay } from './format-day';

const SHOWN = 14;

/**
 * Report payment modes only: the days whose paid invoices wait for a payments report. Waiting is not
 * a failure, so this is a plain note with the way forward, not a warning.
 */
export function MissingReportDays({ onImport }: { onImport: () => void }) {
  const missing = useCall('payments.missingDays', {}, { refreshOn: ['log.changed'] });
  const days = missing.data?.days ?? [];
  if (missing.data?.mode === 'invoice' || days.length === 0) return null;
  const invoices = days.reduce((n, d) => n + d.invoices, 0);
  return (
    <section className="panel" aria-labelledby="missing-reports-h">
      <h3 id="missing-reports-h">Waiting for a payments report</h3>
      <p>
        {invoices} paid {invoices === 1 ? 'invoice waits' : 'invoices wait'} for the payments report of{' '}
        {days.length === 1 ? 'this day' : `these ${days.length} days`}. Their payments reach Xero once the
        report is imported.
      </p>
      <ul className="day-list" data-testid="missing-report-days">
        {days.slice(-SHOWN).map((d) => (
          <li key={d.day}>
            {formatDay(d.day)} — {d.invoices} paid {d.invoices === 1 ? 'invoice' : 'invoices'}
          </li>
        ))}
        {days.length > SHOWN && <li>and {days.length - SHOWN} earlier days</li>}
      </ul>
      <button type="button" className="btn" onClick={onImport}>
        Import a payments report
      </button>
    </section>
  );
}
