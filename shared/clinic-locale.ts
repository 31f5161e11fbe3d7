/**
 * The clinic's locale: how dates, times and money read for the people who use the app (an AU clinic
 * reads 04/12/2026 and $1,234.50, whatever language the computer is set to). Derived from the Cliniko
 * business's IANA time zone, the one fact about where the clinic is that the app always has. Pure and
 * runtime-neutral: the core writes the CSV export with it, the renderer formats every screen with it.
 */

export type ClinicLocale = {
  /** BCP 47 tag for Intl ("en-AU"). */
  locale: string;
  /** IANA zone of the business ("Australia/Sydney"). */
  timeZone: string;
  /** ISO 4217 code ("AUD"). */
  currency: string;
};

/** Zone prefix → [locale, currency]; the first match wins, so specific entries come first. */
const BY_ZONE: [RegExp, string, string][] = [
  [/^(Australia|Antarctica\/Macquarie)\//, 'en-AU', 'AUD'],
  [/^Pacific\/(Auckland|Chatham)$/, 'en-NZ', 'NZD'],
  [/^Europe\/(London|Belfast|Guernsey|Isle_of_Man|Jersey)$/, 'en-GB', 'GBP'],
  [/^Europe\/Dublin$/, 'en-IE', 'EUR'],
  [
    /^America\/(Toronto|Vancouver|Edmonton|Winnipeg|Halifax|St_Johns|Regina|Montreal|Moncton|Whitehorse|Yellowknife|Iqaluit)$/,
    'en-CA',
    'CAD',
  ],
  [/^(America|US|Pacific\/Honolulu)/, 'en-US', 'USD'],
  [/^Asia\/Singapore$/, 'en-SG', 'SGD'],
  [/^Africa\/Johannesburg$/, 'en-ZA', 'ZAR'],
];

/** Cliniko is an Australian product and most clinics are Australian: the fallback when no zone is known. */
export const DEFAULT_CLINIC: ClinicLocale = {
  locale: 'en-AU',
  timeZone: 'Australia/Sydney',
  currency: 'AUD',
};

export function clinicLocaleFor(timeZone: string | null | undefined): ClinicLocale {
  if (!timeZone) return DEFAULT_CLINIC;
  for (const [re, locale, currency] of BY_ZONE) if (re.test(timeZone)) return { locale, timeZone, currency };
  return { ...DEFAULT_CLINIC, timeZone };
}

const fmtCache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = fmtCache.get(key) as T | undefined;
  if (!f) {
    f = make();
    fmtCache.set(key, f);
  }
  return f;
}

/** Money from integer cents: "$1,234.50", "-$12.00" (en-AU). No float maths on the cents themselves. */
export function formatMoney(cents: number | null | undefined, c: ClinicLocale): string {
  if (cents === null || cents === undefined) return '';
  const f = cached(
    `m|${c.locale}|${c.currency}`,
    () => new Intl.NumberFormat(c.locale, { style: 'currency', currency: c.currency }),
  ) as Intl.NumberFormat;
  // Intl takes a string decimal exactly: "1234.50" formats without binary rounding.
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return f.format(
    `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}` as unknown as number,
  );
}

/** A plain amount for spreadsheets: "1234.50" (no currency sign, no grouping: it sums as a number). */
export function formatAmount(cents: number | null | undefined, c: ClinicLocale): string {
  if (cents === null || cents === undefined) return '';
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dec = decimalSeparator(c.locale);
  return `${sign}${Math.floor(abs / 100)}${dec}${String(abs % 100).padStart(2, '0')}`;
}

function decimalSeparator(locale: string): string {
  const f = cached(`n|${locale}`, () => new Intl.NumberFormat(locale)) as Intl.NumberFormat;
  return f.formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date (YYYY-MM-DD, already clinic-local) as the clinic writes it: "04/12/2026". */
export function formatDate(isoDate: string | null | undefined, c: Pick<ClinicLocale, 'locale'>): string {
  if (!isoDate) return '';
  const m = ISO_DATE.exec(isoDate);
  if (!m) return isoDate;
  const f = cached(
    `d|${c.locale}`,
    () =>
      new Intl.DateTimeFormat(c.locale, {
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
        timeZone: 'UTC',
      }),
  ) as Intl.DateTimeFormat;
  return f.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}

/** An instant in the clinic's zone, with the zone named: "04/12/2026, 4:28 pm AEDT". */
export function formatDateTime(instantIso: string | null | undefined, c: ClinicLocale): string {
  if (!instantIso) return '';
  const d = new Date(instantIso);
  if (Number.isNaN(d.getTime())) return instantIso;
  const f = cached(
    `t|${c.locale}|${c.timeZone}`,
    () =>
      new Intl.DateTimeFormat(c.locale, {
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZone: c.timeZone,
        timeZoneName: 'short',
      }),
  ) as Intl.DateTimeFormat;
  return f.format(d);
}

/** The order of day, month and year in the clinic's dates, and the placeholder for a date input. */
export function datePattern(c: Pick<ClinicLocale, 'locale'>): {
  order: ('d' | 'm' | 'y')[];
  placeholder: string;
} {
  const f = cached(
    `p|${c.locale}`,
    () =>
      new Intl.DateTimeFormat(c.locale, {
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
        timeZone: 'UTC',
      }),
  ) as Intl.DateTimeFormat;
  const parts = f.formatToParts(new Date(Date.UTC(2026, 11, 4)));
  const order: ('d' | 'm' | 'y')[] = [];
  let placeholder = '';
  const token: Partial<Record<string, ['d' | 'm' | 'y', string]>> = {
    day: ['d', 'dd'],
    month: ['m', 'mm'],
    year: ['y', 'yyyy'],
  };
  for (const p of parts) {
    const t = token[p.type];
    if (t) {
      order.push(t[0]);
      placeholder += t[1];
    } else placeholder += p.value;
  }
  return { order, placeholder };
}

/**
 * What the user typed in a date field → YYYY-MM-DD, or null when it is not a real date. Accepts the
 * clinic's own order (04/12/2026, 4/12/26 → 2026) and ISO (2026-12-04, as pasted from elsewhere).
 */
export function parseLocalDate(text: string, c: Pick<ClinicLocale, 'locale'>): string | null {
  const t = text.trim();
  let y: number, m: number, d: number;
  const iso = ISO_DATE.exec(t);
  if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else {
    const nums = t.split(/[^\d]+/).filter(Boolean);
    if (nums.length !== 3) return null;
    const { order } = datePattern(c);
    const at = (k: 'd' | 'm' | 'y'): number => Number(nums[order.indexOf(k)]);
    [y, m, d] = [at('y'), at('m'), at('d')];
    if (String(nums[order.indexOf('y')]).length <= 2) y += 2000;
  }
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 1900 && y <= 2999)) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The zone's short name now ("AEDT"), to say which clock a time is on. */
export function zoneName(c: ClinicLocale, at = new Date()): string {
  const f = cached(
    `z|${c.locale}|${c.timeZone}`,
    () => new Intl.DateTimeFormat(c.locale, { timeZone: c.timeZone, timeZoneName: 'short' }),
  ) as Intl.DateTimeFormat;
  return f.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? c.timeZone;
}
