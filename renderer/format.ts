/**
 * Display helpers in the clinic's locale and time zone (shared/clinic-locale.ts): an AU clinic reads
 * 04/12/2026 and $1,234.50 whatever the computer's language. ClinicProvider (clinic-context.tsx) sets
 * the clinic once `app.clinic` answers and re-renders the app, so every screen formats the same way.
 */
import type { ClinicView } from '../shared/api';
import {
  DEFAULT_CLINIC,
  formatDate as localDate,
  formatDateTime as localDateTime,
  formatMoney,
  zoneName,
  type ClinicLocale,
} from '../shared/clinic-locale';

let clinic: ClinicLocale & { clinikoWebUrl: string | null } = { ...DEFAULT_CLINIC, clinikoWebUrl: null };

export function setClinic(c: ClinicView): void {
  clinic = c;
}

export function currentClinic(): ClinicLocale & { clinikoWebUrl: string | null } {
  return clinic;
}

export function formatCents(cents: number | null | undefined): string {
  return formatMoney(cents, clinic);
}

/** A calendar date (YYYY-MM-DD) the clinic's way. */
export function formatDate(isoDate: string | null | undefined): string {
  return isoDate ? localDate(isoDate, clinic) : '—';
}

/** An instant on the clinic's clock, zone named ("04/12/2026, 4:28 pm AEDT"). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return localDateTime(iso, clinic);
}

/** "AEDT": which clock the times on screen are on. */
export function clinicZone(): string {
  return zoneName(clinic);
}

/** "in 3 min", "2 h ago" */
export function relative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const s = Math.round((t - now) / 1000);
  const abs = Math.abs(s);
  const text =
    abs < 45
      ? 'a few seconds'
      : abs < 3600
        ? `${Math.round(abs / 60)} min`
        : abs < 86400
          ? `${Math.round(abs / 3600)} h`
          : `${Math.round(abs / 86400)} days`;
  return s >= 0 ? `in ${text}` : `${text} ago`;
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return 'estimating…';
  if (seconds < 60) return 'under a minute';
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min`;
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return `about ${h} h ${m} min`;
}

export const STATE_LABEL: Record<string, string> = {
  pending: 'Pending',
  synced: 'Synced',
  failed: 'Failed (will retry)',
  needs_attention: 'Needs attention',
};

/** Today's date in the clinic's zone (YYYY-MM-DD). */
export function todayIso(): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: clinic.timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date());
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
