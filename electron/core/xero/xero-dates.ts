/**
 * Xero's dates as read through xero-node: it turns Xero's `/Date(ms+0000)/` into a Date object even
 * where its types say string, so each date is read whichever shape arrives.
 */
const MS_DATE = /^\/Date\((-?\d+)/;

/** A Xero date field (a calendar date at UTC midnight) as YYYY-MM-DD. */
export function xeroDay(v: unknown): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const s = String(v ?? '');
  const m = MS_DATE.exec(s);
  if (m) return new Date(Number(m[1])).toISOString().slice(0, 10);
  return s.slice(0, 10);
}

/** A Xero timestamp as an ISO instant, or null. */
export function xeroInstant(v: unknown): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (v === null || v === undefined || v === '') return null;
  const s = String(v);
  const m = MS_DATE.exec(s);
  if (m) return new Date(Number(m[1])).toISOString();
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
