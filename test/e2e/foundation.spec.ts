import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { startServe, type ServeProcess } from './serve-process.js';

const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
let serve: ServeProcess;

test.beforeAll(async () => {
  serve = await startServe();
});

test.afterAll(async () => {
  await serve.stop();
});

test('the served UI shows the version and status fetched from the core', async ({ page }) => {
  await page.goto(serve.address);
  await expect(page.getByTestId('app-version')).toHaveText(`Version ${version}`);
  await expect(page.getByTestId('app-status')).toHaveText('Connect Cliniko to get started.');
  // The token is taken out of the address bar once read.
  expect(page.url()).not.toContain('token=');
});

test('a contract call without the session token is refused', async ({ page }) => {
  await page.goto(serve.origin + '/');
  await expect(page.getByRole('alert')).toContainText('#token=');
  const status = await page.evaluate(async () => {
    const res = await fetch('/api/rpc/app.status', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    return res.status;
  });
  expect(status).toBe(401);
});
