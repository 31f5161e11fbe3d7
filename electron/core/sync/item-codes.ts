/**
 * Item codes (issue 17): a line carries `ItemCode` only when Xero's Items have that Code. Xero refuses
 * the whole invoice for an unknown one ("Item code 'X' is not valid") — the failure that made Cliniko's
 * own integration drop item codes — so an unmatched code is simply left off, never an error.
 * Xero's codes are compared case-insensitively and sent in Xero's own spelling.
 */

/** An Item as read from `GET /Items` (only what matching and the Mappings screen need). */
export interface XeroItem {
  ItemID?: string;
  Code: string;
  Name?: string;
}

/** Lower-cased, trimmed Code → Xero's spelling. */
export function itemCodeIndex(items: readonly XeroItem[] | undefined): Map<string, string> {
  const index = new Map<string, string>();
  for (const i of items ?? []) {
    const key = i.Code.trim().toLowerCase();
    if (key !== '' && !index.has(key)) index.set(key, i.Code);
  }
  return index;
}

/** The Xero Code for a Cliniko item_code, or undefined when Xero has no such Item (or there is no code). */
export function matchItemCode(
  index: ReadonlyMap<string, string>,
  clinikoCode: string | undefined,
): string | undefined {
  const key = (clinikoCode ?? '').trim().toLowerCase();
  return key === '' ? undefined : index.get(key);
}
