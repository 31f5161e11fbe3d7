// Issue 17: tracking options and item codes on mapped invoice lines, and their pre-flight.
import { describe, expect, it } from 'vitest';
import { parseInvoice, parseInvoiceItem } from '../cliniko/parse.js';
import type { Settings } from '../../../shared/settings.js';
import { itemCodeIndex, matchItemCode } from './item-codes.js';
import { mapInvoice, type InvoiceCatalog, type MapInvoiceInput } from './map-invoice.js';
import type { XeroTrackingCategory } from './map-tracking.js';
import {
  rawInvoice,
  readySettings,
  XERO_ACCOUNTS,
  XERO_TAX_RATES,
} from '../../../test/support/sync-fixtures.js';

const BASE = 'https://api.au1.cliniko.com/v1';
const TS = '2026-03-05T21:30:00Z';

const item = (id: string, over: Record<string, unknown>) =>
  parseInvoiceItem({
    id,
    name: 'Consultation',
    code: '',
    quantity: 1,
    unit_price: '100.0',
    discount_percentage: '0.0',
    discounted_amount: '0.0',
    is_monetary_discount: false,
    net_price: '100.0',
    tax_name: 'GST',
    tax_rate: '10.0',
    tax_amount: '10.0',
    total_including_tax: '110.0',
    invoice: { links: { self: `${BASE}/invoices/108` } },
    created_at: TS,
    updated_at: TS,
    ...over,
  });

const LINES = [
  item('1', { billable_item: { links: { self: `${BASE}/billable_items/1` } } }),
  item('2', { name: 'Foam roller', product: { links: { self: `${BASE}/products/7` } } }),
];

const catalog: InvoiceCatalog = {
  billableItems: { '1': { name: 'Consultation', taxId: '1', itemCode: 'CONS' } },
  products: { '7': { name: 'Foam roller', taxId: '1', itemCode: 'ROLL-1' } },
  practitioners: { '26': { displayName: 'Ann Lee' } },
  taxes: { '1': { name: 'GST', rate: '10' } },
  businesses: { '26': { name: 'Bondi Junction' } },
};

const CATS: XeroTrackingCategory[] = [
  {
    TrackingCategoryID: 'cat-loc',
    Name: 'Location',
    Status: 'ACTIVE',
    Options: [
      { TrackingOptionID: 'opt-bondi', Name: 'Bondi', Status: 'ACTIVE' },
      { TrackingOptionID: 'opt-old', Name: 'Old site', Status: 'ARCHIVED' },
    ],
  },
  {
    TrackingCategoryID: 'cat-prac',
    Name: 'Practitioner',
    Status: 'ACTIVE',
    Options: [{ TrackingOptionID: 'opt-ann', Name: 'Ann', Status: 'ACTIVE' }],
  },
];

const settingsWith = (over: Partial<Settings>): Settings => ({ ...readySettings(), ...over });

const input = (settings: Settings, extra: Partial<MapInvoiceInput['xero']> = {}): MapInvoiceInput => ({
  invoice: parseInvoice(rawInvoice('108', 22000, 2000)),
  items: LINES,
  settings,
  catalog,
  xero: { contactId: 'c', accounts: XERO_ACCOUNTS, taxRates: XERO_TAX_RATES, ...extra },
});

const bothCategories = settingsWith({
  tracking: {
    categories: [
      { trackingCategoryId: 'cat-loc', by: 'business', options: { '26': 'opt-bondi' } },
      { trackingCategoryId: 'cat-prac', by: 'practitioner', options: { '26': 'opt-ann' } },
    ],
    unmappedIsError: false,
  },
});

describe('tracking on lines', () => {
  it("every line carries the business's and the practitioner's option, by the names Xero has now", () => {
    const r = mapInvoice(input(bothCategories, { trackingCategories: CATS }));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    for (const l of r.payload.LineItems)
      expect(l.Tracking).toEqual([
        { Name: 'Location', Option: 'Bondi' },
        { Name: 'Practitioner', Option: 'Ann' },
      ]);
    // Tracking changes nothing else: same totals as without it.
    const plain = mapInvoice(input(readySettings()));
    if (!plain.ok) throw new Error('plain');
    expect(r.payload.LineItems.map(({ Tracking: _t, ...rest }) => rest)).toEqual(plain.payload.LineItems);
    expect(r.expected).toEqual(plain.expected);
  });

  it('an unmapped business sends no tracking for that category, or needs attention when set so', () => {
    const unmapped = settingsWith({
      tracking: {
        categories: [{ trackingCategoryId: 'cat-loc', by: 'business', options: { '99': 'opt-bondi' } }],
        unmappedIsError: false,
      },
    });
    const r = mapInvoice(input(unmapped, { trackingCategories: CATS }));
    if (!r.ok) throw new Error('should map');
    expect(r.payload.LineItems.every((l) => l.Tracking === undefined)).toBe(true);

    const strict = settingsWith({ tracking: { ...unmapped.tracking, unmappedIsError: true } });
    const e = mapInvoice(input(strict, { trackingCategories: CATS }));
    expect(e.ok).toBe(false);
    if (e.ok) return;
    expect(e.problems).toEqual([
      {
        code: 'tracking-unmapped',
        message:
          'Invoice 1042: location "Bondi Junction" has no option for Xero tracking category "Location". Choose one in Mappings → Tracking, then retry.',
        settingPath: 'tracking.categories.0.options.26',
      },
    ]);
  });

  it('pre-flight: an archived option, a deleted option and an archived category are caught with the fix', () => {
    const mapTo = (optionId: string, cats: XeroTrackingCategory[]) =>
      mapInvoice(
        input(
          settingsWith({
            tracking: {
              categories: [{ trackingCategoryId: 'cat-loc', by: 'business', options: { '26': optionId } }],
              unmappedIsError: false,
            },
          }),
          { trackingCategories: cats },
        ),
      );
    const archived = mapTo('opt-old', CATS);
    expect(archived.ok).toBe(false);
    if (!archived.ok)
      expect(archived.problems[0]?.message).toBe(
        'Invoice 1042: the Xero tracking option "Old site" for location "Bondi Junction" in category "Location" is archived. Choose an active option in Mappings → Tracking, then retry.',
      );
    const deleted = mapTo('opt-gone', CATS);
    if (deleted.ok) throw new Error('deleted option passed');
    expect(deleted.problems[0]).toMatchObject({ code: 'tracking-inactive' });
    expect(deleted.problems[0]?.message).toMatch(/is no longer in Xero/);
    const catArchived = mapTo('opt-bondi', [{ ...(CATS[0] as XeroTrackingCategory), Status: 'ARCHIVED' }]);
    if (catArchived.ok) throw new Error('archived category passed');
    expect(catArchived.problems[0]?.message).toBe(
      'Invoice 1042: Xero tracking category "Location" is archived. Choose an active category in Mappings → Tracking, then retry.',
    );
  });
});

describe('item codes on lines', () => {
  it("a code Xero has is sent in Xero's spelling; one it lacks is left off; account and tax stay ours", () => {
    const s = settingsWith({ sendItemCodes: true });
    const r = mapInvoice(input(s, { items: [{ Code: 'cons' }] }));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const [cons, roller] = r.payload.LineItems;
    expect(cons).toMatchObject({ ItemCode: 'cons', AccountCode: '200', TaxType: 'OUTPUT' });
    expect(roller?.ItemCode).toBeUndefined();
    expect(roller).toMatchObject({ AccountCode: '211', TaxType: 'OUTPUT' });
  });

  it('the setting off sends none, even for a code Xero has', () => {
    const r = mapInvoice(input(readySettings(), { items: [{ Code: 'CONS' }, { Code: 'ROLL-1' }] }));
    if (!r.ok) throw new Error('map');
    expect(r.payload.LineItems.every((l) => l.ItemCode === undefined)).toBe(true);
  });

  it('matching ignores case and surrounding spaces, and an empty code never matches', () => {
    const idx = itemCodeIndex([{ Code: 'Roll-1' }, { Code: '' }]);
    expect(matchItemCode(idx, ' roll-1 ')).toBe('Roll-1');
    expect(matchItemCode(idx, '')).toBeUndefined();
    expect(matchItemCode(idx, undefined)).toBeUndefined();
    expect(matchItemCode(idx, 'ROLL-2')).toBeUndefined();
  });
});
