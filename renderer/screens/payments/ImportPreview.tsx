import type { PaymentsImportResult } from '../../../shared/api';
import { formatCents } from '../../format';
import { formatDay } from './format-day';

/** What an import will record (dry run) or did record: totals per day and type, rows, refused rows. */
export function ImportPreview({ result }: { result: PaymentsImportResult }) {
  return (
    <section className="import-preview" aria-label={result.dryRun ? 'Import preview' : 'Import result'}>
      <p data-testid="import-summary">
        {result.rows} {result.rows === 1 ? 'row' : 'rows'}: {result.accepted} accepted on {result.days}{' '}
        {result.days === 1 ? 'day' : 'days'}, {result.refused} refused.
      </p>
      {result.refusals.length > 0 && (
        <div className="note note-warn" role="note">
          <strong>Rows that will not be imported</strong>
          <ul data-testid="refused-rows">
            {result.refusals.map((r) => (
              <li key={`${r.file}:${r.line}`}>
                {r.file}, line {r.line}: {r.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {result.totals.length > 0 && (
        <table className="table table-compact" aria-label="Totals per day and payment type">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Payment type</th>
              <th scope="col" className="num">
                Payments
              </th>
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {result.totals.map((t) => (
              <tr key={`${t.day}|${t.paymentType}`}>
                <td>{formatDay(t.day)}</td>
                <td>{t.paymentType}</td>
                <td className="num">{t.payments}</td>
                <td className="num">{formatCents(t.totalCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.preview.length > 0 && (
        <details>
          <summary>
            The rows ({result.preview.length < result.accepted ? `first ${result.preview.length} of ` : ''}
            {result.accepted})
          </summary>
          <table className="table table-compact" aria-label="Accepted rows">
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Day</th>
                <th scope="col">Invoice</th>
                <th scope="col">Payment type</th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {result.preview.map((p) => (
                <tr key={`${p.file}:${p.line}`}>
                  <td>{p.line}</td>
                  <td>{formatDay(p.day)}</td>
                  <td>{p.invoiceNumber}</td>
                  <td>{p.paymentType}</td>
                  <td className="num">
                    {p.amountCents < 0
                      ? `${formatCents(p.amountCents)} (refund)`
                      : formatCents(p.amountCents)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}
