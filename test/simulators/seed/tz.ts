/** DST-aware IANA time zone helpers built on Intl, with an hourly offset cache (fast enough for 100k records). */

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();
const HOUR = 3_600_000;

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Offset of `tz` from UTC in ms at the instant `utcMs` (e.g. +11 h for Sydney in summer). */
export function tzOffsetMs(tz: string, utcMs: number): number {
  // Every zone used here changes offset on a whole UTC hour, so the offset is constant within one.
  const hourKey = Math.floor(utcMs / HOUR);
  let cache = offsetCache.get(tz);
  if (!cache) offsetCache.set(tz, (cache = new Map()));
  const hit = cache.get(hourKey);
  if (hit !== undefined) return hit;
  const at = hourKey * HOUR;
  const parts = formatter(tz).formatToParts(new Date(at));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? '0');
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  const off = asUtc - at;
  cache.set(hourKey, off);
  return off;
}

/** UTC instant (ms) of a local wall time `date` + `minuteOfDay` in `tz`. */
export function localToUtcMs(tz: string, date: string, minuteOfDay: number, second = 0): number {
  const naive = dateToMs(date) + minuteOfDay * 60_000 + second * 1000;
  const off1 = tzOffsetMs(tz, naive - tzOffsetMs(tz, naive));
  const utc = naive - off1;
  const off2 = tzOffsetMs(tz, utc);
  return off2 === off1 ? utc : naive - off2;
}

/** Local calendar date (YYYY-MM-DD) of a UTC instant in `tz`. */
export function localDateOf(tz: string, utc: string | number): string {
  const ms = typeof utc === 'number' ? utc : Date.parse(utc);
  return new Date(ms + tzOffsetMs(tz, ms)).toISOString().slice(0, 10);
}

const DAY = 86_400_000;
const dateMsCache = new Map<string, number>();
const msDateCache = new Map<number, string>();

/** UTC midnight (ms) of a YYYY-MM-DD date (cached). */
export function dateToMs(date: string): number {
  let ms = dateMsCache.get(date);
  if (ms === undefined) {
    ms = Date.parse(`${date}T00:00:00Z`);
    if (Number.isNaN(ms)) throw new Error(`invalid date ${date}`);
    dateMsCache.set(date, ms);
  }
  return ms;
}

function msToDate(ms: number): string {
  let s = msDateCache.get(ms);
  if (s === undefined) {
    s = new Date(ms).toISOString().slice(0, 10);
    msDateCache.set(ms, s);
  }
  return s;
}

/** Adds `days` to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return msToDate(dateToMs(date) + days * DAY);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
