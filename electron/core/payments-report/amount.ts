import { MoneyError, parseCents } from '../money.js';

/**
 * A report's amount cell → signed integer cents. Reports are written for people: `$1,234.50`,
 * `AU$ 80.00`, `-50.00`, `(50.00)`, `-$50.00`. A negative amount is a refund. Anything else that is
 * not exactly a money value (more than two decimal places, letters, two signs) is refused, never
 * guessed: a misread amount would put the wrong figure in the bookkeeper's bank account.
 */
export function parseReportAmount(cell: string): number {
  let text = cell.trim();
  let negative = false;
  const paren = /^\((.*)\)$/.exec(text);
  if (paren) {
    negative = true;
    text = (paren[1] ?? '').trim();
  }
  if (text.startsWith('-')) {
    if (negative) throw new MoneyError(`two negative signs in "${cell}"`);
    negative = true;
    text = text.slice(1).trim();
  }
  // A currency sign or code before the number ("$", "AU$", "NZD ", "£"), then digits.
  text = text.replace(/^[A-Za-z]{0,3}\s?[$£€¥]?\s*/u, '');
  if (text.startsWith('-')) {
    if (negative) throw new MoneyError(`two negative signs in "${cell}"`);
    negative = true;
    text = text.slice(1).trim();
  }
  if (!/^\d{1,3}(,\d{3})*(\.\d+)?$|^\d+(\.\d+)?$/.test(text)) {
    throw new MoneyError(`not an amount: "${cell}"`);
  }
  const cents = parseCents(text.replace(/,/g, ''));
  return negative ? -cents : cents;
}
