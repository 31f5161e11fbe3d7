/** A calendar date (YYYY-MM-DD) as the clinic reads it (en-AU: 05/12/2026); no time zone is involved. */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '—';
  const [y, m, d] = day.split('-');
  return y && m && d ? `${d}/${m}/${y}` : day;
}

export function formatDayRange(first: string | null, last: string | null): string {
  if (!first || !last) return 'no dated rows';
  return first === last ? formatDay(first) : `${formatDay(first)} – ${formatDay(last)}`;
}
