/**
 * Issue 17's settings: Xero tracking categories, item codes, email alerts. Kept apart from schema.ts so
 * the main schema stays readable; every key has a default, so a settings file written before these
 * existed still means what it did (no tracking, no item codes, no alerts).
 *
 * The SMTP password is deliberately not here: it lives in the OS keychain (SECRET_ACCOUNTS.smtpPassword),
 * and `alerts` is a strict object, so a `password` key in an imported file is refused, not stored.
 */
import { z } from 'zod';

const CLINIKO_ID_RE = /^\d{1,20}$/;
/** Xero IDs are GUIDs; we only insist on something ID-like so a typo is refused with a message. */
const XERO_ID_RE = /^[A-Za-z0-9-]{1,64}$/;

const xeroId = z.string().regex(XERO_ID_RE, 'must be a Xero ID');
const clinikoId = z.string().regex(CLINIKO_ID_RE, 'must be a Cliniko ID');

export const trackingCategorySettingSchema = z.strictObject({
  /** Xero's TrackingCategoryID: an ID, not a name, so a renamed category keeps its mapping. */
  trackingCategoryId: xeroId,
  /** Whose option a line carries: the invoice's business (location) or its practitioner. */
  by: z.enum(['business', 'practitioner'], 'must be business or practitioner'),
  /** Cliniko business or practitioner ID → Xero TrackingOptionID. */
  options: z.record(clinikoId, xeroId).default({}),
});

export const trackingSettingsSchema = z.strictObject({
  categories: z
    .array(trackingCategorySettingSchema)
    // Xero takes at most two tracking categories on a line (xero-api.md §8).
    .max(2, 'at most 2 tracking categories (Xero allows 2 per line)')
    .refine(
      (cats) => new Set(cats.map((c) => c.trackingCategoryId)).size === cats.length,
      'the same tracking category is chosen twice',
    )
    .default([]),
  /** false: an unmapped business or practitioner sends no tracking; true: the invoice needs attention. */
  unmappedIsError: z.boolean().default(false),
});

export type TrackingSettings = z.output<typeof trackingSettingsSchema>;
export type TrackingCategorySetting = z.output<typeof trackingCategorySettingSchema>;

export const SMTP_TLS_MODES = ['starttls', 'tls', 'none'] as const;

const address = z.email('must be an email address').max(320);

export const alertSettingsSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    smtpHost: z
      .string()
      .trim()
      .max(255, 'must be at most 255 characters')
      .regex(/^[A-Za-z0-9.:[\]-]*$/, 'must be a host name or IP address')
      .default(''),
    smtpPort: z.number().int('must be a whole number').min(1).max(65_535).default(587),
    /** starttls: plain connection upgraded (587); tls: TLS from the start (465); none: never encrypted. */
    smtpTls: z.enum(SMTP_TLS_MODES, 'must be starttls, tls or none').default('starttls'),
    /** Empty: the server takes mail without signing in. */
    smtpUser: z.string().max(320, 'must be at most 320 characters').default(''),
    from: z.union([z.literal(''), address]).default(''),
    to: z.array(address).max(20, 'at most 20 addresses').default([]),
  })
  .superRefine((a, ctx) => {
    if (!a.enabled) return;
    if (a.smtpHost === '')
      ctx.addIssue({ code: 'custom', path: ['smtpHost'], message: 'required to send alerts' });
    if (a.from === '') ctx.addIssue({ code: 'custom', path: ['from'], message: 'required to send alerts' });
    if (a.to.length === 0)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'give at least one address to send alerts to' });
  });

export type AlertSettings = z.output<typeof alertSettingsSchema>;

export function defaultTracking(): TrackingSettings {
  return { categories: [], unmappedIsError: false };
}

export function defaultAlerts(): AlertSettings {
  return { enabled: false, smtpHost: '', smtpPort: 587, smtpTls: 'starttls', smtpUser: '', from: '', to: [] };
}

/** Spread into settingsSchema. */
export const extraSettingsShape = {
  tracking: trackingSettingsSchema.default(defaultTracking),
  /** Send a line's ItemCode when Xero's Items have that Code (never an unknown one). */
  sendItemCodes: z.boolean().default(false),
  alerts: alertSettingsSchema.default(defaultAlerts),
};

/**
 * `alerts` in a patch merges key by key with the current alert settings (the Settings screen saves the
 * SMTP fields and the addresses separately); anything that is not an object is left for the schema
 * to refuse.
 */
export function mergeExtras(current: { alerts: AlertSettings }, patch: Record<string, unknown>): unknown {
  const a = patch['alerts'];
  return typeof a === 'object' && a !== null && !Array.isArray(a) ? { ...current.alerts, ...a } : a;
}
