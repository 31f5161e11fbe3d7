/**
 * A sync-log record as the bookkeeper knows it: the invoice's lines with accounts, tax and totals; a
 * payment's date, type, account and amount; what was sent to Xero and Xero's answer in words. The raw
 * records stay available behind "Technical details".
 */
import type { LogDetails, XeroRefsView } from '../../../shared/api';
import { currentClinic, formatCents, formatDate } from '../../format';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A field whatever the casing (Xero's payloads are PascalCase, xero-node's answers camelCase). */
function pick(o: unknown, name: string): unknown {
  if (!isObj(o)) return undefined;
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(o)) if (k.toLowerCase() === want) return v;
  return undefined;
}
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Xero amounts are decimals with up to 4 places: shown as money, display only. */
function amount(v: unknown): string {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) return '';
  const c = currentClinic();
  return new Intl.NumberFormat(c.locale, {
    style: 'currency',
    currency: c.currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 4,
  }).format(n);
}

export type Labels = { account: (code: string) => string; tax: (taxType: string) => string };

export function labelsFrom(refs: XeroRefsView | null): Labels {
  const acc = new Map((refs?.accounts ?? []).map((a) => [a.code, `${a.code} — ${a.name}`]));
  const tax = new Map(
    (refs?.taxRates ?? []).map((t) => [t.taxType, `${t.name} (${Number(t.effectiveRate)}%)`]),
  );
  return { account: (c) => acc.get(c) ?? c, tax: (t) => tax.get(t) ?? t };
}

export function RecordView({ detail, labels }: { detail: LogDetails; labels: Labels }) {
  if (detail.sourceType === 'payment') return <PaymentView detail={detail} labels={labels} />;
  if (detail.sourceType === 'contact') return <ContactView detail={detail} />;
  if (detail.sourceType === 'creditnote')
    return (
      <>
        {detail.creditFor && (
          <p className="credit-for">
            Credit note for invoice {detail.creditFor.invoiceNumber ?? detail.creditFor.invoiceId}
            {detail.creditFor.xeroUrl && (
              <>
                {' '}
                (
                <a href={detail.creditFor.xeroUrl} target="_blank" rel="noreferrer">
                  open the invoice in Xero
                </a>
                )
              </>
            )}
            .
          </p>
        )}
        <InvoiceView detail={detail} labels={labels} />
      </>
    );
  return <InvoiceView detail={detail} labels={labels} />;
}

function InvoiceView({ detail, labels }: { detail: LogDetails; labels: Labels }) {
  const snap = detail.source;
  const inv = pick(snap, 'invoice');
  const payload = pick(detail.sent, 'LineItems') ? detail.sent : pick(snap, 'payload');
  const lines = pick(payload, 'LineItems');
  const items = pick(snap, 'items');
  const amounts = pick(payload, 'LineAmountTypes');
  return (
    <section aria-labelledby="inv-h" className="record">
      <h4 id="inv-h">Invoice</h4>
      {Array.isArray(lines) && lines.length > 0 ? (
        <table className="lines">
          <caption className="sr-only">Invoice lines as sent to Xero</caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Account</th>
              <th scope="col">Tax</th>
              <th scope="col" className="num">
                {amounts === 'Inclusive' ? 'Amount (incl. tax)' : 'Amount (ex tax)'}
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l, i) => {
              const qty = Number(pick(l, 'Quantity') ?? 1);
              const unit = Number(pick(l, 'UnitAmount') ?? 0);
              const disc = Number(pick(l, 'DiscountRate') ?? 0);
              return (
                <tr key={i}>
                  <td>
                    {str(pick(l, 'Description'))}
                    {qty !== 1 ? <span className="muted"> × {qty}</span> : null}
                    {disc ? <span className="muted"> ({disc}% off)</span> : null}
                  </td>
                  <td>{labels.account(str(pick(l, 'AccountCode')))}</td>
                  <td>{labels.tax(str(pick(l, 'TaxType')))}</td>
                  <td className="num">{amount(qty * unit * (1 - disc / 100))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : Array.isArray(items) && items.length > 0 ? (
        <table className="lines">
          <caption className="sr-only">Invoice lines in Cliniko</caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Tax</th>
              <th scope="col" className="num">
                Amount (incl. tax)
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((it, i) => (
              <tr key={i}>
                <td>
                  {str(pick(it, 'name'))}
                  {str(pick(it, 'quantity')) !== '1' ? (
                    <span className="muted"> × {str(pick(it, 'quantity'))}</span>
                  ) : null}
                </td>
                <td>
                  {str(pick(it, 'taxName')) || 'No tax'} ({str(pick(it, 'taxRate')) || '0'}%)
                </td>
                <td className="num">{formatCents(Number(pick(it, 'totalIncludingTaxCents') ?? 0))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">The lines are not known yet.</p>
      )}
      {isObj(inv) && (
        <dl className="kv totals">
          <dt>Subtotal (ex tax)</dt>
          <dd>{formatCents(Number(pick(inv, 'netCents') ?? 0))}</dd>
          <dt>Tax</dt>
          <dd>{formatCents(Number(pick(inv, 'taxCents') ?? 0))}</dd>
          <dt>Total</dt>
          <dd>
            <strong>{formatCents(Number(pick(inv, 'totalCents') ?? detail.totalCents ?? 0))}</strong>
          </dd>
        </dl>
      )}
      <XeroExchange detail={detail} />
    </section>
  );
}

/** How a payment reached Xero: its own date, type, account and amount (not the invoice's). */
export function paymentFacts(detail: LogDetails): {
  date: string | null;
  type: string;
  account: string | null;
  amount: string | null;
} {
  const p =
    isObj(detail.sent) && pick(detail.sent, 'Amount') !== undefined
      ? detail.sent
      : pick(detail.source, 'payload');
  const reference = str(pick(p, 'Reference'));
  const type = /^Cliniko (.+?) (?:payment|refund)\b/.exec(reference)?.[1];
  return {
    date: str(pick(p, 'Date')) || null,
    type: type && type !== 'payment,' ? type : 'Whole invoice, paid in Cliniko',
    account: str(pick(pick(p, 'Account'), 'Code')) || null,
    amount: pick(p, 'Amount') !== undefined ? amount(pick(p, 'Amount')) : null,
  };
}

function PaymentView({ detail, labels }: { detail: LogDetails; labels: Labels }) {
  const f = paymentFacts(detail);
  const want = str(pick(detail.source, 'want'));
  return (
    <section aria-labelledby="pay-h" className="record">
      <h4 id="pay-h">Payment</h4>
      {want === 'none' ? (
        <p>This payment was removed in Cliniko, so the app takes it out of Xero.</p>
      ) : (
        <dl className="kv" data-testid="payment-facts">
          <dt>Paid on</dt>
          <dd>{f.date ? formatDate(f.date) : 'Not known yet'}</dd>
          <dt>Type</dt>
          <dd>{f.type}</dd>
          <dt>Into account</dt>
          <dd>{f.account ? labels.account(f.account) : 'Not chosen yet'}</dd>
          <dt>Amount</dt>
          <dd>{f.amount ?? '—'}</dd>
          <dt>For invoice</dt>
          <dd>{str(pick(detail.source, 'invoiceNumber')) || detail.invoiceNumber || '—'}</dd>
        </dl>
      )}
      <XeroExchange detail={detail} />
    </section>
  );
}

function ContactView({ detail }: { detail: LogDetails }) {
  const p = pick(detail.source, 'payload');
  return (
    <section aria-labelledby="con-h" className="record">
      <h4 id="con-h">Contact</h4>
      <dl className="kv">
        <dt>Name in Xero</dt>
        <dd>{str(pick(p, 'Name')) || detail.patientName || '—'}</dd>
        <dt>Email</dt>
        <dd>{str(pick(p, 'EmailAddress')) || '—'}</dd>
        <dt>Contact number</dt>
        <dd>{str(pick(p, 'ContactNumber')) || '—'}</dd>
      </dl>
      <XeroExchange detail={detail} />
    </section>
  );
}

/** What was sent and what Xero said, in words. */
function XeroExchange({ detail }: { detail: LogDetails }) {
  const r = detail.response;
  const errors = [
    ...(Array.isArray(pick(r, 'ValidationErrors')) ? (pick(r, 'ValidationErrors') as unknown[]) : []),
    ...(Array.isArray(pick(r, 'Elements'))
      ? (pick(r, 'Elements') as unknown[]).flatMap((e) =>
          Array.isArray(pick(e, 'ValidationErrors')) ? (pick(e, 'ValidationErrors') as unknown[]) : [],
        )
      : []),
  ]
    .map((e) => str(pick(e, 'Message')))
    .filter(Boolean);
  const status = str(pick(r, 'Status'));
  const total = pick(r, 'Total') ?? pick(r, 'Amount');
  const number = str(pick(r, 'InvoiceNumber'));
  let words: string;
  if (!detail.sent && !r) words = 'Nothing has been sent to Xero yet.';
  else if (errors.length) words = `Xero refused it: ${[...new Set(errors)].join(' ')}`;
  else if (detail.state === 'synced')
    words = `Xero accepted it${number ? ` as ${number}` : ''}${status ? `, status ${status.toLowerCase()}` : ''}${
      total !== undefined && amount(total) ? `, total ${amount(total)}` : ''
    }.`;
  else if (r)
    words = 'Xero answered, but the app could not confirm it was saved: it will check before sending again.';
  else words = 'Sent to Xero; no answer was recorded (the app will check Xero before sending again).';
  return (
    <div className="exchange">
      <h4>Xero</h4>
      <p data-testid="xero-words">{words}</p>
    </div>
  );
}
