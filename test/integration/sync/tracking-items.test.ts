// Issue 17 against both simulators: tracking options per location and practitioner, pre-flight on an
// archived option, item codes sent only when Xero has them — and totals unchanged throughout.
import { afterEach, expect, it } from 'vitest';
import type { Settings } from '../../../shared/settings.js';
import { idFromLink } from '../../simulators/seed/records.js';
import { cleanup, closeSims, setupSync, summaryOf, TEST_SETTINGS, type SyncSetup } from './helpers.js';
import { verifyXero } from './verify.js';

afterEach(async () => {
  await closeSims();
  await cleanup();
});

/** Location by business (three of the clinic's four mapped), Practitioner by practitioner (all mapped). */
function trackingSetup(s: SyncSetup): { settings: Settings; locationOf: Map<string, string> } {
  const org = s.xero.org();
  const store = s.cliniko.store;
  const loc = org.trackingCategories().find((c) => c.Name === 'Location');
  if (!loc) throw new Error('seed: no Location category');
  const practitioners = store.list('practitioners');
  const prac = org.addTrackingCategory(
    'Practitioner',
    practitioners.map((p) => p.display_name),
  );
  const businesses = store.list('businesses');
  const locationOf = new Map<string, string>();
  const bizOptions: Record<string, string> = {};
  (['Bondi', 'Parramatta', 'Surry Hills'] as const).forEach((name, i) => {
    const b = businesses[i];
    const o = loc.Options.find((x) => x.Name === name);
    if (!b || !o) throw new Error('seed');
    bizOptions[b.id] = o.TrackingOptionID;
    locationOf.set(b.id, name);
  });
  const pracOptions = Object.fromEntries(
    practitioners.map((p) => [
      p.id,
      prac.Options.find((o) => o.Name === p.display_name)?.TrackingOptionID ?? '',
    ]),
  );
  return {
    locationOf,
    settings: TEST_SETTINGS({
      tracking: {
        categories: [
          { trackingCategoryId: loc.TrackingCategoryID, by: 'business', options: bizOptions },
          { trackingCategoryId: prac.TrackingCategoryID, by: 'practitioner', options: pracOptions },
        ],
        unmappedIsError: false,
      },
    }),
  };
}

async function useSettings(s: SyncSetup, settings: Settings): Promise<void> {
  const svc = s.service();
  try {
    svc.settings.importJson(JSON.stringify(settings));
  } finally {
    await svc.close();
  }
}

it('each line carries its location and practitioner option, item codes only when Xero has them; totals unchanged', async () => {
  const s = await setupSync({ invoices: 60, seed: 11 });
  const { settings: tracked, locationOf } = trackingSetup(s);
  const store = s.cliniko.store;
  const org = s.xero.org();
  // Every other Cliniko code is a Xero Item, whose own account and tax differ from ours.
  const codeOf = new Map<string, string>();
  for (const x of [...store.list('billable_items'), ...store.list('products')])
    codeOf.set(`${'price_ex_tax' in x ? 'p' : 'b'}${x.id}`, x.item_code);
  const codes = [...new Set([...codeOf.values()].filter((c) => c !== ''))].sort();
  const inXero = new Set(codes.filter((_, i) => i % 2 === 0).map((c) => c.toLowerCase()));
  for (const c of codes.filter((_, i) => i % 2 === 0))
    org.addItem(c, `Item ${c}`, { AccountCode: '260', TaxType: 'EXEMPTOUTPUT' });
  expect(inXero.size).toBeGreaterThan(0);
  expect(codes.length).toBeGreaterThan(inXero.size);
  const settings: Settings = { ...tracked, sendItemCodes: true };
  await useSettings(s, settings);

  const run = await s.cli(['sync', '--once', '--json']);
  expect(run.stderr).not.toMatch(/error|fail/i);
  expect(run.code).toBe(0);
  const sum = summaryOf(run);
  expect(sum.synced).toBeGreaterThan(0);
  expect([sum.needsAttention, sum.failed]).toEqual([0, 0]);
  // Accounts, tax types and totals to the cent: the Items' own account and tax never crept in.
  expect(verifyXero(s.cliniko, s.xero, settings).problems).toEqual([]);

  const seen = { withCode: 0, withoutCode: 0, unmappedLocation: 0, locations: new Set<string>() };
  for (const inv of store.list('invoices')) {
    if (inv.issue_date < settings.syncFrom || inv.archived_at !== null) continue;
    const x = org.invoice(`CL-${inv.number}`);
    if (!x) throw new Error(`CL-${inv.number} missing`);
    const location = locationOf.get(idFromLink(inv.business) ?? '');
    const practitioner = store.list('practitioners').find((p) => p.id === idFromLink(inv.practitioner));
    const want = [
      ...(location ? [{ Name: 'Location', Option: location }] : []),
      ...(practitioner ? [{ Name: 'Practitioner', Option: practitioner.display_name }] : []),
    ];
    if (location) seen.locations.add(location);
    else seen.unmappedLocation++;
    const items = store.getInvoiceItems(inv.id).filter((i) => i.archived_at === null);
    for (const line of x.LineItems) {
      expect(line.Tracking.map((t) => ({ Name: t.Name, Option: t.Option }))).toEqual(want);
      const item = items.find((i) => line.Description?.startsWith(i.name));
      const source = item?.product
        ? codeOf.get(`p${idFromLink(item.product)}`)
        : item?.billable_item
          ? codeOf.get(`b${idFromLink(item.billable_item)}`)
          : undefined;
      if (source !== undefined && inXero.has(source.toLowerCase())) {
        expect(line.ItemCode?.toLowerCase()).toBe(source.toLowerCase());
        seen.withCode++;
      } else {
        expect(line.ItemCode).toBeUndefined();
        seen.withoutCode++;
      }
    }
  }
  // One organisation, several locations: each under its own option; the unmapped one with none.
  expect([...seen.locations].sort()).toEqual(['Bondi', 'Parramatta', 'Surry Hills']);
  expect(seen.unmappedLocation).toBeGreaterThan(0);
  expect(seen.withCode).toBeGreaterThan(0);
  expect(seen.withoutCode).toBeGreaterThan(0);
  // Reference data: Tracking categories and Items were read with the accounts and tax rates.
  expect(s.xero.callCount({ method: 'GET', pathPrefix: '/api.xro/2.0/Items' })).toBeGreaterThan(0);
  expect(s.xero.callCount({ method: 'GET', pathPrefix: '/api.xro/2.0/TrackingCategories' })).toBeGreaterThan(
    0,
  );
});

it('an archived option is caught by pre-flight with the fix; the other invoices sync; nothing unknown is sent', async () => {
  const s = await setupSync({ invoices: 40, seed: 7 });
  const { settings, locationOf } = trackingSetup(s);
  await useSettings(s, settings);
  s.xero.org().setTrackingOptionStatus('Location', 'Bondi', 'ARCHIVED');
  const bondi = [...locationOf].find(([, name]) => name === 'Bondi')?.[0];

  const run = await s.cli(['sync', '--once', '--json']);
  expect(run.code).toBe(2);
  const attention = JSON.parse((await s.cli(['log', '--json', '--state', 'needs_attention'])).stdout) as {
    invoiceNumber: string;
    error: string;
  }[];
  const bondiInvoices = s.cliniko.store
    .list('invoices')
    .filter(
      (i) => i.issue_date >= settings.syncFrom && i.archived_at === null && idFromLink(i.business) === bondi,
    );
  expect(bondiInvoices.length).toBeGreaterThan(0);
  expect(attention.map((a) => a.invoiceNumber).sort()).toEqual(
    bondiInvoices.map((i) => `CL-${i.number}`).sort(),
  );
  for (const a of attention)
    expect(a.error).toMatch(
      /^Invoice CL-\d+: the Xero tracking option "Bondi" for location ".+" in category "Location" is archived\. Choose an active option in Mappings → Tracking, then retry\.$/,
    );
  // Caught before sending: Xero never saw (or refused) them.
  for (const i of bondiInvoices) expect(s.xero.org().invoice(`CL-${i.number}`)).toBeUndefined();
  expect(summaryOf(run).synced).toBeGreaterThan(0);
});
