import { describe, expect, it } from 'vitest';
import { missingReportDays } from './missing-days.js';

describe('missingReportDays', () => {
  it('counts paid invoices per local day that no report covers, from the sync start', () => {
    const zone = () => 'Australia/Sydney';
    const paid = [
      { closedAt: '2026-12-04T21:30:00Z', businessId: '1', issueDate: '2026-12-05' }, // 5 Dec in Sydney
      { closedAt: '2026-12-05T03:00:00Z', businessId: '1', issueDate: '2026-12-05' },
      { closedAt: '2026-12-06T03:00:00Z', businessId: '1', issueDate: '2026-12-06' },
      { closedAt: '2026-11-01T03:00:00Z', businessId: '1', issueDate: '2026-11-01' },
      { closedAt: null, businessId: '1', issueDate: '2026-12-06' },
    ];
    expect(
      missingReportDays(paid, { since: '2026-12-01', zoneOf: zone, covers: (d) => d === '2026-12-06' }),
    ).toEqual([{ day: '2026-12-05', invoices: 2 }]);
  });
});
