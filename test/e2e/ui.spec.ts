/**
 * Issue 16 (items 2–8) and issue 13 (items 5, 9) end to end: the real `serve` against the simulators in
 * Chromium. Setup by keyboard with a reload in the middle of Xero's consent; every screen checked with
 * axe-core and for emoji; addresses for screens and filters (back, forward, reload, deep links); the
 * log's details in words; local formats; defaults and the mapping grid's bulk edit, Undo and CSV.
 * Screenshots go to test-results/e2e/screenshots/ (CXS_UPDATE_SCREENSHOTS=1 also to docs/screenshots/).
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, expectNoEmoji } from './axe.js';
import { startServe, type ServeProcess } from './serve-process.js';
import { rpc, startSims, type Sims } from './simulators.js';

test.describe.configure({ mode: 'serial' });
// axe-core is injected as a script: the app's CSP (rightly) forbids that, so this spec bypasses it.
test.use({ bypassCSP: true });

const SHOTS = path.resolve('test-results/e2e/screenshots');
const ARCHIVED = '205';
let sims: Sims;
let serve: ServeProcess;
let pageErrors: string[] = [];

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  if (process.env.CXS_UPDATE_SCREENSHOTS === '1') {
    mkdirSync('docs/screenshots', { recursive: true });
    copyFileSync(file, path.join('docs/screenshots', `${name}.png`));
  }
}

/** axe + no emoji on the screen as it is now. */
async function check(page: Page, screen: string): Promise<void> {
  await expectAccessible(page, screen);
  await expectNoEmoji(page, screen);
}

/** The app at an address inside it (the session token is kept for the tab after the first load). */
async function at(page: Page, hash: string): Promise<void> {
  if (!page.url().startsWith(serve.origin)) await page.goto(serve.address);
  await page.evaluate((h) => (window.location.hash = h), hash);
}

test.beforeAll(async () => {
  sims = await startSims({ invoices: 60, seed: 7, extraProducts: [{ prefix: 'Bulk Item', count: 12 }] });
  serve = await startServe({ ...sims.env, CXS_XERO_CALLBACK_TIMEOUT_MS: '120000' });
});

test.beforeEach(({ page }) => {
  pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(`${e.message}\n${e.stack ?? ''}`));
});
test.afterEach(() => expect(pageErrors).toEqual([]));

test.afterAll(async () => {
  await serve?.stop();
  await sims?.close();
});

test('setup from the keyboard; a reload keeps the step and the pending Xero consent', async ({
  page,
  context,
}) => {
  const pilates = sims.cliniko.store.list('billable_items').find((b) => b.name === 'Pilates Class');
  await page.goto(serve.address);
  await expect(page.getByRole('heading', { name: 'Set up clinic-xero-sync' })).toBeVisible();
  await expect(page).toHaveURL(/#\/setup\/cliniko$/);
  // The file store is in use: the wizard does not claim a keychain.
  await expect(page.getByText(/because this computer has no keychain the app can use/)).toBeVisible();
  await check(page, 'setup: Cliniko');

  // Keyboard only: type the key, Enter submits the step.
  await page.getByLabel('Cliniko API key').focus();
  await page.keyboard.type(sims.cliniko.apiKey);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Connect to Xero' })).toBeFocused();
  await expect(page).toHaveURL(/#\/setup\/xero$/);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  const link = page.getByTestId('xero-consent-link');
  await expect(link).toBeVisible();
  const consentUrl = (await link.getAttribute('href')) ?? '';

  // Reload while the consent is pending: same step, still waiting, same link.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Connect to Xero' })).toBeVisible();
  await expect(page.getByTestId('xero-waiting')).toBeVisible();
  await expect(page.getByTestId('xero-consent-link')).toHaveAttribute('href', consentUrl);
  await check(page, 'setup: waiting for Xero');

  const consent = await context.newPage();
  await consent.goto(consentUrl);
  await consent.getByRole('button', { name: 'Allow access' }).click();
  await consent.waitForLoadState();
  await consent.close();

  await expect(page.getByRole('heading', { name: 'Choose the organisation' })).toBeFocused({
    timeout: 30_000,
  });
  await check(page, 'setup: organisation');
  // Back and forward move between steps.
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Connect to Xero' })).toBeVisible();
  await page.goForward();
  await expect(page.getByRole('heading', { name: 'Choose the organisation' })).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).focus();
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { name: 'Default accounts' })).toBeFocused();
  await expect(page.getByLabel('Services (billable items) account')).toHaveValue('200');
  await check(page, 'setup: defaults');
  await page.getByRole('button', { name: 'Next' }).focus();
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { name: 'Sync invoices from' })).toBeFocused();
  // Reload on the last step keeps the chosen defaults (and the step).
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sync invoices from' })).toBeVisible();
  const from = page.getByLabel('Sync invoices from');
  // The clinic's format (en-AU), not the computer's: dd/mm/yyyy.
  await expect(from).toHaveAttribute('placeholder', 'dd/mm/yyyy');
  await from.fill('01/07/2024');
  await check(page, 'setup: start');
  await shot(page, '13-setup-start-local-date');
  expect(
    (
      await rpc(serve.address, 'settings.update', {
        patch: { billableItems: { [pilates!.id]: { accountCode: ARCHIVED } } },
      })
    ).ok,
  ).toBe(true);
  await from.press('Enter');
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page).toHaveURL(/#\/dashboard$/);
  const settings = (await rpc(serve.address, 'settings.get', {})).result as {
    settings: { syncFrom: string; defaults: { serviceAccountCode: string } };
  };
  expect(settings.settings.syncFrom).toBe('2024-07-01');
  expect(settings.settings.defaults.serviceAccountCode).toBe('200');
  await expect.poll(() => sims.xero.org().invoiceCount(), { timeout: 60_000 }).toBeGreaterThan(10);
});

test('every screen: axe-core finds no serious or critical problem, and no emoji', async ({ page }) => {
  await at(page, '#/dashboard');
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  // Dates and times in the clinic's format and zone.
  await expect(page.getByTestId('last-sync')).toHaveText(/^\d\d\/\d\d\/\d{4}, \d{1,2}:\d\d\s?[ap]m \S+/, {
    timeout: 30_000,
  });
  await check(page, 'dashboard');
  for (const [hash, heading] of [
    ['#/log', 'Sync log'],
    ['#/payments', 'Payments'],
    ['#/settings', 'Settings'],
    ['#/reconcile', 'Reconcile Cliniko with Xero'],
    ['#/mappings/billableItems', 'Mappings'],
    ['#/mappings/products', 'Mappings'],
    ['#/mappings/practitioners', 'Mappings'],
    ['#/mappings/paymentTypes', 'Mappings'],
    ['#/mappings/taxRates', 'Mappings'],
    ['#/mappings/defaults', 'Mappings'],
    ['#/mappings/tracking', 'Mappings'],
  ] as const) {
    await at(page, hash);
    await expect(page.getByRole('heading', { name: heading, exact: true })).toBeVisible();
    await expect(page.getByText(/^Loading/)).toHaveCount(0, { timeout: 15_000 });
    await check(page, hash);
  }
  // The nav link of the open screen says so.
  await expect(
    page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Mappings' }),
  ).toHaveAttribute('aria-current', 'page');
});

test('log: the problem leads with the fix; details in words; Fix this opens the exact mapping row', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  // A deep link, as a notification opens it.
  await at(page, '#/log?state=needs_attention');
  await expect(page.getByLabel('State')).toHaveValue('needs_attention');
  const grid = page.getByTestId('log-grid');
  const row = grid.locator('.ag-row', { hasText: 'Pilates Class' }).first();
  const problem = row.locator('[col-id="error"]');
  await expect(problem).toHaveText(
    /^Choose another account for billable item "Pilates Class" in Mappings: /,
    {
      timeout: 30_000,
    },
  );
  const number = ((await row.locator('[col-id="invoiceNumber"]').textContent()) ?? '').trim();
  expect(number).not.toBe('');
  await expect(problem).not.toContainText(number);

  // Keyboard: focus a cell, Enter opens the details; the grid keeps all its columns (overlay).
  await row.locator('[col-id="patientName"]').focus();
  await page.keyboard.press('Enter');
  const details = page.getByTestId('log-details');
  await expect(details.getByTestId('detail-state')).toHaveText('Needs attention');
  await expect(page).toHaveURL(/open=\d+/);
  await expect(grid.locator('.ag-header-cell[col-id="totalCents"]')).toBeInViewport();
  const total = grid.locator('.ag-row [col-id="totalCents"]').first();
  await expect(total).toHaveText(/^-?\$[\d,]+\.\d\d$/);
  // The invoice as the bookkeeper knows it; the raw records only behind a disclosure.
  await expect(details.getByRole('table')).toContainText('Pilates Class');
  await expect(details.getByText('Subtotal (ex tax)')).toBeVisible();
  await expect(details.getByTestId('xero-words')).toHaveText('Nothing has been sent to Xero yet.');
  await expect(details.locator('pre')).toBeHidden();
  await expect(details.getByText(/srcHash/)).toBeHidden();
  await expect(details.getByText(/Updated/)).toBeVisible();
  await expect(details.locator('dd', { hasText: /\d\s?[ap]m \S+$/ })).toHaveCount(1);
  await check(page, 'log details (needs attention)');
  await shot(page, '14-log-details-in-words');

  // Reload keeps the filter and the open record.
  await page.reload();
  await expect(page.getByTestId('log-details').getByTestId('detail-state')).toHaveText('Needs attention');
  await expect(page.getByLabel('State')).toHaveValue('needs_attention');

  await page.getByTestId('log-details').getByRole('button', { name: 'Fix this' }).click();
  await expect(page).toHaveURL(/#\/mappings\/billableItems\?row=\d+/);
  const focused = page.getByTestId('mapping-grid').locator('.ag-cell-focus');
  await expect(focused).toHaveAttribute('col-id', 'value');
  await expect(
    page.getByTestId('mapping-grid').locator('.ag-row', { has: page.locator('.ag-cell-focus') }),
  ).toContainText('Pilates Class');
  // Back returns to the record.
  await page.goBack();
  await expect(page.getByTestId('log-details').getByTestId('detail-state')).toHaveText('Needs attention');
});

test('log: a payment shows its own date, type, account and amount; filters have addresses', async ({
  page,
}) => {
  await at(page, '#/log?type=payment&state=synced');
  const grid = page.getByTestId('log-grid');
  await expect(grid.getByText('Synced').first()).toBeVisible({ timeout: 30_000 });
  await grid.locator('.ag-row').first().click();
  const facts = page.getByTestId('log-details').getByTestId('payment-facts');
  await expect(facts).toContainText('Paid on');
  await expect(facts.locator('dd').nth(0)).toHaveText(/^\d\d\/\d\d\/\d{4}$/);
  await expect(facts.locator('dd').nth(1)).toHaveText(/\S/);
  await expect(facts.locator('dd').nth(2)).toHaveText(/^\d+ — /);
  await expect(facts.locator('dd').nth(3)).toHaveText(/^\$[\d,]+\.\d\d/);
  await expect(page.getByTestId('log-details').getByTestId('xero-words')).toHaveText(/^Xero accepted it/);
  await check(page, 'log details (payment)');

  // Back/forward walk the filter changes.
  await page.getByLabel('Type').selectOption('contact');
  await expect(page).toHaveURL(/type=contact/);
  await page.goBack();
  await expect(page.getByLabel('Type')).toHaveValue('payment');
  await page.goForward();
  await expect(page.getByLabel('Type')).toHaveValue('contact');
  // A typed date reads the clinic's way and is in the address as a date.
  await page.getByLabel('From').fill('01/01/2025');
  await expect(page).toHaveURL(/from=2025-01-01/);
  await page.reload();
  await expect(page.getByLabel('From')).toHaveValue('01/01/2025');
  await expect(page.getByTestId('log-total')).toHaveText(/^\d[\d,]* records?$/);
});

test('mappings: defaults editable; count follows the filter; bulk says what it changes and can be undone', async ({
  page,
}) => {
  await at(page, '#/mappings/products');
  const grid = page.getByTestId('mapping-grid');
  await expect(grid.locator('.ag-header-cell', { hasText: 'Price (ex tax)' })).toBeVisible();
  await expect(grid.locator('.ag-header-cell', { hasText: 'Item code' })).toBeVisible();
  const counts = page.getByTestId('mapping-counts');
  await expect(counts).toHaveText(/^\d+ rows · /);
  const all = Number(/^(\d+)/.exec((await counts.textContent()) ?? '')?.[1]);
  await page.getByLabel('Filter').fill('Bulk Item');
  await expect(counts).toHaveText(new RegExp(`^12 of ${all} rows`));
  await expect(page).toHaveURL(/#\/mappings\/products\?q=Bulk/);
  // Each tab has its own filter: Taxes opens unfiltered, and back on Products the filter is still there.
  await page.getByRole('tab', { name: 'Taxes' }).click();
  await expect(page.getByLabel('Filter')).toHaveValue('');
  await expect(grid.locator('.ag-header-cell[col-id="name"] .ag-header-cell-text')).toHaveText('Tax');
  await expect(grid.getByText('Taxe', { exact: true })).toHaveCount(0);
  await page.getByRole('tab', { name: 'Products' }).click();
  await expect(page.getByLabel('Filter')).toHaveValue('Bulk Item');

  // Bulk: the bar is in the same place with or without a selection, and says what will change.
  const bar = page.getByRole('group', { name: 'Change the selected rows' });
  const before = await bar.boundingBox();
  await grid.locator('.ag-header-select-all').click();
  await expect(page.getByTestId('selected-count')).toHaveText('12 selected');
  await page.getByLabel('Value for the selected rows').selectOption('211');
  expect(await bar.boundingBox()).toEqual(before);
  await expect(page.getByTestId('bulk-preview')).toHaveText(/^Will set 12 products to 211 — /);
  await check(page, 'mappings bulk');
  await shot(page, '15-mappings-bulk-preview');
  await page.getByRole('button', { name: 'Apply to selected' }).click();
  await expect(page.getByTestId('undo-note')).toContainText('Changed 12 products to 211');
  const mapped = async () => {
    const s = (await rpc(serve.address, 'settings.get', {})).result as {
      settings: { products: Record<string, { accountCode: string }> };
    };
    return Object.values(s.settings.products).filter((p) => p.accountCode === '211').length;
  };
  expect(await mapped()).toBe(12);
  await page.getByTestId('undo-note').getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('undo-note')).toHaveCount(0);
  expect(await mapped()).toBe(0);

  // Defaults: editable on their own tab, with the core's finding.
  await page.getByRole('tab', { name: 'Defaults' }).click();
  await expect(page).toHaveURL(/#\/mappings\/defaults/);
  const products = page.getByLabel('Products account');
  const next = (await products.inputValue()) === '200' ? '211' : '200';
  await products.selectOption(next);
  await page.getByRole('button', { name: 'Save defaults' }).click();
  await expect(page.getByText('Defaults saved.')).toBeVisible();
  await check(page, 'mappings defaults');
  await shot(page, '16-mappings-defaults');
  // …and in Settings.
  await at(page, '#/settings');
  await expect(page.getByRole('heading', { name: 'Defaults' })).toBeVisible();
  await expect(page.getByLabel('Products account')).toHaveValue(next);
});

test('mappings: export as CSV, edit, import shows the changes first', async ({ page }) => {
  await at(page, '#/mappings/products?q=Bulk%20Item%20001');
  await expect(page.getByTestId('mapping-counts')).toHaveText(/^1 of /);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = readFileSync((await download.path()) ?? '', 'utf8');
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
  const target = parsed.data.find((r) => r['Name'] === 'Bulk Item 001');
  expect(target?.['Tab']).toBe('Products');
  target!['Xero code'] = '211';
  const edited = Papa.unparse(parsed.data);
  await page.getByLabel('Mappings CSV file').setInputFiles({
    name: 'mappings.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(edited),
  });
  const plan = page.getByTestId('csv-plan');
  await expect(plan).toContainText('1 change');
  await expect(plan).toContainText('Bulk Item 001: inherit → 211');
  await check(page, 'mappings CSV import');
  await plan.getByRole('button', { name: 'Apply 1 change' }).click();
  await expect(page.getByTestId('undo-note')).toContainText('1 row from the CSV file');
  const row = page.getByTestId('mapping-grid').locator('.ag-row', { hasText: 'Bulk Item 001' });
  await expect(row.locator('[col-id="value"]')).toHaveText(/^211 — /);
});

test('keyboard: tabs move with the arrow keys; the mapping grid edits from the keyboard', async ({
  page,
}) => {
  await at(page, '#/mappings/billableItems');
  await page.getByRole('tab', { name: 'Billable items' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Products' })).toBeFocused();
  await expect(page).toHaveURL(/#\/mappings\/products/);
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('tab', { name: 'Billable items' })).toHaveAttribute('aria-selected', 'true');
  const grid = page.getByTestId('mapping-grid');
  const cell = grid
    .locator('.ag-row', { hasText: 'Initial Consultation' })
    .first()
    .locator('[col-id="value"]');
  await cell.click();
  await page.keyboard.press('Enter');
  const editor = page.getByRole('combobox', { name: /^Xero account for Initial Consultation/ });
  await expect(editor).toBeFocused();
  await editor.selectOption('200');
  await page.keyboard.press('Enter');
  await expect(cell).toHaveText('200 — Sales');
  // Enter kept the value and moved down a row (as in a spreadsheet); back up, Delete clears it.
  await page.keyboard.press('ArrowUp');
  await expect(page.locator('.ag-row', { has: page.locator('.ag-cell-focus') })).toContainText(
    'Initial Consultation',
  );
  await page.keyboard.press('Delete');
  await expect(cell).toHaveText(/\(services default\)/);
});
