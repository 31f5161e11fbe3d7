import type { PaymentImportView } from '../../../shared/api';
import { formatDateTime } from '../../format';
import { formatDayRange } from './format-day';

export function ImportHistory({ imports }: { imports: PaymentImportView[] }) {
  if (imports.length === 0) return <p className="muted">No payments report has been imported yet.</p>;
  return (
    <table className="table" aria-label="Import history">
      <thead>
        <tr>
          <th scope="col">Imported</th>
          <th scope="col">File</th>
          <th scope="col">Days covered</th>
          <th scope="col" className="num">
            Payments
          </th>
          <th scope="col" className="num">
            Refused
          </th>
          <th scope="col">Changes</th>
        </tr>
      </thead>
      <tbody>
        {imports.map((i) => (
          <tr key={i.id}>
            <td>{formatDateTime(i.importedAt)}</td>
            <td>{i.fileName}</td>
            <td>{formatDayRange(i.firstDay, i.lastDay)}</td>
            <td className="num">{i.accepted}</td>
            <td className="num">{i.refused}</td>
            <td>{i.added + i.removed === 0 ? 'none' : `${i.added} added, ${i.removed} removed`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
