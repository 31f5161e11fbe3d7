// Xero's JSON date conventions: `/Date(1552348800000+0000)/` plus a `…String` twin ('2019-03-12T00:00:00').

/** 'YYYY-MM-DD' → '/Date(ms+0000)/' at UTC midnight. */
export function msDate(ymd: string): string {
  return `/Date(${Date.parse(ymd + 'T00:00:00Z')}+0000)/`;
}

/** 'YYYY-MM-DD' → '2019-03-12T00:00:00'. */
export function dateString(ymd: string): string {
  return `${ymd}T00:00:00`;
}

/** Instant (ms) → '/Date(ms+0000)/'. */
export function msDateTime(ms: number): string {
  return `/Date(${ms}+0000)/`;
}

/** Instant (ms) → '2019-11-14T18:10:38' (UTC, no zone, as Xero's *DateUTCString fields). */
export function utcString(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/**
 * A request date → 'YYYY-MM-DD', or null when unparseable. Xero accepts 'YYYY-MM-DD', 'YYYY-MM-DDTHH:mm:ss[.fff][Z]'
 * (the date part is the calendar date) and '/Date(ms)/'.
 */
export function parseRequestDate(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const s = v.trim();
  const iso =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  if (iso) {
    const ymd = `${iso[1]}-${iso[2]}-${iso[3]}`;
    const d = new Date(ymd + 'T00:00:00Z');
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== ymd) return null;
    return ymd;
  }
  const ms = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(s);
  if (ms) return new Date(Number(ms[1])).toISOString().slice(0, 10);
  return null;
}

/** Today's calendar date in an IANA zone. */
export function todayIn(timeZone: string, nowMs: number = Date.now()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .formatToParts(new Date(nowMs))
    .reduce<Record<string, string>>((acc, p) => ((acc[p.type] = p.value), acc), {});
  return `${parts['year']}-${parts['month']}-${parts['day']}`;
}

/** If-Modified-Since header → ms; a zone-less ISO value is UTC (as Xero reads it). */
export function parseIfModifiedSince(v: string | undefined): number | null {
  if (!v) return null;
  let s = v.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) s += 'Z';
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}
