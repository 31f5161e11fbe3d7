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
