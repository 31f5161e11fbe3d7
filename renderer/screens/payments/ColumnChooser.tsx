import type { ReportColumns, ReportInspection } from '../../../shared/api';
import { Field } from '../../components/ui';

export const DATE_FORMATS: { value: string; label: string }[] = [
  { value: 'dd/MM/yyyy HH:mm', label: '05/12/2026 14:30 (day/month/year, 24-hour)' },
  { value: 'd/M/yyyy h:mm a', label: '5/12/2026 2:30 PM (day/month/year, 12-hour)' },
  { value: 'dd/MM/yyyy', label: '05/12/2026 (date only)' },
  { value: 'MM/dd/yyyy HH:mm', label: '12/05/2026 14:30 (month/day/year)' },
  { value: '', label: '2026-12-05T14:30 (ISO 8601)' },
];

const FIELDS: { key: keyof ReportColumns; label: string; hint: string }[] = [
  { key: 'paidAt', label: 'Date and time paid', hint: 'when the payment was taken, in the clinic’s time' },
  { key: 'amount', label: 'Amount', hint: 'negative amounts are refunds' },
  { key: 'invoiceNumber', label: 'Invoice number', hint: 'Cliniko’s invoice number' },
  { key: 'paymentType', label: 'Payment type', hint: 'Cash, EFTPOS, HICAPS…' },
];

export type ColumnChoice = { columns: Partial<ReportColumns>; dateFormat: string };

/** Which column of the report holds what: asked on the first import, with the first rows shown. */
export function ColumnChooser({
  inspection,
  value,
  onChange,
}: {
  inspection: ReportInspection;
  value: ColumnChoice;
  onChange: (v: ColumnChoice) => void;
}) {
  return (
    <fieldset className="column-chooser">
      <legend>Which column holds what?</legend>
      <div className="form-grid">
        {FIELDS.map((f) => (
          <Field key={f.key} label={f.label} hint={f.hint}>
            {(id) => (
              <select
                id={id}
                value={value.columns[f.key] ?? ''}
                onChange={(e) =>
                  onChange({ ...value, columns: { ...value.columns, [f.key]: e.target.value } })
                }
              >
                <option value="">Choose a column…</option>
                {inspection.headers.map((h) => (
                  <option key={h} value={h}>
                    {h}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ))}
        <Field label="Date format">
          {(id) => (
            <select
              id={id}
              value={value.dateFormat}
              onChange={(e) => onChange({ ...value, dateFormat: e.target.value })}
            >
              {DATE_FORMATS.map((d) => (
                <option key={d.value} value={d.value}>
                  {d.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <table className="table table-compact" aria-label="First rows of the report">
        <thead>
          <tr>
            {inspection.headers.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {inspection.sample.map((row, i) => (
            <tr key={i}>
              {inspection.headers.map((h, j) => (
                <td key={h}>{row[j] ?? ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  );
}

export function completeColumns(c: Partial<ReportColumns>): ReportColumns | null {
  return c.paidAt && c.amount && c.invoiceNumber && c.paymentType
    ? { paidAt: c.paidAt, amount: c.amount, invoiceNumber: c.invoiceNumber, paymentType: c.paymentType }
    : null;
}
