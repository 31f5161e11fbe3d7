/**
 * `npm run bench:render` — how long the UI takes to show and to scroll big data, in Chromium against
 * the real `serve` (not a timed test: it prints numbers, it does not pass or fail).
 *
 * - Sync log: a ledger seeded with 100,000 invoice records (paged from the ledger by the AG Grid
 *   Infinite Row Model: 100 rows a block, never all at once).
 * - Mappings: the Cliniko simulator with 10,000 products, read into the app's Cliniko cache.
 *
 * For each: time from the navigation click to the first rows on screen, a jump to the middle / end
 * until its rows are drawn, and a continuous scroll (frame times measured in the page with
 * requestAnimationFrame). Env: CHROMIUM_PATH (default /usr/bin/chromium), BENCH_LOG_ROWS, BENCH_PRODUCTS.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { openLedger } from '../electron/core/ledger/index.js';
import type { WantedRecord } from '../electron/core/ledger/types.js';
import { startClinikoSim } from '../test/simulators/cliniko/index.js';
import { generateClinic } from '../test/simulators/seed/clinic.js';

const LOG_ROWS = Number(process.env.BENCH_LOG_ROWS ?? 100_000);
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 10_000);
const FIRST = ['Olivia', 'James', 'Mia', 'Noah', 'Aroha', 'Priya', 'Wei', 'Sofia', 'Liam', 'Zoe'];
const LAST = ['Smith', 'Nguyen', 'Patel', 'Chen', 'Kelly', "O'Brien", 'Ngata', 'Wilson', 'Singh', 'Brown'];

/** The few browser globals the page-side callbacks use (this program is typed for Node, without DOM). */
type El = {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
  textContent: string | null;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
  closest(sel: string): El | null;
  querySelector(sel: string): El | null;
};
type Win = {
  document: {
    querySelector(sel: string): El | null;
    querySelectorAll(sel: string): Iterable<El>;
    elementFromPoint(x: number, y: number): El | null;
  };
  requestAnimationFrame(cb: () => void): number;
};

const results: string[] = [];
function report(label: string, ms: number, extra = ''): void {
  const line = `${label.padEnd(52)} ${ms.toFixed(0).padStart(6)} ms${extra ? `   ${extra}` : ''}`;
  results.push(line);
  console.log(line);
}

function seedLedger(dataDir: string): number {
  const t = performance.now();
  const ledger = openLedger(path.join(dataDir, 'ledger.sqlite'));
  const CHUNK = 2000;
  for (let start = 0; start < LOG_ROWS; start += CHUNK) {
    const recs: WantedRecord[] = [];
    for (let i = start; i < Math.min(LOG_ROWS, start + CHUNK); i++) {
      recs.push({
        sourceType: 'invoice',
        sourceId: String(1_234_567_890_000_000_000n + BigInt(i)),
        tenantId: 'bench-tenant',
        wantHash: `h-${i}`,
        sourceSnapshot: { id: String(i), items: [{ name: 'Standard Consultation', amount: '85.00' }] },
        invoiceNumber: String(10_000 + i),
        patientName: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`,
        issueDate: `202${4 + ((i / 40_000) | 0)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
        totalCents: 5_000 + ((i * 37) % 20_000),
      });
    }
    ledger.upsertWanted(recs);
  }
  ledger.close();
  return performance.now() - t;
}

async function startServe(env: NodeJS.ProcessEnv): Promise<{ address: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli.ts', 'serve'], {
    env: { ...process.env, CXS_SECRET_STORE: 'file', CXS_BROWSER: 'none', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /serving on (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  return { address, stop: () => child.kill('SIGTERM') };
}

async function rpc(address: string, method: string, body: unknown): Promise<unknown> {
  const url = new URL(address);
  const token = /token=([^&]+)/.exec(url.hash)?.[1] ?? '';
  const res = await fetch(`${url.origin}/api/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-cxs-token': token },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { ok: boolean; result?: unknown; error?: { message: string } };
  if (!json.ok) throw new Error(`${method}: ${json.error?.message}`);
  return json.result;
}

/** Scrolls the grid's body by `step` px per animation frame for `frames` frames; returns frame times. */
async function scrollFrames(page: Page, grid: string, frames: number, step: number): Promise<number[]> {
  return page.evaluate(
    ([sel, n, px]) =>
      new Promise<number[]>((resolve) => {
        const w = globalThis as unknown as Win;
        const vp = [...w.document.querySelectorAll(`${sel} .ag-root *`)].reduce<El | null>(
          (b, e) => (e.scrollHeight - e.clientHeight > (b ? b.scrollHeight - b.clientHeight : 50) ? e : b),
          null,
        );
        if (!vp) throw new Error('no viewport');
        const times: number[] = [];
        let last = performance.now();
        let i = 0;
        const tick = (): void => {
          const now = performance.now();
          times.push(now - last);
          last = now;
          vp.scrollTop += px;
          if (++i < n) w.requestAnimationFrame(tick);
          else resolve(times.slice(1));
        };
        w.requestAnimationFrame(tick);
      }),
    [grid, frames, step] as const,
  );
}

function stats(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
  const long = times.filter((t) => t > 50).length;
  return `mean frame ${mean.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, ${long} frames > 50 ms, ~${(1000 / mean).toFixed(0)} fps`;
}

/** Jumps the grid to `fraction` of its height and times until that spot's rows have data. */
async function jump(page: Page, grid: string, fraction: number, col: string): Promise<number> {
  const t = performance.now();
  await page.evaluate(
    ([sel, f]) => {
      const vp = [
        ...(globalThis as unknown as Win).document.querySelectorAll(`${sel} .ag-root *`),
      ].reduce<El | null>(
        (b, e) => (e.scrollHeight - e.clientHeight > (b ? b.scrollHeight - b.clientHeight : 50) ? e : b),
        null,
      );
      if (vp) vp.scrollTop = (vp.scrollHeight - vp.clientHeight) * f;
    },
    [grid, fraction] as const,
  );
  await page
    .waitForFunction(
      ([sel, c]) => {
        const d = (globalThis as unknown as Win).document;
        const vp = [...d.querySelectorAll(`${sel} .ag-root *`)].reduce<El | null>(
          (b, e) => (e.scrollHeight - e.clientHeight > (b ? b.scrollHeight - b.clientHeight : 50) ? e : b),
          null,
        );
        if (!vp) return false;
        const box = vp.getBoundingClientRect();
        const el = d.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        const row = el?.closest('.ag-row');
        const cell = row?.querySelector(`[col-id="${c}"]`);
        return (
          !!cell && (cell.textContent ?? '').trim().length > 0 && !/Loading/.test(row?.textContent ?? '')
        );
      },
      [grid, col] as const,
      { polling: 'raf', timeout: 20_000 },
    )
    .catch(async (err: unknown) => {
      const seen = await page.evaluate(
        ([sel]) => {
          const d = (globalThis as unknown as Win).document;
          const vp = [...d.querySelectorAll(`${sel} .ag-root *`)].reduce<El | null>(
            (b, e) => (e.scrollHeight - e.clientHeight > (b ? b.scrollHeight - b.clientHeight : 50) ? e : b),
            null,
          );
          if (!vp) return 'no viewport';
          const box = vp.getBoundingClientRect();
          const el = d.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          return `scrollTop ${vp.scrollTop}/${vp.scrollHeight}; centre: ${el?.closest('.ag-row')?.textContent ?? el?.textContent ?? 'nothing'}`;
        },
        [grid] as const,
      );
      throw new Error(`rows not drawn after a jump to ${fraction}: ${seen}`, { cause: err });
    });
  return performance.now() - t;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cxs-bench-render-'));
  const build = await new Promise<number>((resolve) => {
    spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
      stdio: 'inherit',
    }).once('exit', (c) => resolve(c ?? 1));
  });
  if (build !== 0) throw new Error('vite build failed');

  console.log(
    `Seeding: ${LOG_ROWS.toLocaleString()} ledger records, ${PRODUCTS.toLocaleString()} Cliniko products…`,
  );
  report(`seed ledger (${LOG_ROWS.toLocaleString()} records)`, seedLedger(dataDir));
  const cliniko = await startClinikoSim({
    data: generateClinic({ invoices: 10, seed: 3 }),
    rateLimitPerMinute: 100_000,
  });
  for (let i = 1; i <= PRODUCTS; i++) {
    cliniko.store.createProduct({
      name: `Bench Product ${String(i).padStart(5, '0')}`,
      price_ex_tax: `${5 + (i % 90)}.00`,
      taxId: i % 3 ? '1' : null,
    });
  }
  const serve = await startServe({ CXS_DATA_DIR: dataDir, CXS_CLINIKO_API_URL: cliniko.url });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    await rpc(serve.address, 'cliniko.connect', { apiKey: cliniko.apiKey });
    let t = performance.now();
    await rpc(serve.address, 'cliniko.refs', { refresh: true });
    report(`read ${PRODUCTS.toLocaleString()} products from Cliniko (core, not UI)`, performance.now() - t);

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // tsx (esbuild keepNames) wraps named functions in __name(); give the page a no-op one.
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.goto(serve.address);
    await page.getByRole('button', { name: 'Set up later' }).click();
    const nav = page.getByRole('navigation', { name: 'Screens' });

    // --- Sync log, 100,000 records
    t = performance.now();
    await nav.getByRole('link', { name: 'Sync log' }).click();
    await page
      .locator('[data-testid="log-grid"] .ag-row[row-index="0"] [col-id="invoiceNumber"]')
      .filter({ hasText: /\d/ })
      .waitFor();
    report(`log: click → first rows shown (${LOG_ROWS.toLocaleString()} records)`, performance.now() - t);
    const totalText = await page.getByTestId('log-total').textContent();
    report(
      'log: jump to the middle → rows drawn',
      await jump(page, '[data-testid="log-grid"]', 0.5, 'invoiceNumber'),
    );
    report(
      'log: jump to the end → rows drawn',
      await jump(page, '[data-testid="log-grid"]', 1, 'invoiceNumber'),
    );
    await jump(page, '[data-testid="log-grid"]', 0, 'invoiceNumber');
    t = performance.now();
    const logFrames = await scrollFrames(page, '[data-testid="log-grid"]', 240, 120);
    report('log: continuous scroll, 240 frames × 120 px', performance.now() - t, stats(logFrames));
    t = performance.now();
    await page.getByLabel('Search').fill('Ngata');
    await page
      .getByTestId('log-total')
      .filter({ hasNotText: totalText ?? '' })
      .waitFor();
    report(
      'log: search "Ngata" → new total shown (300 ms debounce incl.)',
      performance.now() - t,
      (await page.getByTestId('log-total').textContent()) ?? '',
    );

    // --- Mappings, 10,000 products
    t = performance.now();
    await nav.getByRole('link', { name: 'Mappings' }).click();
    await page.getByRole('tab', { name: 'Products' }).click();
    await page.locator('[data-testid="mapping-grid"] .ag-row', { hasText: 'Bench Product 00001' }).waitFor();
    report(`mappings: click → ${PRODUCTS.toLocaleString()} product rows shown`, performance.now() - t);
    report(
      'mappings: jump to the middle → rows drawn',
      await jump(page, '[data-testid="mapping-grid"]', 0.5, 'name'),
    );
    report(
      'mappings: jump to the end → rows drawn',
      await jump(page, '[data-testid="mapping-grid"]', 1, 'name'),
    );
    await jump(page, '[data-testid="mapping-grid"]', 0, 'name');
    t = performance.now();
    const mapFrames = await scrollFrames(page, '[data-testid="mapping-grid"]', 240, 120);
    report('mappings: continuous scroll, 240 frames × 120 px', performance.now() - t, stats(mapFrames));
    t = performance.now();
    const target = `Bench Product ${String(PRODUCTS - 7).padStart(5, '0')}`;
    await page.getByLabel('Filter').fill(target);
    await page.getByTestId('mapping-grid').locator('.ag-row', { hasText: target }).waitFor();
    report(`mappings: quick filter over ${PRODUCTS.toLocaleString()} rows`, performance.now() - t);
    t = performance.now();
    await page.getByLabel('Filter').fill('');
    await page.getByLabel('Unmapped only').check();
    await page.getByTestId('mapping-grid').locator('.ag-row').first().waitFor();
    report('mappings: "Unmapped only" toggle', performance.now() - t);
    t = performance.now();
    await page.getByTestId('mapping-grid').locator('.ag-header-select-all').click();
    await page
      .getByTestId('selected-count')
      .filter({ hasText: /\d{4,} selected|[1-9]\d* selected/ })
      .waitFor();
    report(
      'mappings: select all (header checkbox)',
      performance.now() - t,
      (await page.getByTestId('selected-count').textContent()) ?? '',
    );
  } finally {
    await browser.close();
    serve.stop();
    await cliniko.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log('\nSummary (Chromium headless, 1280×800, this machine):');
  for (const r of results) console.log('  ' + r);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
