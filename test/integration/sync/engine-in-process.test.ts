/**
 * The engine in this process (no CLI spawned): one cycle against both simulators reaches the same
 * Xero state the CLI tests check, its phases follow the writers' dependency order (contacts →
 * invoices → payments → credit notes), and a second cycle makes no Xero call. Fast to run and to debug: a
 * breakpoint in a writer is hit here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncProgress } from '../../../shared/api.js';
import type { Service } from '../../../electron/core/service/create-service.js';
import { WRITERS } from '../../../electron/core/sync/writers/index.js';
import { cleanup, closeSims, setupSync, TEST_SETTINGS, type SyncSetup } from './helpers.js';
import { verifyXero } from './verify.js';

describe('the sync engine in-process, against the simulators', () => {
  let s: SyncSetup;
  let svc: Service;
  const phases: string[] = [];
  beforeAll(async () => {
    s = await setupSync({ invoices: 30, seed: 11 });
    svc = s.service();
    svc.bus.on('sync.progress', (p: SyncProgress) => {
      if (phases[phases.length - 1] !== p.phase) phases.push(p.phase);
    });
  }, 60_000);
  afterAll(async () => {
    await svc.close();
    await closeSims();
    await cleanup();
  });

  it('one cycle: every eligible invoice, contact and payment in Xero once, written in dependency order', async () => {
    const summary = await svc.sync.runCycle();
    expect(summary).toMatchObject({ failed: 0, needsAttention: 0, pending: 0 });
    expect(summary.synced).toBeGreaterThan(0);
    expect(summary.xeroCalls).toBeGreaterThan(0);
    const v = verifyXero(s.cliniko, s.xero, TEST_SETTINGS());
    expect(v.problems).toEqual([]);
    expect(v.eligible).toBeGreaterThan(10);

    // The writers' order is the dependency order, and the cycle runs them in it.
    expect(WRITERS.map((w) => w.phase)).toEqual(['contacts', 'invoices', 'payments', 'credit notes']);
    const written = phases.filter((p) => ['contacts', 'invoices', 'payments'].includes(p));
    expect(written.slice(0, 3)).toEqual(['contacts', 'invoices', 'payments']);
    expect(phases[0]).toBe('reading');
    expect(phases[phases.length - 1]).toBe('done');
  });

  it('a second cycle finds nothing to do and makes no Xero call', async () => {
    const summary = await svc.sync.runCycle();
    expect(summary.xeroCalls).toBe(0);
    expect(summary).toMatchObject({ failed: 0, needsAttention: 0, pending: 0 });
  });
});
