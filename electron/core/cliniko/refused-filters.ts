/**
 * Filters Cliniko refused (`400 {"message":"This column is not searchable."}`), per list path, for
 * as long as the app runs. The documentation lists the searchable columns per resource, but where
 * it is silent we expect the strict answer and degrade: the list is read again without the filter,
 * and every later read of that list leaves it out, so a refusal costs one extra call per run, not
 * one per cycle. Kept in memory only (not in the ledger): Cliniko may start accepting the filter,
 * and a restart is the natural time to try again.
 */

/** Cliniko's answer to a filter on a column the resource does not have (cliniko-api.md §1). */
export const NOT_SEARCHABLE_TEXT = 'This column is not searchable.';

export class RefusedFilters {
  readonly #refused = new Map<string, Set<string>>();

  /** True when `field` was refused on `path` earlier in this run. */
  has(path: string, field: string): boolean {
    return this.#refused.get(path)?.has(field) === true;
  }

  /** Remembers a refusal; true the first time (the caller logs it once). */
  add(path: string, field: string): boolean {
    let set = this.#refused.get(path);
    if (!set) this.#refused.set(path, (set = new Set()));
    if (set.has(field)) return false;
    set.add(field);
    return true;
  }

  /** Every refusal remembered so far, as `path: field` (for status and tests). */
  list(): string[] {
    return [...this.#refused].flatMap(([p, fields]) => [...fields].map((f) => `${p}: ${f}`));
  }

  clear(): void {
    this.#refused.clear();
  }
}

/** The one memory of the running app (the process): every client and engine shares it. */
export const refusedFilters = new RefusedFilters();

/** Did Cliniko refuse a filter column (as opposed to any other 400)? */
export function isNotSearchable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { status?: unknown; body?: unknown };
  if (e.status !== 400) return false;
  const body = e.body;
  const message =
    typeof body === 'string'
      ? body
      : body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string'
        ? (body as { message: string }).message
        : e.message;
  return message.includes(NOT_SEARCHABLE_TEXT);
}
