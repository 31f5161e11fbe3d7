/**
 * The app's screens end to end: the real CLI `serve` against the Cliniko and Xero simulators, driven
 * in Debian's Chromium. The tests run in order and share one clinic: setup → sync → fix a problem →
 * bulk mapping → log search/export → settings lock. Each screen is photographed into
 * test-results/e2e/screenshots/ (CXS_UPDATE_SCREENSHOTS=1 also copies them to docs/screenshots/).
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { expect, test, type Page } from '@playwright/test';
import { startServe, type ServeProcess } from './serve-process.js';
import { rpc, startSims, type Sims } from './simulators.js';

test.describe.configure({ mode: 'serial' });

const SHOTS = path.resolve('test-results/e2e/screenshots');
const BULK_PREFIX = 'Clinic Supply';
/** The simulator organisation's archived revenue account (test/simulators/xero/seed-org.ts). */
const ARCHIVED = '205';

let sims: Sims;
let serve: ServeProcess;

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  if (process.env.CXS_UPDATE_SCREENSHOTS === '1') {
    mkdirSync('docs/screenshots', { recursive: true });
    copyFileSync(file, path.join('docs/screenshots', `${name}.png`));
  }
}

async function open(page: Page, screen?: 'Dashboard' | 'Mappings' | 'Sync log' | 'Settings'): Promise<void> {
  await page.goto(serve.address);
  if (screen)
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: screen }).click();
}

test.beforeAll(async () => {
  sims = await startSims({
    invoices: 60,
    seed: 7,
    extraProducts: [
      { prefix: BULK_PREFIX, count: 50 },
      { prefix: 'Gift Card', count: 5 },
    ],
  });
  serve = await startServe({ ...sims.env, CXS_XERO_CALLBACK_TIMEOUT_MS: '60000' });
});

/** A script error in the page fails the test that caused it, with its message. */
let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(`${e.message}\n${e.stack ?? ''}`));
});
test.afterEach(() => {
  expect(pageErrors).toEqual([]);
});

test.afterAll(async () => {
  await serve?.stop();
  await sims?.close();
});

test('complete the setup wizard from nothing; invoices arrive in the log and in Xero', async ({
  page,
  context,
}) => {
  // The mapping problem of the demo: Pilates classes go to an archived account (set through the contract).
  const pilates = sims.cliniko.store.list('billable_items').find((b) => b.name === 'Pilates Class');
  expect(pilates).toBeDefined();
  await open(page);
  await expect(page.getByRole('heading', { name: 'Set up clinic-xero-sync' })).toBeVisible();
  // serve runs with CXS_SECRET_STORE=file here: the wizard names that file, never the keychain (issue 16).
  await expect(
    page.getByText(
      /the key is kept in a private file \(secrets\.json in .+\), because this computer has no keychain/,
    ),
  ).toBeVisible();
  await expect(page.getByText("this computer's keychain")).toHaveCount(0);
  await shot(page, '01-setup-cliniko');

  // A bad key is explained in plain words.
  await page.getByLabel('Cliniko API key').fill('not-a-real-key-au1');
  await page.getByRole('button', { name: 'Connect Cliniko' }).click();
  await expect(page.getByRole('alert')).toBeVisible();

  await page.getByLabel('Cliniko API key').fill(sims.cliniko.apiKey);
  await page.getByRole('button', { name: 'Connect Cliniko' }).click();
  await expect(page.getByRole('heading', { name: 'Connect to Xero' })).toBeVisible();

  // Xero consent: with CXS_BROWSER=none the app only shows the link; the test plays the browser.
  await page.getByRole('button', { name: 'Connect to Xero' }).click();
  const link = page.getByTestId('xero-consent-link');
  await expect(link).toBeVisible();
  await shot(page, '02-setup-xero-waiting');
  const consent = await context.newPage();
  await consent.goto((await link.getAttribute('href')) ?? '');
  await consent.getByRole('button', { name: 'Allow access' }).click();
  await consent.waitForLoadState();
  await consent.close();

  await expect(page.getByRole('heading', { name: 'Choose the organisation' })).toBeVisible();
  await expect(page.getByRole('radio', { name: sims.xero.tenants[0]?.name ?? '' })).toBeChecked();
  await page.getByRole('button', { name: 'Next' }).click();

  await expect(page.getByRole('heading', { name: 'Default accounts' })).toBeVisible();
  // Suggestions from the real chart of accounts.
  await expect(page.getByLabel('Services (billable items) account')).toHaveValue('200');
  await expect(page.getByLabel('Payments account')).not.toHaveValue('');
  await expect(page.getByLabel('Tax rate for tax-free lines')).toHaveValue('EXEMPTOUTPUT');
  await shot(page, '03-setup-defaults');
  await page.getByRole('button', { name: 'Next' }).click();

  expect(
    (
      await rpc(serve.address, 'settings.update', {
        patch: { billableItems: { [pilates!.id]: { accountCode: ARCHIVED } } },
      })
    ).ok,
  ).toBe(true);
  await expect(page.getByRole('heading', { name: 'Sync invoices from' })).toBeVisible();
  await page.getByLabel('Sync invoices from').fill('2024-07-01');
  await shot(page, '04-setup-start');
  await page.getByRole('button', { name: 'Start syncing' }).click();

  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect.poll(() => sims.xero.org().invoiceCount(), { timeout: 45_000 }).toBeGreaterThan(10);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Sync log' }).click();
  await expect(page.getByTestId('log-grid').getByText('Synced').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('log-total')).toHaveText(/\d+ records/);
});

test('dashboard shows health, counts and controls', async ({ page }) => {
  await open(page, 'Dashboard');
  await expect(page.getByRole('button', { name: 'Sync now' })).toBeEnabled();
  await expect(page.getByText(`Connected to ${sims.xero.tenants[0]?.name ?? ''}`)).toBeVisible();
  await expect(page.getByRole('button', { name: /Needs attention/ })).toBeVisible();
  await page.waitForTimeout(500);
  await shot(page, '05-dashboard');
});

test('fix a needs-attention invoice in the mapping grid and retry it', async ({ page }) => {
  await open(page, 'Sync log');
  await page.getByLabel('Type').selectOption('invoice');
  await page.getByLabel('State').selectOption('needs_attention');
  const grid = page.getByTestId('log-grid');
  await expect(grid.getByText('Needs attention').first()).toBeVisible({ timeout: 30_000 });
  // The infinite row model draws a row before its cells are filled: wait for the number itself.
  const firstNumber = grid.locator('.ag-row [col-id="invoiceNumber"]').first();
  await expect(firstNumber).toHaveText(/\S/, { timeout: 30_000 });
  const number = ((await firstNumber.textContent()) ?? '').trim();
  await grid.locator('.ag-row').first().click();
  const details = page.getByTestId('log-details');
  await expect(details.getByTestId('detail-state')).toHaveText('Needs attention');
  await expect(details.getByText('What went wrong')).toBeVisible();
  await shot(page, '06-log-needs-attention');

  // Mappings → Billable items: the Pilates row warns about the archived account; change it.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Mappings' }).click();
  const mapGrid = page.getByTestId('mapping-grid');
  const row = mapGrid.locator('.ag-row', { hasText: 'Pilates Class' });
  await expect(row.getByText(/is archived/)).toBeVisible();
  await shot(page, '07-mappings-warning');
  await row.locator('[col-id="value"]').dblclick();
  // Keyboard editing: the cell's editor is a native select (arrows / type-ahead, Enter keeps it).
  const editor = page.getByRole('combobox', { name: 'Xero account for Pilates Class' });
  await expect(editor).toBeFocused();
  await editor.selectOption('200');
  await editor.press('Enter');
  await expect(row.locator('[col-id="value"]')).toHaveText('200 — Sales');
  await expect(row.getByText(/is archived/)).toHaveCount(0);

  // Back to the record: Retry, then it is synced.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Sync log' }).click();
  await page.getByLabel('Search').fill(number);
  await expect(page.getByTestId('log-total')).toHaveText(/^[1-9]\d* records?$/);
  await grid.locator('.ag-row', { hasText: number }).first().click();
  await details.getByRole('button', { name: 'Retry' }).click();
  await expect(details.getByTestId('detail-state')).toHaveText('Synced', { timeout: 45_000 });
  expect(
    sims.xero.org().invoice(`${number}`) ??
      sims.xero
        .org()
        .invoices()
        .find((i) => i.InvoiceNumber.endsWith(number)),
  ).toBeDefined();

  // Delete on the cell clears the override: the row inherits the services default again.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Mappings' }).click();
  await row.locator('[col-id="value"]').click();
  await page.keyboard.press('Delete');
  await expect(row.locator('[col-id="value"]')).toHaveText(/\(services default\)/);
});

test('bulk-assign an account to 50 selected products', async ({ page }) => {
  await open(page, 'Mappings');
  await page.getByRole('tab', { name: 'Products' }).click();
  await page.getByLabel('Filter').fill(BULK_PREFIX);
  const grid = page.getByTestId('mapping-grid');
  await expect(grid.locator('.ag-row', { hasText: `${BULK_PREFIX} 001` })).toBeVisible();
  await grid.locator('.ag-header-select-all').click();
  await expect(page.getByTestId('selected-count')).toHaveText('50 selected');
  await page.getByLabel('Value for the selected rows').selectOption('211');
  await shot(page, '08-mappings-bulk');
  await page.getByRole('button', { name: 'Apply to selected' }).click();
  await expect(page.getByTestId('selected-count')).toHaveText('0 selected');

  const res = await rpc(serve.address, 'settings.get', {});
  const products = (res.result as { settings: { products: Record<string, { accountCode: string }> } })
    .settings.products;
  const ids = sims.cliniko.store
    .list('products')
    .filter((p) => p.name.startsWith(BULK_PREFIX))
    .map((p) => p.id);
  expect(ids).toHaveLength(50);
  for (const id of ids) expect(products[id]).toEqual({ accountCode: '211' });
  // The five others were filtered out, so not selected.
  const others = sims.cliniko.store.list('products').filter((p) => p.name.startsWith('Gift Card'));
  for (const p of others) expect(products[p.id]).toBeUndefined();

  // "Unmapped only" hides them now.
  await page.getByLabel('Filter').fill('');
  // Its state lives in the address: the box turns checked once the route has changed.
  await page.getByLabel('Unmapped only').click();
  await expect(page.getByLabel('Unmapped only')).toBeChecked();
  await expect(grid.locator('.ag-row', { hasText: BULK_PREFIX })).toHaveCount(0);
  await expect(grid.locator('.ag-row', { hasText: 'Gift Card 001' })).toBeVisible();
});

test('search and filter the log, open details, export the CSV', async ({ page }) => {
  await open(page, 'Sync log');
  const grid = page.getByTestId('log-grid');
  await expect(grid.getByText('Synced').first()).toBeVisible();
  const firstPatient = grid.locator('.ag-row [col-id="patientName"]').first();
  await expect(firstPatient).toHaveText(/\S/);
  const patient = ((await firstPatient.textContent()) ?? '').trim();
  await page.getByLabel('Search').fill(patient);
  const names = grid.locator('.ag-row [col-id="patientName"]');
  await expect
    .poll(async () => {
      const all = await names.allTextContents();
      return all.length > 0 && all.every((c) => c.toLowerCase().includes(patient.toLowerCase()));
    })
    .toBe(true);
  await page.getByLabel('Search').fill('');
  await page.getByLabel('State').selectOption('synced');
  await page.getByLabel('From').fill('2025-01-01');
  await page.getByLabel('To').fill('2025-03-31');
  // Wait for the filtered page (every date in range) before reading its total. Dates read the AU way.
  const dates = grid.locator('.ag-row [col-id="issueDate"]');
  const inRange = (d: string) => {
    const iso = auToIso(d);
    return iso >= '2025-01-01' && iso <= '2025-03-31';
  };
  await expect
    .poll(async () => {
      const all = await dates.allTextContents();
      return all.length > 0 && all.every(inRange);
    })
    .toBe(true);
  // The date fields show the clinic's format, whatever was typed.
  await page.getByLabel('Search').focus();
  await expect(page.getByLabel('From')).toHaveValue('01/01/2025');
  // The count shown is the ledger's count for the same filters (asked below the UI).
  const expected = await rpc(serve.address, 'log.list', {
    sourceType: 'invoice',
    state: 'synced',
    from: '2025-01-01',
    to: '2025-03-31',
    offset: 0,
    limit: 1,
  });
  const total = (expected.result as { total: number }).total;
  expect(total).toBeGreaterThan(0);
  await expect(page.getByTestId('log-total')).toHaveText(`${total} ${total === 1 ? 'record' : 'records'}`);
  for (const d of await grid.locator('.ag-row [col-id="issueDate"]').allTextContents()) {
    expect(inRange(d)).toBe(true);
  }
  await grid.locator('.ag-row').first().click();
  const details = page.getByTestId('log-details');
  await expect(details.getByRole('table')).toBeVisible();
  await expect(details.getByText('Technical details')).toBeVisible();
  await expect(details.getByRole('link', { name: /Open in Xero/ })).toHaveAttribute('href', /.+/);
  await shot(page, '09-log-details');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = readFileSync((await download.path()) ?? '', 'utf8');
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
  expect(parsed.data).toHaveLength(total);
  expect(parsed.meta.fields).toContain('Total (AUD)');
  for (const r of parsed.data) {
    // Readable states, local dates, amounts a spreadsheet sums, times on the clinic's clock.
    expect(r['State']).toBe('Synced');
    expect(r['Issue date']).toMatch(/^\d\d\/\d\d\/\d{4}$/);
    expect(inRange(r['Issue date'] ?? '')).toBe(true);
    expect(r['Total (AUD)']).toMatch(/^-?\d+\.\d\d$/);
    const updated = Object.keys(r).find((k) => k.startsWith('Updated ('));
    expect(r[updated ?? '']).toMatch(/^\d\d\/\d\d\/\d{4}, \d{1,2}:\d\d\s?[ap]m \S+$/);
  }
});

/** "04/12/2026" → "2026-12-04". */
function auToIso(d: string): string {
  const m = /^(\d\d)\/(\d\d)\/(\d{4})$/.exec(d.trim());
  return m ? `${m[3]}-${m[2]}-${m[1]}` : '';
}

test('the settings lock refuses a mapping change through the contract', async ({ page }) => {
  await open(page, 'Settings');
  await expect(page.getByRole('heading', { name: 'Invoices in Xero' })).toBeVisible();
  await shot(page, '10-settings');
  await page.getByLabel('PIN', { exact: true }).fill('4321');
  await page.getByLabel('Repeat the PIN').fill('4321');
  await page.getByRole('button', { name: 'Turn on the lock' }).click();
  await expect(page.getByText('PIN saved. The settings lock is on.')).toBeVisible();
  await page.getByRole('button', { name: 'Lock now' }).first().click();
  await expect(page.getByRole('button', { name: /Locked — Unlock/ })).toBeVisible();

  // Below the UI: the core refuses the change itself.
  const item = sims.cliniko.store.list('billable_items')[0];
  const refused = await rpc(serve.address, 'settings.update', {
    patch: { billableItems: { [item!.id]: { accountCode: '200' } } },
  });
  expect(refused).toMatchObject({ ok: false, error: { code: 'locked' } });
  // Viewing and Sync now stay open.
  expect((await rpc(serve.address, 'settings.get', {})).ok).toBe(true);
  expect((await rpc(serve.address, 'sync.now', {})).ok).toBe(true);

  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Mappings' }).click();
  await expect(page.getByText(/Settings are locked: mappings can be viewed but not changed/)).toBeVisible();
  await shot(page, '11-mappings-locked');

  // Unlock with the PIN.
  await page.getByRole('button', { name: /Locked — Unlock/ }).click();
  await page.getByRole('dialog').getByLabel('PIN').fill('4321');
  await page.getByRole('dialog').getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('button', { name: /Unlocked — Lock now/ })).toBeVisible();
  expect((await rpc(serve.address, 'settings.update', { patch: { invoicePrefix: 'CL-' } })).ok).toBe(true);
});

test('a dashboard count opens the log filtered to that state', async ({ page }) => {
  await open(page, 'Dashboard');
  await page.getByRole('button', { name: /Needs attention/ }).click();
  await expect(page.getByRole('heading', { name: 'Sync log' })).toBeVisible();
  await expect(page.getByLabel('State')).toHaveValue('needs_attention');
});
