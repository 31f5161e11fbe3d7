import { useRef, useState } from 'react';
import type { MappingKind } from '../../../shared/api';
import { MAPPING_KINDS } from '../../../shared/api';
import { countOf } from '../../components/GridToolbar';
import { Modal } from '../../components/ui';
import type { Change } from './BulkBar';
import type { MapRow } from './mapping-rows';
import { mappingsToCsv, planCsvImport, type CsvPlan } from './mappings-csv';

/** Export every tab as one CSV; import an edited one after showing what it will change. */
export function CsvPanel({
  rowsOf,
  labelOf,
  offered,
  locked,
  onApply,
}: {
  rowsOf: (k: MappingKind) => MapRow[] | null;
  labelOf: (k: MappingKind, code: string) => string;
  offered: (k: MappingKind, code: string) => boolean;
  locked: boolean;
  onApply: (changes: Change[]) => Promise<void> | void;
}) {
  const file = useRef<HTMLInputElement>(null);
  const [plan, setPlan] = useState<(CsvPlan & { file: string }) | null>(null);
  const all = () => MAPPING_KINDS.flatMap((kind) => (rowsOf(kind) ? [{ kind, rows: rowsOf(kind)! }] : []));
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        disabled={all().length === 0}
        onClick={() => {
          const blob = new Blob([mappingsToCsv(all(), labelOf)], { type: 'text/csv;charset=utf-8' });
          const a = document.createElement('a');
          a.href = URL.createObjectURL(blob);
          a.download = 'mappings.csv';
          document.body.appendChild(a);
          a.click();
          a.remove();
          setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
        }}
      >
        Export CSV
      </button>
      <button type="button" className="btn btn-small" disabled={locked} onClick={() => file.current?.click()}>
        Import CSV…
      </button>
      <input
        ref={file}
        type="file"
        accept=".csv,text/csv"
        className="sr-only"
        tabIndex={-1}
        aria-label="Mappings CSV file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (!f) return;
          void f.text().then((text) => {
            const current = new Map(all().map((t) => [t.kind, t.rows] as const));
            setPlan({ ...planCsvImport(text, current, offered), file: f.name });
          });
        }}
      />
      <Modal title="Import mappings" open={plan !== null} onClose={() => setPlan(null)}>
        {plan && (
          <div data-testid="csv-plan">
            <p>
              {plan.file}: {countOf(plan.changes.length, 'change', 'changes')},{' '}
              {plan.unchanged.toLocaleString()} unchanged
              {plan.refused.length ? `, ${countOf(plan.refused.length, 'row', 'rows')} refused` : ''}.
            </p>
            {plan.changes.length > 0 && (
              <ul className="plan-list">
                {plan.changes.slice(0, 8).map((c) => (
                  <li key={`${c.kind}|${c.key}`}>
                    {c.name}: {c.from ? labelOf(c.kind, c.from) : 'inherit'} →{' '}
                    {c.to ? labelOf(c.kind, c.to) : 'inherit'}
                  </li>
                ))}
                {plan.changes.length > 8 && <li>…and {(plan.changes.length - 8).toLocaleString()} more</li>}
              </ul>
            )}
            {plan.refused.length > 0 && (
              <ul className="plan-list plan-refused">
                {plan.refused.slice(0, 5).map((r) => (
                  <li key={r.line}>
                    Line {r.line}: {r.reason}
                  </li>
                ))}
              </ul>
            )}
            <div className="actions">
              <span className="spacer" />
              <button type="button" className="btn" onClick={() => setPlan(null)}>
                Cancel
              </button>
              <button
                type="button"
                className="btn btn-primary"
                disabled={locked || plan.changes.length === 0}
                onClick={() => {
                  const changes = plan.changes;
                  setPlan(null);
                  void onApply(changes);
                }}
              >
                Apply {countOf(plan.changes.length, 'change', 'changes')}
              </button>
            </div>
          </div>
        )}
      </Modal>
    </>
  );
}
