/**
 * SIGKILL at the credit-note write boundaries (the create batch, the allocations), then restart:
 * every Cliniko credit note is one Xero credit note, allocated once, exactly as in a run without kills
 * (issue 14 items 5 and 6, docs/decisions/023).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { XeroSim } from '../../simulators/xero/index.js';
import {
  cleanup,
  runCli,
  spawnCli,
  startWorld,
  summaryOf,
  type World,
  type WorldOptions,
} from './harness.js';

afterEach(cleanup);

const base: WorldOptions = {
  invoices: 160,
  seed: 31,
  // Each Xero call takes ≥ 30 ms so kills land mid-call.
  xero: { timeScale: 60, latencyMs: 30 },
  settings: { syncFrom: '2024-01-01' },
};
const fast = { CXS_RETRY_BASE_MS: '200' };

/** Every other open or paid invoice gets a full credit note (the same ones in every world). */
function creditSome(w: World): number {
  const store = w.cliniko.store;
  const picks = store
    .list('invoices')
    .filter(
      (i) => (i.status === 10 || i.status === 20) && i.archived_at === null && i.total_amount !== '0.00',
    )
    .filter((_, k) => k % 2 === 0);
  for (const inv of picks) store.createCreditNote(inv.id);
  return picks.length;
}

/** Credit notes without Xero's ids: number, total, what is left, and each allocation's invoice and amount. */
function creditNotes(x: XeroSim): string[] {
  const org = x.org();
  const number = new Map(org.invoices().map((i) => [i.InvoiceID, i.InvoiceNumber]));
  return org
    .creditNotes()
    .map(
      (c) =>
        `${c.CreditNoteNumber} ${c.Status} ${c.Total} left ${c.RemainingCredit} ` +
        c.Allocations.filter((a) => !a.IsDeleted)
          .map((a) => `${number.get(a.InvoiceID)}:${a.Amount}`)
          .join(','),
    )
    .sort();
}

const creates = (x: XeroSim): number =>
  x.requests.filter((r) => r.method === 'PUT' && /\/CreditNotes\/?$/.test(r.path.split('?')[0] ?? '')).length;
const allocations = (x: XeroSim): number =>
  x.requests.filter((r) => r.method === 'PUT' && r.path.includes('/Allocations')).length;

describe('SIGKILL at the credit-note write boundaries, then restart', () => {
  it('zero duplicate credit notes or allocations; the same Xero as without kills', async () => {
    // A first sync sends the invoices; the credit notes are made in Cliniko after it.
    const clean = await startWorld(base);
    expect((await runCli(['sync', '--once', '--json'], clean.env, { extraEnv: fast })).code).toBe(0);
    const n = creditSome(clean);
    const ref = await runCli(['sync', '--once', '--json'], clean.env, { extraEnv: fast });
    expect(summaryOf(ref.stdout)).toMatchObject({ pending: 0, failed: 0, needsAttention: 0 });
    const want = creditNotes(clean.xero);
    expect(want).toHaveLength(n);
    expect(want.some((c) => c.includes(':'))).toBe(true); // some allocated (open invoices)

    const w = await startWorld(base);
    expect((await runCli(['sync', '--once', '--json'], w.env, { extraEnv: fast })).code).toBe(0);
    expect(creditSome(w)).toBe(n);
    const x = w.xero;
    const points: [string, () => boolean][] = [
      ['first credit-note batch', () => creates(x) >= 1],
      ['3 allocations', () => allocations(x) >= 3],
      ['12 allocations', () => allocations(x) >= 12],
    ];
    const kills: string[] = [];
    for (const [at, reached] of points) {
      const child = spawnCli(['sync', '--once', '--json'], w.env, fast);
      let exited = false;
      void child.exited.then(() => (exited = true));
      while (!exited && !reached()) await new Promise((r) => setTimeout(r, 2));
      if (!exited) {
        child.kill('SIGKILL');
        kills.push(at);
      }
      await child.exited;
    }
    console.log(`credit notes: killed at ${kills.join('; ')}`);
    expect(kills.length).toBeGreaterThanOrEqual(2);

    const last = await runCli(['sync', '--once', '--json'], w.env, { extraEnv: fast });
    expect(summaryOf(last.stdout)).toMatchObject({ pending: 0, failed: 0, needsAttention: 0 });
    expect(creditNotes(x)).toEqual(want);
  }, 240_000);
});
