import { afterEach, describe, expect, it } from 'vitest';
import type { XeroSim } from '../../simulators/xero/index.js';
import {
  cleanup,
  duplicatesIn,
  fingerprint,
  noDuplicates,
  openService,
  runCli,
  spawnCli,
  startWorld,
  summaryOf,
  type WorldOptions,
} from './harness.js';

afterEach(cleanup);

const base: WorldOptions = {
  invoices: 1000,
  seed: 21,
  // A simulated minute lasts one real second; each Xero call takes ≥ 30 ms so kills land mid-call.
  xero: { timeScale: 60, latencyMs: 30 },
  // The steady sync starts in 2026: the history is sent by a backfill (--since), resumed after kills.
  settings: { syncFrom: '2026-01-01' },
};
const since = ['--since', '2024-01-01'];
const fast = { CXS_RETRY_BASE_MS: '200' };

const writes = (x: XeroSim, path: string): number =>
  x.requests.filter((r) => r.method === 'PUT' && r.path.startsWith(`/api.xro/2.0/${path}`)).length;

describe('SIGKILL at any point, then restart', () => {
  it('1,000 invoices, killed at 6 points (reading, contacts, invoices, payments): zero duplicates, everything synced', async () => {
    const clean = await startWorld(base);
    const ref = await runCli(['sync', '--once', '--json', ...since], clean.env, { extraEnv: fast });
    expect(ref.code).toBe(0);
    const want = fingerprint(clean.xero);
    expect(want.invoices.length).toBeGreaterThan(900);

    const w = await startWorld(base);
    const x = w.xero;
    const kills: { at: string; xeroWrites: number }[] = [];
    const points: [string, () => boolean][] = [
      ['reading Cliniko', () => w.cliniko.requests.filter((r) => r.path.includes('invoice')).length >= 3],
      ['first contacts batch', () => writes(x, 'Contacts') >= 1],
      ['3 invoice batches', () => writes(x, 'Invoices') >= 3],
      ['11 invoice batches', () => writes(x, 'Invoices') >= 11],
      ['2 payment batches', () => writes(x, 'Payments') >= 2],
      ['9 payment batches', () => writes(x, 'Payments') >= 9],
    ];
    for (const [i, [at, reached]] of points.entries()) {
      // The first run asks for the backfill; the restarts only say `sync --once`.
      const child = spawnCli(['sync', '--once', '--json', ...(i === 0 ? since : [])], w.env, fast);
      let exited = false;
      void child.exited.then(() => (exited = true));
      while (!exited && !reached()) await new Promise((r) => setTimeout(r, 2));
      if (!exited) {
        child.kill('SIGKILL');
        kills.push({ at, xeroWrites: x.requests.filter((r) => r.method === 'PUT').length });
      }
      const end = await child.exited;
      if (!exited) expect(end.signal).toBe('SIGKILL');
    }
    console.log(`killed at: ${kills.map((k) => `${k.at} (${k.xeroWrites} writes sent)`).join('; ')}`);
    expect(kills.length).toBeGreaterThanOrEqual(5);

    const last = await runCli(['sync', '--once', '--json'], w.env, { extraEnv: fast });
    expect(last.code).toBe(0);
    expect(summaryOf(last.stdout)).toMatchObject({ pending: 0, failed: 0, needsAttention: 0 });
    expect(duplicatesIn(x)).toEqual(noDuplicates);
    expect(fingerprint(x)).toEqual(want);
    // Kills landed between a send and its record: those batches were looked up in Xero and adopted.
    const service = openService(w.dataDir, w.env);
    const reconciled = service.sync.ledger.events({ limit: 5000 }).filter((e) => e.kind === 'reconcile');
    await service.close();
    console.log(`unfinished writes found after kills and checked in Xero: ${reconciled.length}`);
    expect(reconciled.length).toBeGreaterThanOrEqual(1);
    console.log(
      `after ${kills.length} kills: ${x.org().invoices().length} invoices, ${x.org().contacts().length} contacts, ` +
        `${x.org().payments().length} payments in Xero (same as the run without kills), 0 duplicates`,
    );
  }, 480_000);
});
