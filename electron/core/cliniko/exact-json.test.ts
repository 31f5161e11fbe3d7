import { describe, expect, it } from 'vitest';
import { parseJsonExact, quoteLargeIntegers } from './exact-json.js';

describe('parseJsonExact', () => {
  it('keeps int64 ids exact as strings, including ones beyond 2^53', () => {
    const text =
      '{"invoices":[{"id":1234567890123456789,"patient_id": 9007199254740993,"number":104,' +
      '"total":"81.82","links":{"self":"https://api.au1.cliniko.com/v1/invoices/1234567890123456789"}}],' +
      '"total_entries":1}';
    const out = parseJsonExact(text) as { invoices: Record<string, unknown>[]; total_entries: number };
    const inv = out.invoices[0] ?? {};
    expect(inv.id).toBe('1234567890123456789');
    expect(inv.patient_id).toBe('9007199254740993');
    expect(inv.number).toBe(104);
    expect(inv.links).toEqual({ self: 'https://api.au1.cliniko.com/v1/invoices/1234567890123456789' });
    expect(out.total_entries).toBe(1);
  });

  it('quotes small numeric ids too, and any unsafe integer, but never touches strings or decimals', () => {
    expect(parseJsonExact('{"account":{"id":123,"name":"Clinic 12345678901234567890"}}')).toEqual({
      account: { id: '123', name: 'Clinic 12345678901234567890' },
    });
    expect(parseJsonExact('[12345678901234567890, 1.5e3, -2, 3.14159]')).toEqual([
      '12345678901234567890',
      1500,
      -2,
      3.14159,
    ]);
    const tricky = '{"notes":"id\\":1234567890123456789, \\"x","n":{"id":-5}}';
    expect(parseJsonExact(tricky)).toEqual({ notes: 'id":1234567890123456789, "x', n: { id: '-5' } });
  });

  it('leaves text without numbers unchanged', () => {
    const s = '{"a":"b","c":[true,false,null]}';
    expect(quoteLargeIntegers(s)).toBe(s);
  });
});
