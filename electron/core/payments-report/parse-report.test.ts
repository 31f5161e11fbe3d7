import { describe, expect, it } from 'vitest';
import { guessColumns } from './guess-columns.js';
import { csvRows, parseReport, ReportFormatError } from './parse-report.js';

const COLUMNS = {
  paidAt: 'Payment date',
  amount: 'Amount',
  invoiceNumber: 'Invoice number',
  paymentType: 'Payment type',
};

describe('parseReport', () => {
  it('matches headers case-insensitively, ignores other columns, numbers lines from the header', () => {
    const csv = [
      ' payment DATE ,Patient,AMOUNT,Invoice Number,Payment Type',
      '05/12/2026 08:30,"Smith, Jo",$80.00,104,EFTPOS',
      '05/12/2026 23:50,Lee,"$1,234.50",#105,Cash',
    ].join('\r\n');
    const r = parseReport(csv, COLUMNS, 'dd/MM/yyyy HH:mm');
    expect(r.refused).toEqual([]);
    expect(r.rows.map((x) => [x.line, x.invoiceNumber, x.amountCents, x.paymentType])).toEqual([
      [2, '104', 8000, 'EFTPOS'],
      [3, '105', 123450, 'Cash'],
    ]);
  });

  it('refuses each bad row with its line and reason, and keeps the good ones', () => {
    const csv = [
      'Payment date,Amount,Invoice number,Payment type',
      '05/12/2026 08:30,80.00,104,EFTPOS',
      'someday,80.00,105,EFTPOS',
      '05/12/2026 09:00,eighty,106,EFTPOS',
      '05/12/2026 09:00,0.00,107,EFTPOS',
      '05/12/2026 09:00,10.00,,EFTPOS',
      '05/12/2026 09:00,10.00,108,',
      '',
      '"05/12/2026 10:00",(20.00),109,Cash',
    ].join('\n');
    const r = parseReport(csv, COLUMNS, 'dd/MM/yyyy HH:mm');
    expect(r.rows.map((x) => [x.line, x.amountCents])).toEqual([
      [2, 8000],
      [9, -2000],
    ]);
    expect(r.refused.map((x) => x.line)).toEqual([3, 4, 5, 6, 7]);
    expect(r.refused[0]?.reason).toMatch(/unreadable date "someday"/);
    expect(r.refused[1]?.reason).toMatch(/unreadable amount "eighty"/);
  });

  it('names every missing column and the headers it found', () => {
    const csv = 'Date,Total paid,Invoice #\n05/12/2026 08:30,80.00,104\n';
    expect(() => parseReport(csv, COLUMNS, null)).toThrow(ReportFormatError);
    expect(() => parseReport(csv, COLUMNS, null)).toThrow(
      /"Payment date" \(the payment date-time\), "Amount" \(the amount\), "Invoice number" \(the invoice number\), "Payment type" \(the payment type\) are not in its header \(it has: "Date", "Total paid", "Invoice #"\)/,
    );
    expect(() => parseReport('', COLUMNS, null)).toThrow(/empty/);
  });

  it('a quoted field with a newline keeps later line numbers right', () => {
    const rows = csvRows('a,b\n"x\ny",1\nz,2\n');
    expect(rows.map((r) => r.line)).toEqual([1, 2, 4]);
  });
});

describe('guessColumns', () => {
  it('guesses both report layouts', () => {
    expect(guessColumns(['Payment date', 'Amount', 'Invoice number', 'Payment type'])).toEqual(COLUMNS);
    expect(guessColumns(['Date/time', 'Invoice #', 'Patient', 'Method', 'Total paid'])).toEqual({
      paidAt: 'Date/time',
      amount: 'Total paid',
      invoiceNumber: 'Invoice #',
      paymentType: 'Method',
    });
  });
});

describe('csvRows: text that could disguise itself', () => {
  it('removes bidi overrides and isolates from every cell', () => {
    const rows = csvRows('Invoice,Type\n"INV-\u202E0001",\u2066EFTPOS\u2069\n');
    expect(rows[1]?.cells).toEqual(['INV-0001', 'EFTPOS']);
  });
});
