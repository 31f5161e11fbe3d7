/**
 * The Problem column and the details panel say a problem the way a front desk acts on it: the fix
 * first, then why, without the invoice number the row already shows, and each problem once.
 *
 * The core writes each problem as `Invoice <n>[, line "<d>"]: <what is wrong>. <What to do>, then retry.`
 * (sync/preflight.ts) and joins several with a space; Xero's refusals are `Invoice <n>: <Xero's words>`.
 */

export type Problem = { fix: string | null; reason: string; line: string | null };

const PREFIX = /Invoice \S+?(?:, line "([^"]*)")?: /g;

/** Splits the core's sentence into problems, drops the repeated invoice prefix, says each once. */
export function parseProblems(text: string | null | undefined): Problem[] {
  if (!text) return [];
  const parts: { line: string | null; body: string }[] = [];
  const matches = [...text.matchAll(PREFIX)];
  if (matches.length === 0) parts.push({ line: null, body: text.trim() });
  else {
    const head = text.slice(0, matches[0]!.index).trim();
    if (head) parts.push({ line: null, body: head });
    matches.forEach((m, i) => {
      const end = i + 1 < matches.length ? matches[i + 1]!.index : text.length;
      parts.push({ line: m[1] ?? null, body: text.slice(m.index + m[0].length, end).trim() });
    });
  }
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const p of parts) {
    const { fix, reason } = splitFix(p.body);
    const key = `${fix ?? ''}|${reason}`;
    if (seen.has(key)) continue; // the same fix for two lines of one item: say it once
    seen.add(key);
    out.push({ fix, reason, line: p.line });
  }
  return out;
}

/** "<reason>. Choose … in Mappings, then retry." → the fix ("Choose … in Mappings") and the reason. */
function splitFix(body: string): { fix: string | null; reason: string } {
  const m =
    /^(.*?[.!)])\s+((?:Choose|Map|Set|Enable|Connect|Check|Add|Reconnect|Unlock)\b.*?)(?:,? then retry)?\.?$/s.exec(
      body,
    );
  if (!m) return { fix: null, reason: body.replace(/\s+/g, ' ') };
  return { fix: m[2]!.trim(), reason: m[1]!.trim() };
}

/** One line for the grid's Problem column: the fix leads, the reason follows. */
export function problemSummary(text: string | null | undefined): string {
  return parseProblems(text)
    .map((p) => (p.fix ? `${p.fix}: ${lowerFirst(p.reason)}` : p.reason))
    .join(' · ');
}

function lowerFirst(s: string): string {
  // "Xero account 205 …" keeps its capital (a name); "The …" / "This …" read on after a colon.
  return /^(The|This|That|A|An|No|Several) /.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** Where "Fix this" goes for a setting path of pre-flight ("billableItems.123", "defaults.x", "taxRates"). */
export function fixRoute(
  path: string,
): { screen: string; sub: string; params: Record<string, string> } | null {
  const dot = path.indexOf('.');
  const table = dot < 0 ? path : path.slice(0, dot);
  const key = dot < 0 ? '' : path.slice(dot + 1);
  if (table === 'defaults') return { screen: 'mappings', sub: 'defaults', params: key ? { field: key } : {} };
  if (['billableItems', 'products', 'practitioners', 'paymentTypes', 'taxRates'].includes(table))
    return { screen: 'mappings', sub: table, params: key ? { row: key } : {} };
  return null;
}
