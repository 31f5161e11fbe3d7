/**
 * Instants → calendar dates through an IANA time zone (cliniko-api.md §5, the "previous day" bug).
 * Cliniko timestamps are UTC; a payment at 08:30 in Sydney is 21:30Z the day before, and Xero must
 * get the Sydney date. The time zone database is the runtime's (Intl), never a hand-rolled offset.
 */

import { isCalendarDate } from '../../../shared/dates.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // 'en-CA' is irrelevant to the result: we read the parts, not the formatted string.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

// An ISO-8601 instant must carry its offset ("Z" or ±hh:mm); a bare date or local time is not an instant.
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** True for a syntactically valid IANA zone known to this runtime ("Australia/Sydney"). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date (YYYY-MM-DD) that `instantIso` falls on in `timeZone`. Throws on bad input. */
export function localDate(instantIso: string, timeZone: string): string {
  if (!INSTANT_RE.test(instantIso)) throw new RangeError(`not an ISO instant with offset: "${instantIso}"`);
  const ms = Date.parse(instantIso);
  if (Number.isNaN(ms)) throw new RangeError(`not a valid instant: "${instantIso}"`);
  if (!isValidTimeZone(timeZone)) throw new RangeError(`unknown time zone: "${timeZone}"`);
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export { isCalendarDate };

/** Calendar arithmetic on a YYYY-MM-DD date (UTC is used only as a day counter, no zone is involved). */
export function addDays(date: string, days: number): string {
  if (!isCalendarDate(date)) throw new RangeError(`not a calendar date: "${date}"`);
  if (!Number.isInteger(days)) throw new RangeError('days must be an integer');
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}
