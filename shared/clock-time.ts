/** "10:42": an instant as the clinic's wall-clock time (24-hour), in its IANA time zone. */
export function clockTime(iso: string, timeZone: string | null | undefined): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const opts: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  try {
    return new Intl.DateTimeFormat('en-GB', timeZone ? { ...opts, timeZone } : opts).format(d);
  } catch {
    // An unknown zone name: the machine's own zone is better than nothing.
    return new Intl.DateTimeFormat('en-GB', opts).format(d);
  }
}

/** "10:42" on the clinic's today, else "Tue 8 Dec 10:42" (a Xero daily-limit pause ends tomorrow). */
export function whenText(iso: string, timeZone: string | null | undefined, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const day = (x: Date): string => {
    try {
      return new Intl.DateTimeFormat('en-CA', timeZone ? { timeZone } : {}).format(x);
    } catch {
      return new Intl.DateTimeFormat('en-CA').format(x);
    }
  };
  if (day(d) === day(now)) return clockTime(iso, timeZone);
  const opts: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' };
  let date: string;
  try {
    date = new Intl.DateTimeFormat('en-GB', timeZone ? { ...opts, timeZone } : opts).format(d);
  } catch {
    date = new Intl.DateTimeFormat('en-GB', opts).format(d);
  }
  return `${date.replace(',', '')} ${clockTime(iso, timeZone)}`;
}

/** "30 s", "5 min", "2 h": how often the loop tries again. */
export function intervalText(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}
