import { useEffect, useId, useState } from 'react';
import { datePattern, parseLocalDate } from '../../shared/clinic-locale';
import { currentClinic, formatDate } from '../format';

/**
 * A date typed the clinic's way (dd/mm/yyyy for an AU clinic). The browser's own date input follows
 * the computer's language (mm/dd/yyyy on an en-US machine), which is wrong for the clinic; this field
 * shows and reads the clinic's order, also accepts ISO (2026-12-04), and reports YYYY-MM-DD or ''.
 */
export function DateInput({
  id,
  value,
  onChange,
  max,
  disabled,
  required,
}: {
  id: string;
  value: string;
  onChange: (iso: string) => void;
  max?: string;
  disabled?: boolean;
  required?: boolean;
}) {
  const clinic = currentClinic();
  const { placeholder } = datePattern(clinic);
  const [text, setText] = useState(value ? formatDate(value) : '');
  const [bad, setBad] = useState<string | null>(null);
  const hintId = useId();
  // Follow outside changes (back/forward, a cleared filter) unless they are what the user just typed.
  useEffect(() => {
    setText((t) => (parseLocalDate(t, clinic) === (value || null) ? t : value ? formatDate(value) : ''));
  }, [value, clinic]);
  const commit = (t: string) => {
    if (t.trim() === '') {
      setBad(null);
      return onChange('');
    }
    const iso = parseLocalDate(t, clinic);
    if (!iso) return setBad(`Type the date as ${placeholder}.`);
    if (max && iso > max) return setBad(`Choose ${formatDate(max)} or earlier.`);
    setBad(null);
    if (iso !== value) onChange(iso);
  };
  return (
    <>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        className="date-input"
        placeholder={placeholder}
        value={text}
        disabled={disabled}
        required={required}
        aria-invalid={bad ? true : undefined}
        aria-describedby={hintId}
        onChange={(e) => {
          setText(e.target.value);
          // Complete dates apply as they are typed; partial ones wait for the blur.
          const iso = parseLocalDate(e.target.value, clinic);
          if (iso && (!max || iso <= max)) {
            setBad(null);
            if (iso !== value) onChange(iso);
          } else if (e.target.value.trim() === '') commit('');
        }}
        onBlur={(e) => {
          commit(e.target.value);
          const iso = parseLocalDate(e.target.value, clinic);
          if (iso) setText(formatDate(iso));
        }}
      />
      <span
        id={hintId}
        className={bad ? 'date-hint date-hint-bad' : 'sr-only'}
        role={bad ? 'alert' : undefined}
      >
        {bad ?? `Format: ${placeholder}`}
      </span>
    </>
  );
}
