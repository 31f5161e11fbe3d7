import { DateTime } from 'luxon';

/**
 * When a report says a payment was taken. Cliniko's reports print local wall-clock times (the
 * business's zone, no offset); an ISO 8601 value may carry its own offset. Which zone a wall-clock
 * time is in depends on the invoice's business, known only after the invoice number is looked up, so
 * parsing and placing in a zone are two steps.
 */
export type ReportTime =
  | { kind: 'wall'; date: string; hour: number; minute: number; second: number }
  | { kind: 'instant'; iso: string };

const OFFSET_RE = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/**
 * Parses `text` with `format` (Unicode date-field tokens: dd d MM M yyyy HH H h mm a) or, without a
 * format, as ISO 8601. Returns null when the text does not match: the row is refused, never guessed.
 */
export function parseReportTime(text: string, format: string | null): ReportTime | null {
  const value = text.trim();
  if (value === '') return null;
  if (format) {
    const dt = DateTime.fromFormat(value, format, { zone: 'UTC', locale: 'en-AU' });
    return dt.isValid ? wall(dt) : null;
  }
  const hasOffset = value.includes('T') && OFFSET_RE.test(value);
  const dt = DateTime.fromISO(value, hasOffset ? { setZone: true } : { zone: 'UTC' });
  if (!dt.isValid) return null;
  if (hasOffset) return { kind: 'instant', iso: dt.toUTC().toISO({ suppressMilliseconds: true }) ?? '' };
  return wall(dt);
}

function wall(dt: DateTime): ReportTime {
  return { kind: 'wall', date: dt.toISODate() ?? '', hour: dt.hour, minute: dt.minute, second: dt.second };
}

/** The instant (UTC ISO) and the business-local calendar day of a report time in `timeZone`. */
export function placeInZone(t: ReportTime, timeZone: string): { paidAt: string; day: string } {
  if (t.kind === 'instant') {
    const local = DateTime.fromISO(t.iso, { zone: timeZone });
    return { paidAt: t.iso, day: local.toISODate() ?? '' };
  }
  const [y, m, d] = t.date.split('-').map(Number) as [number, number, number];
  const local = DateTime.fromObject(
    { year: y, month: m, day: d, hour: t.hour, minute: t.minute, second: t.second },
    { zone: timeZone },
  );
  // The day is the wall-clock date itself: a payment printed as 23:50 on the 4th was taken on the 4th.
  return { paidAt: local.toUTC().toISO({ suppressMilliseconds: true }) ?? '', day: t.date };
}
