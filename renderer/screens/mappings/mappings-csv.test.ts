import { describe, expect, it } from 'vitest';
import type { MappingKind } from '../../../shared/api';
import type { MapRow } from './mapping-rows';
import { mappingsToCsv, planCsvImport } from './mappings-csv';

const row = (key: string, name: string, value = '', code = ''): MapRow => ({
  key,
  name,
  code,
  detail: '',
  value,
  inherited: '200 — Sales (products default)',
  finding: null,
});

describe('mappings CSV (issue 16 item 6)', () => {
  const current = new Map<MappingKind, MapRow[]>([
    ['products', [row('p1', 'Foam roller', '', 'FR-1'), row('p2', '=cmd', '211')]],
  ]);
  const offered = (_k: MappingKind, code: string) => ['200', '211'].includes(code);

  it('round-trips: an unedited export changes nothing; names that look like formulas are escaped', () => {
    const csv = mappingsToCsv([{ kind: 'products', rows: current.get('products')! }], (_k, c) => c);
    expect(csv.split('\r\n')[0]).toBe('Tab,Cliniko ID,Name,Item code,Xero code,Applies now');
    expect(csv).toContain("'=cmd");
    expect(csv).toContain('FR-1');
    expect(planCsvImport(csv, current, offered)).toEqual({ changes: [], unchanged: 2, refused: [] });
  });

  it('an edited code is a change; unknown rows and codes are refused by line', () => {
    const csv = [
      'Tab,Cliniko ID,Name,Xero code',
      'Products,p1,Foam roller,211',
      'Products,p2,=cmd,',
      'Products,p9,Ghost,200',
      'Products,p1,Foam roller,999',
      'Nope,p1,x,200',
    ].join('\n');
    const plan = planCsvImport(csv, current, offered);
    expect(plan.changes).toEqual([
      { kind: 'products', key: 'p1', name: 'Foam roller', from: '', to: '211' },
      { kind: 'products', key: 'p2', name: '=cmd', from: '211', to: '' },
    ]);
    expect(plan.refused.map((r) => r.line)).toEqual([4, 5, 6]);
  });

  it('a file without the columns says what to do', () => {
    expect(planCsvImport('a,b\n1,2', current, offered).refused[0]?.reason).toMatch(
      /export the mappings first/,
    );
  });
});
