/**
 * The Mappings grid's "Item code" cell (issue 17): the Cliniko code, and "not in Xero inventory" when
 * Xero's Items have no such Code (that line goes without an ItemCode; it is never an error).
 */
export function itemCodeLabel(code: string | undefined, items: { code: string }[] | null): string {
  const c = (code ?? '').trim();
  if (c === '') return '';
  // Items not read yet (Refresh reads them): the code alone, no claim about Xero.
  if (items === null) return c;
  const known = items.some((i) => i.code.trim().toLowerCase() === c.toLowerCase());
  return known ? c : `${c} — not in Xero inventory`;
}
