/**
 * Tracking categories on invoice lines (issue 17). Settings name up to two Xero categories by ID, each
 * picked by the invoice's business (location) or practitioner; every line of the invoice carries the
 * same options, sent with the names Xero has now (IDs in settings survive a rename in Xero).
 *
 * Pre-flight: a mapped category or option that is archived, or no longer in Xero, would make Xero refuse
 * the invoice; it is caught here with the fix instead. Unmapped sends no tracking for that category,
 * unless `tracking.unmappedIsError`.
 */
import type { Settings } from '../../../shared/settings.js';
import { linePrefix, type SyncProblem } from './preflight.js';

/** A tracking category as read from `GET /TrackingCategories?includeArchived=true`. */
export interface XeroTrackingCategory {
  TrackingCategoryID: string;
  Name: string;
  /** ACTIVE or ARCHIVED (Xero lists no deleted ones). */
  Status: string;
  Options: { TrackingOptionID: string; Name: string; Status: string }[];
}

export interface TrackingLine {
  Name: string;
  Option: string;
}

export interface TrackingWho {
  businessId: string | null;
  practitionerId: string | null;
  businessName?: string | null | undefined;
  practitionerName?: string | null | undefined;
}

export type TrackingResult = { ok: true; tracking: TrackingLine[] } | { ok: false; problems: SyncProblem[] };

const FIX = 'in Mappings → Tracking, then retry.';

export function resolveTracking(
  settings: Settings,
  categories: readonly XeroTrackingCategory[] | undefined,
  who: TrackingWho,
  invoiceNumber: string,
): TrackingResult {
  const prefix = linePrefix(invoiceNumber);
  const tracking: TrackingLine[] = [];
  const problems: SyncProblem[] = [];
  settings.tracking.categories.forEach((c, idx) => {
    const id = c.by === 'business' ? who.businessId : who.practitionerId;
    // An invoice with no practitioner (or business) has nothing to map: no tracking for this category.
    if (id === null) return;
    const name = c.by === 'business' ? who.businessName : who.practitionerName;
    const whose = `${c.by === 'business' ? 'location' : 'practitioner'} ${name ? `"${name}"` : id}`;
    const cat = (categories ?? []).find((x) => x.TrackingCategoryID === c.trackingCategoryId);
    const optionId = c.options[id];
    if (optionId === undefined) {
      if (settings.tracking.unmappedIsError) {
        problems.push({
          code: 'tracking-unmapped',
          message: `${prefix}${whose} has no option for Xero tracking category${cat ? ` "${cat.Name}"` : ''}. Choose one ${FIX}`,
          settingPath: `tracking.categories.${idx}.options.${id}`,
        });
      }
      return;
    }
    if (!cat || cat.Status !== 'ACTIVE') {
      problems.push({
        code: 'tracking-inactive',
        message: cat
          ? `${prefix}Xero tracking category "${cat.Name}" is archived. Choose an active category ${FIX}`
          : `${prefix}the Xero tracking category chosen for ${c.by === 'business' ? 'locations' : 'practitioners'} is no longer in Xero. Choose an active category ${FIX}`,
        settingPath: `tracking.categories.${idx}.trackingCategoryId`,
      });
      return;
    }
    const opt = cat.Options.find((o) => o.TrackingOptionID === optionId);
    if (!opt || opt.Status !== 'ACTIVE') {
      problems.push({
        code: 'tracking-inactive',
        message: `${prefix}the Xero tracking option ${opt ? `"${opt.Name}" ` : ''}for ${whose} in category "${cat.Name}" is ${opt ? 'archived' : 'no longer in Xero'}. Choose an active option ${FIX}`,
        settingPath: `tracking.categories.${idx}.options.${id}`,
      });
      return;
    }
    tracking.push({ Name: cat.Name, Option: opt.Name });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, tracking };
}
