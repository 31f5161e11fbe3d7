import type { ReactNode } from 'react';

/**
 * The bar above a grid, shared by the sync log and the mappings: filters on the left, the row count
 * (announced politely as it follows the filters), then actions that keep their place at the right.
 */
export function GridToolbar({
  label,
  filters,
  count,
  countTestId,
  actions,
}: {
  label: string;
  filters: ReactNode;
  count: string;
  countTestId: string;
  actions?: ReactNode;
}) {
  return (
    <div className="toolbar grid-toolbar" role="group" aria-label={label}>
      {filters}
      <span className="grid-count" data-testid={countTestId} aria-live="polite">
        {count}
      </span>
      <span className="spacer" />
      {actions}
    </div>
  );
}

/** "1 record", "1,234 records": the right plural, the clinic's digits. */
export function countOf(n: number | null | undefined, one: string, many: string): string {
  if (n === null || n === undefined) return '';
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
