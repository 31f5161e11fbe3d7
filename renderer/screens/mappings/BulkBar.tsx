import { useState } from 'react';
import type { MappingKind } from '../../../shared/api';
import type { Labeller, MapRow } from './mapping-rows';
import { KINDS } from './mapping-rows';

export type Change = { kind: MappingKind; key: string; name: string; from: string; to: string };

/**
 * Apply one value to the selected rows. The bar is always there (disabled with nothing selected) so it
 * never jumps, and says before the click exactly what will change; the screen offers Undo after.
 */
export function BulkBar({
  kind,
  rows,
  selected,
  options,
  label,
  locked,
  busy,
  onApply,
}: {
  kind: MappingKind;
  rows: MapRow[];
  selected: string[];
  options: { value: string; label: string }[];
  label: Labeller;
  locked: boolean;
  busy: boolean;
  onApply: (what: string, changes: Change[]) => void;
}) {
  const [value, setValue] = useState('');
  const chosen = new Set(selected);
  const picked = rows.filter((r) => chosen.has(r.key));
  const changes: Change[] = picked
    .filter((r) => r.value !== value)
    .map((r) => ({ kind, key: r.key, name: r.name, from: r.value, to: value }));
  const noun = (n: number) => {
    const k = KINDS.find((x) => x.id === kind)!;
    return n === 1 ? k.one.toLowerCase() : k.label.toLowerCase();
  };
  const target = value ? label(value) : 'inherit (no override)';
  const preview =
    picked.length === 0
      ? 'Select rows with the check boxes to change several at once.'
      : changes.length === 0
        ? `The ${picked.length.toLocaleString()} selected ${noun(picked.length)} already use ${target}.`
        : `Will set ${changes.length.toLocaleString()} ${noun(changes.length)} to ${target}${
            picked.length > changes.length
              ? ` (${(picked.length - changes.length).toLocaleString()} already are)`
              : ''
          }.`;
  return (
    <div className="bulk" role="group" aria-label="Change the selected rows">
      <span className="bulk-count" data-testid="selected-count">
        {picked.length.toLocaleString()} selected
      </span>
      <label className="sr-only" htmlFor="bulk-value">
        Value for the selected rows
      </label>
      <select
        id="bulk-value"
        value={value}
        disabled={locked || picked.length === 0}
        onChange={(e) => setValue(e.target.value)}
      >
        <option value="">(inherit — clear override)</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="btn btn-primary btn-small"
        disabled={locked || changes.length === 0 || busy}
        onClick={() =>
          onApply(`${changes.length.toLocaleString()} ${noun(changes.length)} to ${target}`, changes)
        }
      >
        Apply to selected
      </button>
      <span className="bulk-preview" data-testid="bulk-preview" aria-live="polite">
        {preview}
      </span>
    </div>
  );
}
