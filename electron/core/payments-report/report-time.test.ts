import { describe, expect, it } from 'vitest';
import { parseReportTime, placeInZone } from './report-time.js';

describe('parseReportTime', () => {
  it('reads a Unicode date format as local wall-clock time', () => {
    expect(parseReportTime('05/12/2026 08:30', 'dd/MM/yyyy HH:mm')).toEqual({
      kind: 'wall',
      date: '2026-12-05',
      hour: 8,
      minute: 30,
      second: 0,
    });
    expect(parseReportTime('5/1/2026 9:05 pm', 'd/M/yyyy h:mm a')).toMatchObject({
      date: '2026-01-05',
      hour: 21,
    });
  });

  it('reads ISO 8601 without a format: with an offset it is an instant, without one local time', () => {
    expect(parseReportTime('2026-12-05T08:30:00+11:00', null)).toEqual({
      kind: 'instant',
      iso: '2026-12-04T21:30:00Z',
    });
    expect(parseReportTime('2026-12-05T23:50', null)).toMatchObject({
      kind: 'wall',
      date: '2026-12-05',
      hour: 23,
    });
    expect(parseReportTime('2026-12-05', null)).toMatchObject({ kind: 'wall', date: '2026-12-05', hour: 0 });
  });

  it.each([
    ['32/12/2026 08:30', 'dd/MM/yyyy HH:mm'],
    ['yesterday', 'dd/MM/yyyy HH:mm'],
    ['', null],
    ['12/05/2026', null],
    ['2026-02-30T10:00', null],
  ])('refuses %j (format %j)', (text, format) => {
    expect(parseReportTime(text, format)).toBeNull();
  });
});

describe('placeInZone', () => {
  it('an early-morning Sydney payment is that local day, the previous UTC day', () => {
    const t = parseReportTime('05/12/2026 08:30', 'dd/MM/yyyy HH:mm');
    if (!t) throw new Error('parse');
    expect(placeInZone(t, 'Australia/Sydney')).toEqual({ paidAt: '2026-12-04T21:30:00Z', day: '2026-12-05' });
  });

  it('a late-evening payment stays on its local day', () => {
    const t = parseReportTime('05/12/2026 23:50', 'dd/MM/yyyy HH:mm');
    if (!t) throw new Error('parse');
    expect(placeInZone(t, 'Australia/Perth')).toEqual({ paidAt: '2026-12-05T15:50:00Z', day: '2026-12-05' });
  });

  it('an instant with an offset takes the day of the business zone', () => {
    expect(placeInZone({ kind: 'instant', iso: '2026-12-04T21:30:00Z' }, 'Australia/Sydney').day).toBe(
      '2026-12-05',
    );
    expect(placeInZone({ kind: 'instant', iso: '2026-12-04T21:30:00Z' }, 'Australia/Perth').day).toBe(
      '2026-12-05',
    );
    expect(placeInZone({ kind: 'instant', iso: '2026-12-04T12:30:00Z' }, 'Australia/Perth').day).toBe(
      '2026-12-04',
    );
  });
});
