import type { ReconcileDay, ReconcileFigures, ReconcileResult } from '../../../shared/api';
import { formatCents } from '../../format';
import { formatDay } from '../payments/format-day';

type Column = { figure: string; label: string; get: (f: ReconcileFigures) => number };

export function columnsFor(paymentTypes: readonly string[]): Column[] {
  return [
    { figure: 'ex tax', label: 'Invoiced ex tax', get: (f) => f.exTaxCents },
    { figure: 'tax', label: 'Tax', get: (f) => f.taxCents },
    { figure: 'total', label: 'Invoiced total', get: (f) => f.totalCents },
    ...paymentTypes.map((t) => ({
      figure: `paid: ${t}`,
      label: `Paid: ${t}`,
      get: (f: ReconcileFigures) => f.paid[t] ?? 0,
    })),
    { figure: 'credit notes', label: 'Credit notes', get: (f) => f.creditCents },
  ];
}

/** One row per local day: each figure as Cliniko's beside Xero's, a differing pair highlighted. */
export function ReconcileTable({
  result,
  onlyDifferent,
}: {
  result: ReconcileResult;
  onlyDifferent: boolean;
}) {
  const columns = columnsFor(result.paymentTypes);
  const days = onlyDifferent ? result.days.filter((d) => d.differences.length > 0) : result.days;
  return (
    <div className="reconcile-scroll">
      <table className="reconcile-table" aria-label="Cliniko and Xero per day">
        <thead>
          <tr>
            <th rowSpan={2} scope="col">
              Day
            </th>
            {columns.map((c) => (
              <th key={c.figure} colSpan={2} scope="colgroup" className="group">
                {c.label}
              </th>
            ))}
            <th rowSpan={2} scope="col">
              Check
            </th>
          </tr>
          <tr>
            {columns.map((c) => [
              <th key={`${c.figure}-c`} scope="col" className="side">
                Cliniko
              </th>,
              <th key={`${c.figure}-x`} scope="col" className="side">
                Xero
              </th>,
            ])}
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <DayRows key={d.day} day={d} columns={columns} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DayRows({ day, columns }: { day: ReconcileDay; columns: Column[] }) {
  const differs = day.differences.length > 0;
  return (
    <>
      <tr className={differs ? 'day differs' : 'day'} data-testid={`day-${day.day}`}>
        <th scope="row">{formatDay(day.day)}</th>
        {columns.map((c) => {
          const bad = day.differences.includes(c.figure);
          const cls = `num${bad ? ' diff' : ''}`;
          return [
            <td key={`${c.figure}-c`} className={cls}>
              {formatCents(c.get(day.cliniko))}
            </td>,
            <td key={`${c.figure}-x`} className={cls} title={bad ? 'Differs from Cliniko' : undefined}>
              {formatCents(c.get(day.xero))}
            </td>,
          ];
        })}
        <td className={differs ? 'check bad' : 'check ok'}>
          {differs ? `Differs: ${day.differences.join(', ')}` : 'Equal'}
        </td>
      </tr>
      {differs && (
        <tr className="explain">
          <td colSpan={columns.length * 2 + 2}>
            <ul aria-label={`Invoices that explain ${formatDay(day.day)}`}>
              {day.invoices.map((i) => (
                <li key={`${i.invoiceId}-${i.figure}`}>
                  <strong>{i.invoiceNumber}</strong>
                  {i.patientName ? ` (${i.patientName})` : ''} — {i.figure}: Cliniko{' '}
                  {formatCents(i.clinikoCents)}, Xero {formatCents(i.xeroCents)}.{' '}
                  {i.why.replace(/^Invoice [^:]+: /, '')}
                  {i.xeroUrl && (
                    <>
                      {' '}
                      <a href={i.xeroUrl} target="_blank" rel="noreferrer">
                        Open in Xero
                      </a>
                    </>
                  )}
                </li>
              ))}
              {day.invoices.length === 0 && (
                <li>
                  No single invoice explains it: the difference is in documents this app did not create.
                </li>
              )}
            </ul>
          </td>
        </tr>
      )}
    </>
  );
}
