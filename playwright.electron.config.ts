/**
 * Playwright for the desktop app itself (`_electron`): test/electron/*.spec.ts. Run through
 * `bash test/electron/run.sh` (part of `npm run test:e2e`), which builds the app first and says in
 * one line when there is no Electron binary to run it with.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './test/electron',
  testMatch: '*.spec.ts',
  outputDir: './test-results/electron',
  workers: 1,
  reporter: [['list']],
  timeout: 60_000,
});
