/**
 * "1 record", "2 records": counts in words with the plural rules of the language (Intl.PluralRules),
 * never "1 records". `many` defaults to `one` + "s".
 */
const rules = new Intl.PluralRules('en');

export function plural(n: number, one: string, many = `${one}s`): string {
  return rules.select(n) === 'one' ? one : many;
}

/** "1 record", "1,234 records". */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${plural(n, one, many)}`;
}
