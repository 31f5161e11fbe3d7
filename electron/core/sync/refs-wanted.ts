/**
 * Which optional Xero reference lists a sync cycle reads (issue 17). Tracking categories and Items cost
 * a call each of the daily Xero budget, so they are read only when the settings use them.
 */
import type { Settings } from '../../../shared/settings.js';
import type { RefsWant } from './xero-refs.js';

export function refsWanted(settings: Settings): RefsWant {
  return { tracking: settings.tracking.categories.length > 0, items: settings.sendItemCodes };
}
