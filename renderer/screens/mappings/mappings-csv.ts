/**
 * Mappings as CSV, for clinics with hundreds of products: export every tab's rows, edit the "Xero code"
 * column in a spreadsheet, import it back. Import only ever changes overrides of rows that exist, and
 * says what it will change first.
 */
import Papa from 'papaparse';
import type { MappingKind } from '../../../shared/api';
import { KINDS, type MapRow } from './mapping-rows';

export const CSV_HEADER = ['Tab', 'Cliniko ID', 'Name', 'Item code', 'Xero code', 'Applies now'] as const;

export function mappingsToCsv(
  tabs: { kind: MappingKind; rows: MapRow[] }[],
  label: (kind: MappingKind, code: string) => string,
): string {
  const data: string[][] = [];
  for (const { kind, rows } of tabs) {
    const tab = KINDS.find((k) => k.id === kind)?.label ?? kind;
    for (const r of rows)
      data.push([tab, r.key, r.name, r.code, r.value, r.value ? label(kind, r.value) : r.inherited]);
  }
  return Papa.unparse({ fields: [...CSV_HEADER], data }, { escapeFormulae: true, newline: '\r\n' });
}

export type CsvChange = { kind: MappingKind; key: string; name: string; from: string; to: string };
export type CsvPlan = {
  changes: CsvChange[];
  unchanged: number;
  refused: { line: number; reason: string }[];
};

/**
 * Reads an edited export against the current rows: a change per row whose "Xero code" differs. Rows
 * naming an unknown tab or Cliniko ID, or a code Xero does not offer for that tab, are refused by line.
 */
export function planCsvImport(
  text: string,
  current: Map<MappingKind, MapRow[]>,
  offered: (kind: MappingKind, code: string) => boolean,
): CsvPlan {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  });
  const plan: CsvPlan = { changes: [], unchanged: 0, refused: [] };
  const missing = ['Tab', 'Cliniko ID', 'Xero code'].filter((h) => !parsed.meta.fields?.includes(h));
  if (missing.length) {
    plan.refused.push({
      line: 1,
      reason: `The file has no ${missing.join(', ')} column: export the mappings first and edit that file.`,
    });
    return plan;
  }
  parsed.data.forEach((r, i) => {
    const line = i + 2;
    const kind = KINDS.find((k) => k.label === r['Tab']?.trim() || k.id === r['Tab']?.trim())?.id;
    if (!kind) return plan.refused.push({ line, reason: `Unknown tab "${r['Tab'] ?? ''}".` });
    const key = (r['Cliniko ID'] ?? '').trim();
    const row = current.get(kind)?.find((x) => x.key === key);
    if (!row)
      return plan.refused.push({
        line,
        reason: `No ${kind} with Cliniko ID ${key} (refresh from Cliniko?).`,
      });
    // A formula-escaped cell comes back with its leading quote; codes never start with one.
    const to = (r['Xero code'] ?? '').trim().replace(/^'/, '');
    if (to && !offered(kind, to))
      return plan.refused.push({ line, reason: `Xero code ${to} cannot be used for ${row.name}.` });
    if (to === row.value) plan.unchanged++;
    else plan.changes.push({ kind, key, name: row.name, from: row.value, to });
  });
  return plan;
}
