import { useState } from 'react';
import type { LogDetails } from '../../../shared/api';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/hooks';
import { ErrorNote } from '../../components/ui';

/** What Xero holds under this invoice's number, as the sync log keeps it (issue 12). */
type Held = { invoiceNumber: string; contactName: string; totalCents: number; date: string; status: string };

export function heldInvoice(detail: LogDetails): Held | null {
  const held = (detail.response as { collision?: Held } | null)?.collision;
  return detail.sourceType === 'invoice' && detail.state === 'needs_attention' && held ? held : null;
}

/**
 * The two ways out of an invoice number Xero already holds under someone else's invoice: *Link it*
 * (that invoice is this one: same contact, date and total; the core checks) or *Use another prefix*
 * for invoices not yet in Xero.
 */
export function CollisionChoices({
  detail,
  prefix,
  onChanged,
}: {
  detail: LogDetails;
  prefix: string;
  onChanged: (d: Partial<LogDetails>) => void;
}) {
  const api = useApi();
  const action = useAction();
  const [next, setNext] = useState(prefix === '' ? 'CL-' : `${prefix}C-`);
  const held = heldInvoice(detail);
  if (!held) return null;
  return (
    <section className="note" aria-label="Invoice number already in Xero" data-testid="collision-choices">
      <strong>Xero already holds invoice {held.invoiceNumber}</strong>
      <p>
        If it is this invoice, link it: nothing is written to Xero. Otherwise, send the invoices that are not
        yet in Xero under another prefix; invoices already in Xero keep their numbers.
      </p>
      <ErrorNote>{action.error}</ErrorNote>
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={action.busy}
          onClick={() =>
            void action.run(async () => onChanged(await api.invoke('log.link', { id: detail.id })))
          }
        >
          Link it
        </button>
        <label className="inline-field">
          New prefix
          <input value={next} onChange={(e) => setNext(e.target.value)} maxLength={20} />
        </label>
        <button
          type="button"
          className="btn"
          disabled={action.busy || next === prefix}
          onClick={() =>
            void action.run(async () => {
              await api.invoke('settings.update', { patch: { invoicePrefix: next } });
              onChanged(await api.invoke('log.retry', { id: detail.id }));
              await api.invoke('sync.now', {});
            })
          }
        >
          Use another prefix
        </button>
      </div>
    </section>
  );
}
