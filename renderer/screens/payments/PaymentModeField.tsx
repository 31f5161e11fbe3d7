import type { PaymentMode } from '../../../shared/api';

export const PAYMENT_MODE_CHOICES: { value: PaymentMode; label: string; when: string }[] = [
  {
    value: 'invoice',
    label: 'One payment per paid invoice',
    when: 'For clinics that never import payments reports: each paid invoice gets one payment for its total, on the day it was paid, into the default payment account.',
  },
  {
    value: 'report',
    label: 'One payment per report row',
    when: 'Exact payments from Cliniko’s payments report: split and part payments each on their own day, into their payment type’s account.',
  },
  {
    value: 'daily-batch',
    label: 'One batch payment per payment type per day',
    when: 'So one EFTPOS settlement matches one bank line: each day’s payments of one type become one Xero batch payment.',
  },
];

/** The payment mode as radio choices, each with a sentence on when to choose it. */
export function PaymentModeField({
  value,
  disabled,
  onChange,
}: {
  value: PaymentMode;
  disabled?: boolean;
  onChange: (mode: PaymentMode) => void;
}) {
  return (
    <fieldset className="payment-mode" disabled={disabled}>
      <legend>How payments reach Xero</legend>
      {PAYMENT_MODE_CHOICES.map((c) => (
        <label key={c.value} className="radio-choice">
          <input
            type="radio"
            name="payment-mode"
            value={c.value}
            checked={value === c.value}
            onChange={() => onChange(c.value)}
          />
          <span>
            <strong>{c.label}</strong>
            <span className="hint">{c.when}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
