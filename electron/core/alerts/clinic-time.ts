/**
 * Times in alert emails, in the clinic's own zone (the business's IANA zone), so "paused until" reads
 * the way the clinic's clock does; without a zone, UTC and said so.
 */
import { DateTime } from 'luxon';

export function clinicTime(iso: string, zone: string | null): string {
  const t = DateTime.fromISO(iso, { zone: zone ?? 'utc' });
  if (!t.isValid) return iso;
  return t.toFormat(zone ? 'd LLL yyyy, HH:mm ZZZZ' : "d LLL yyyy, HH:mm 'UTC'");
}
