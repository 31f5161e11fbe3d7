import type { DefaultsKey, XeroRefsView } from '../../shared/api';
import {
  accountLabel,
  paymentAccounts,
  revenueAccounts,
  revenueTaxRates,
  taxLabel,
  type Suggestions,
} from '../suggest';
import { Field } from './ui';
import { WarningIcon } from './icons';

type Choice = { value: string; label: string };

/** The four defaults, as one set of labelled dropdowns: in setup, on the Mappings "Defaults" tab, in Settings. */
export function DefaultsFields({
  refs,
  values,
  onChange,
  disabled,
  findings,
}: {
  refs: XeroRefsView;
  values: Suggestions;
  onChange: (values: Suggestions) => void;
  disabled: boolean;
  /** The core's pre-flight finding per default (mappings.check), shown under its field. */
  findings?: Partial<Record<DefaultsKey, string | null>>;
}) {
  const revenue = revenueAccounts(refs.accounts).map(accountChoice);
  const pay = paymentAccounts(refs.accounts).map(accountChoice);
  const taxes = revenueTaxRates(refs.taxRates).map((r) => ({ value: r.taxType, label: taxLabel(r) }));
  const field = (key: DefaultsKey, label: string, choices: Choice[], hint?: string) => (
    <ChoiceField
      label={label}
      hint={hint}
      value={values[key]}
      onChange={(v) => onChange({ ...values, [key]: v })}
      disabled={disabled}
      // A stored code that is no longer offered (archived in Xero) stays visible, with its finding.
      choices={withCurrent(choices, values[key], refs)}
      finding={findings?.[key] ?? null}
    />
  );
  return (
    <div className="form-grid">
      {field('serviceAccountCode', 'Services (billable items) account', revenue)}
      {field('productAccountCode', 'Products account', revenue)}
      {field(
        'paymentAccountCode',
        'Payments account',
        pay,
        'A bank account, or a clearing account with payments enabled.',
      )}
      {field(
        'taxExemptTaxType',
        'Tax rate for tax-free lines',
        taxes,
        'Used for lines with no tax, e.g. GST-free consultations.',
      )}
    </div>
  );
}

const accountChoice = (a: XeroRefsView['accounts'][number]): Choice => ({
  value: a.code,
  label: accountLabel(a),
});

function withCurrent(choices: Choice[], current: string, refs: XeroRefsView): Choice[] {
  if (!current || choices.some((c) => c.value === current)) return choices;
  const a = refs.accounts.find((x) => x.code === current);
  const t = refs.taxRates.find((x) => x.taxType === current);
  const label = a ? `${accountLabel(a)} (${a.status.toLowerCase()})` : t ? taxLabel(t) : current;
  return [{ value: current, label }, ...choices];
}

/** A labelled dropdown with an empty "Choose…" first option. */
export function ChoiceField({
  label,
  hint,
  value,
  onChange,
  disabled,
  choices,
  finding,
}: {
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  disabled: boolean;
  choices: Choice[];
  finding?: string | null;
}) {
  return (
    <Field
      label={label}
      hint={
        finding ? (
          <span className="finding">
            <WarningIcon /> {finding}
          </span>
        ) : (
          hint
        )
      }
    >
      {(id) => (
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled}>
          <option value="">Choose…</option>
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
