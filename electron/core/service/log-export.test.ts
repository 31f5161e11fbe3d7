import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { clinicLocaleFor } from '../../../shared/clinic-locale.js';
import { exportLogCsv, type ListLog } from './log-export.js';

const row = {
  id: 1,
  sourceType: 'invoice',
  sourceId: '99',
  invoiceNumber: 'CL-1042',
  patientName: 'Jo Bloggs',
  issueDate: '2026-12-04',
  totalCents: 123450,
  state: 'needs_attention',
  xeroId: null,
  xeroUrl: null,
  error: 'Invoice CL-1042: something',
  attempts: 2,
  updatedAt: '2026-12-04T05:28:00.000Z',
};

describe('log.exportCsv in the clinic locale (issue 16 item 4)', () => {
  it('writes local dates, readable states and times on the clinic clock with the zone named', async () => {
    const list: ListLog = () => Promise.resolve({ rows: [row], total: 1 });
    const { csv, rows } = await exportLogCsv(list, {}, clinicLocaleFor('Australia/Sydney'));
    expect(rows).toBe(1);
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true });
    expect(parsed.meta.fields).toEqual([
      'State',
      'Invoice number',
      'Patient',
      'Issue date',
      'Total (AUD)',
      'Type',
      'Cliniko ID',
      'Xero ID',
      'Xero link',
      'Problem',
      'Attempts',
      'Updated (Australia/Sydney)',
    ]);
    expect(parsed.data[0]).toMatchObject({
      State: 'Needs attention',
      'Issue date': '04/12/2026',
      'Total (AUD)': '1234.50',
      Type: 'Invoice',
    });
    expect(parsed.data[0]?.['Updated (Australia/Sydney)']).toMatch(/^04\/12\/2026, 4:28\s?pm AEDT$/);
  });
});
