/**
 * Bidirectional-text controls that re-order what follows them on screen: embeddings and overrides
 * (U+202A–U+202E) and isolates (U+2066–U+2069). A patient named "Pat\u202Efdp.exe" would show as
 * something else in the sync log and in Xero ("Trojan Source"). Text from Cliniko loses them before
 * it is stored, shown or sent; the plain marks U+200E/U+200F, which real right-to-left names need and
 * which cannot hide text, are kept.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function neutraliseBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
