import { describe, expect, it } from 'vitest';
import { addDays, isCalendarDate, isValidTimeZone, localDate } from './local-date.js';

describe('localDate', () => {
  it('an 8:30 am Sydney payment (21:30Z the day before) is that Sydney day', () => {
    // 6 March 2024 is daylight time in Sydney (UTC+11): 08:30 local = 21:30Z on 5 March.
    expect(localDate('2024-03-05T21:30:00Z', 'Australia/Sydney')).toBe('2024-03-06');
    expect(localDate('2024-03-05T21:30:00Z', 'UTC')).toBe('2024-03-05');
  });

  it('Sydney in standard time (UTC+10)', () => {
    expect(localDate('2024-06-30T14:00:00Z', 'Australia/Sydney')).toBe('2024-07-01');
    expect(localDate('2024-06-30T13:59:59Z', 'Australia/Sydney')).toBe('2024-06-30');
  });

  it('Perth has no daylight saving (UTC+8 all year)', () => {
    expect(localDate('2024-01-15T15:59:59Z', 'Australia/Perth')).toBe('2024-01-15');
    expect(localDate('2024-01-15T16:00:00Z', 'Australia/Perth')).toBe('2024-01-16');
    expect(localDate('2024-07-15T16:00:00Z', 'Australia/Perth')).toBe('2024-07-16');
  });

  it('Auckland is UTC+13 in summer, UTC+12 in winter', () => {
    expect(localDate('2024-01-10T11:00:00Z', 'Pacific/Auckland')).toBe('2024-01-11');
    expect(localDate('2024-01-10T10:59:59Z', 'Pacific/Auckland')).toBe('2024-01-10');
    expect(localDate('2024-07-10T12:00:00Z', 'Pacific/Auckland')).toBe('2024-07-11');
    expect(localDate('2024-07-10T11:59:59Z', 'Pacific/Auckland')).toBe('2024-07-10');
  });

  it('DST edges in Sydney: start 6 Oct 2024 02:00 → 03:00, end 7 Apr 2024 03:00 → 02:00', () => {
    // Midnight at the start of the changeover days is still on the old offset.
    expect(localDate('2024-10-05T13:59:59Z', 'Australia/Sydney')).toBe('2024-10-05');
    expect(localDate('2024-10-05T14:00:00Z', 'Australia/Sydney')).toBe('2024-10-06');
    // After the switch to +11, 13:00Z is already the next day.
    expect(localDate('2024-10-06T13:00:00Z', 'Australia/Sydney')).toBe('2024-10-07');
    expect(localDate('2024-10-06T12:59:59Z', 'Australia/Sydney')).toBe('2024-10-06');
    // 7 Apr 2024 starts at +11 (13:00Z on the 6th) and ends at +10 (14:00Z on the 7th).
    expect(localDate('2024-04-06T13:00:00Z', 'Australia/Sydney')).toBe('2024-04-07');
    expect(localDate('2024-04-07T13:59:59Z', 'Australia/Sydney')).toBe('2024-04-07');
    expect(localDate('2024-04-07T14:00:00Z', 'Australia/Sydney')).toBe('2024-04-08');
  });

  it('zones behind UTC go the other way', () => {
    expect(localDate('2024-03-06T03:00:00Z', 'America/Toronto')).toBe('2024-03-05');
  });

  it('accepts explicit offsets and milliseconds', () => {
    expect(localDate('2024-03-06T08:30:00.000+11:00', 'Australia/Sydney')).toBe('2024-03-06');
  });

  it('refuses non-instants and unknown zones', () => {
    expect(() => localDate('2024-03-06', 'Australia/Sydney')).toThrow(RangeError);
    expect(() => localDate('2024-03-06T08:30:00', 'Australia/Sydney')).toThrow(RangeError);
    expect(() => localDate('2024-03-06T08:30:00Z', 'Mars/Olympus')).toThrow(/unknown time zone/);
    expect(isValidTimeZone('Australia/Melbourne')).toBe(true);
  });
});

describe('calendar dates', () => {
  it('validates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
  });
  it('adds days across months and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-06', 0)).toBe('2024-03-06');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });
});
