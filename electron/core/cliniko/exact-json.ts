import { neutraliseBidi } from '../text/bidi.js';

/**
 * JSON.parse for Cliniko responses that keeps int64 IDs exact. Cliniko IDs can exceed 2^53, and
 * some endpoints send them as numbers (`"account":{"id":123}`), so before parsing, every integer
 * literal that is the value of an `id`/`…_id` key, or that is too large for a double, is turned
 * into a JSON string. A small scanner (not a regex over the whole text) tracks whether it is inside
 * a string, so digits in notes or names are never touched.
 */
export function parseJsonExact(text: string): unknown {
  // Every string from Cliniko loses bidi overrides here, the one door its text comes in by.
  return JSON.parse(quoteLargeIntegers(text), (_key, value: unknown) =>
    typeof value === 'string' ? neutraliseBidi(value) : value,
  );
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

export function quoteLargeIntegers(text: string): string {
  let out = '';
  let last = 0;
  let i = 0;
  /** The most recent object key, and whether the scanner is right after its `:`. */
  let key: string | null = null;
  let afterColon = false;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) break;
        else i++;
      }
      i++;
      const str = text.slice(start, i);
      // A string followed by `:` is a key.
      let j = i;
      while (j < n && /\s/.test(text[j] ?? '')) j++;
      if (text[j] === ':') {
        try {
          key = JSON.parse(str) as string;
        } catch {
          key = null;
        }
      }
      afterColon = false;
      continue;
    }
    if (c === 58 /* : */) {
      afterColon = true;
      i++;
      continue;
    }
    if (c === 45 /* - */ || isDigit(c)) {
      const start = i;
      i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      const isInteger = !(text[i] === '.' || text[i] === 'e' || text[i] === 'E');
      if (!isInteger) {
        while (i < n && /[0-9.eE+-]/.test(text[i] ?? '')) i++;
      } else {
        const literal = text.slice(start, i);
        const idKey = afterColon && key !== null && (key === 'id' || key.endsWith('_id'));
        if (idKey || !Number.isSafeInteger(Number(literal))) {
          out += `${text.slice(last, start)}"${literal}"`;
          last = i;
        }
      }
      afterColon = false;
      continue;
    }
    if (c === 44 /* , */ || c === 123 /* { */ || c === 91 /* [ */) afterColon = false;
    i++;
  }
  return out + text.slice(last);
}
