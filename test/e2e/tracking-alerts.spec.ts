/**
 * Issue 17's screens: Mappings → Tracking (options per location, archived ones flagged), the item code
 * column ("not in Xero inventory"), Settings → Item codes, and Settings → Email alerts with its test
 * email to a real SMTP server (STARTTLS, sign-in) started here.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startTestSmtp, type TestSmtp } from '../support/smtp.js';
import { connectThroughContract, e2eSettings } from './connected.js';
import { startServe, type ServeProcess } from './serve-process.js';
import { rpc, startSims, type Sims } from './simulators.js';

test.describe.configure({ mode: 'serial' });

const USER = 'alerts@clinic.example';
const PASSWORD = 'e2e-smtp-pass-7731';

let sims: Sims;
let serve: ServeProcess;
let smtp: TestSmtp;

test.beforeAll(async () => {
  sims = await startSims({ invoices: 20, seed: 5 });
  smtp = await startTestSmtp({ user: USER, pass: PASSWORD });
  // The serve process trusts the test server's certificate the standard Node way.
  serve = await startServe({ ...sims.env, NODE_EXTRA_CA_CERTS: smtp.certFile });
});

test.afterAll(async () => {
  await serve?.stop();
  await smtp?.close();
  await sims?.close();
});

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync('test-results/e2e/screenshots', { recursive: true });
  await page.screenshot({ path: path.resolve(`test-results/e2e/screenshots/${name}.png`), fullPage: true });
}

async function settingsNow(): Promise<Record<string, unknown>> {
  return ((await rpc(serve.address, 'settings.get', {})).result as { settings: Record<string, unknown> })
    .settings;
}

test('Mappings: item codes Xero lacks are marked; Tracking maps locations to options and flags an archived one', async ({
  page,
  context,
}) => {
  await connectThroughContract(serve, sims, context, e2eSettings());
  const store = sims.cliniko.store;
  const [known, unknown] = store
    .list('billable_items')
    .filter((b) => b.item_code !== '' && b.archived_at === null);
  if (!known || !unknown) throw new Error('seed: billable items with codes');
  sims.xero.org().addItem(known.item_code, known.name);
  sims.xero.org().setTrackingOptionStatus('Location', 'Surry Hills', 'ARCHIVED');

  await page.goto(serve.address);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Mappings' }).click();
  await page.getByRole('button', { name: 'Refresh from Cliniko and Xero' }).click();
  const grid = page.getByTestId('mapping-grid');
  const codeOf = (name: string) =>
    grid
      .locator('.ag-row')
      .filter({ has: page.getByRole('gridcell', { name, exact: true }) })
      .locator('[col-id="itemCode"]');
  await expect(codeOf(unknown.name)).toHaveText(`${unknown.item_code} — not in Xero inventory`);
  await expect(codeOf(known.name)).toHaveText(known.item_code);

  await page.getByRole('tab', { name: 'Tracking' }).click();
  const tab = page.getByTestId('tracking-tab');
  await tab.getByLabel('Xero category').first().selectOption({ label: 'Location' });
  await expect(tab.getByLabel('Option picked by')).toHaveValue('business');
  // Archived options are not offered.
  const sydney = tab.getByLabel('Option for Harbour Physio Sydney');
  await expect(sydney.locator('option')).toHaveText(['— no tracking —', 'Bondi', 'Parramatta']);
  await sydney.selectOption({ label: 'Bondi' });
  await tab.getByLabel('Option for Swan River Physio Perth').selectOption({ label: 'Parramatta' });
  await tab.getByRole('button', { name: 'Save tracking' }).click();
  await expect(tab.getByRole('status')).toHaveText('✓ Saved');

  const loc = sims.xero
    .org()
    .trackingCategories()
    .find((c) => c.Name === 'Location');
  const opt = (name: string) => loc?.Options.find((o) => o.Name === name)?.TrackingOptionID;
  const biz = (name: string) => store.list('businesses').find((b) => b.business_name === name)?.id ?? '';
  const saved = (await settingsNow()).tracking as { categories: unknown[]; unmappedIsError: boolean };
  expect(saved).toEqual({
    categories: [
      {
        trackingCategoryId: loc?.TrackingCategoryID,
        by: 'business',
        options: {
          [biz('Harbour Physio Sydney')]: opt('Bondi'),
          [biz('Swan River Physio Perth')]: opt('Parramatta'),
        },
      },
    ],
    unmappedIsError: false,
  });

  // An option archived in Xero after it was chosen is flagged with what to do.
  sims.xero.org().setTrackingOptionStatus('Location', 'Bondi', 'ARCHIVED');
  await page.getByRole('button', { name: 'Refresh from Cliniko and Xero' }).click();
  await page.getByRole('tab', { name: 'Tracking' }).click();
  await expect(tab.getByTestId('tracking-problem')).toHaveText(
    '⚠ Bondi is archived in Xero: choose an active option.',
  );
  await shot(page, '13-mappings-tracking');
});

test('Settings: item codes on/off; email alerts saved without the password, and a test email arrives', async ({
  page,
}) => {
  await page.goto(serve.address);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Settings' }).click();

  const items = page.getByRole('region', { name: 'Item codes' });
  await items.getByLabel('Send item codes to Xero').check();
  await expect.poll(async () => (await settingsNow()).sendItemCodes).toBe(true);

  const form = page.getByRole('form', { name: 'Email alerts' });
  // Nothing set up yet: the test email says what is missing.
  await form.getByRole('button', { name: 'Send test email' }).click();
  await expect(form.getByRole('alert')).toContainText('Email alerts are not set up: give the SMTP server');

  await form.getByLabel('Send email alerts').check();
  await form.getByLabel('SMTP server').fill(smtp.host);
  await form.getByLabel('Port').fill(String(smtp.port));
  await form.getByLabel('Security').selectOption('starttls');
  await form.getByLabel('SMTP user').fill(USER);
  await form.getByLabel('SMTP password').fill(PASSWORD);
  await form.getByLabel('From address').fill('sync@clinic.example');
  await form.getByLabel('Send to').fill('owner@clinic.example, books@clinic.example');
  await form.getByRole('button', { name: 'Save alert settings' }).click();
  await expect(form.getByRole('status')).toHaveText('✓ Saved');
  await expect(form.getByText('A password is stored in the keychain.')).toBeVisible();
  await expect(form.getByLabel('SMTP password')).toHaveValue('');

  const saved = await settingsNow();
  expect(saved.alerts).toEqual({
    enabled: true,
    smtpHost: smtp.host,
    smtpPort: smtp.port,
    smtpTls: 'starttls',
    smtpUser: USER,
    from: 'sync@clinic.example',
    to: ['owner@clinic.example', 'books@clinic.example'],
  });
  const exported = (await rpc(serve.address, 'settings.export', {})).result as { json: string };
  expect(exported.json).not.toContain(PASSWORD);

  // The test email goes with what is on screen (saved first).
  await form.getByLabel('Send to').fill('owner@clinic.example');
  await form.getByRole('button', { name: 'Send test email' }).click();
  await expect(form.getByRole('status')).toHaveText('✓ Test email sent to owner@clinic.example');
  expect(smtp.messages.map((m) => [m.subject, m.to, m.secure, m.user])).toEqual([
    ['clinic-xero-sync: test email', ['owner@clinic.example'], true, USER],
  ]);
  expect(((await settingsNow()).alerts as { to: string[] }).to).toEqual(['owner@clinic.example']);
  await shot(page, '14-settings-email-alerts');
});
