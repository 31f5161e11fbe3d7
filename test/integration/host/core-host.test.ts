/**
 * The desktop app's process boundary, proven under Node: the core host forked as a child
 * (`child_process.fork`, the same entry and messages Electron's utilityProcess runs), every
 * contract method and event through it, and a SIGKILL mid-sync followed by a restart that loses
 * nothing. Simulators live in this process, so they outlive the killed child.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { methodNames, type EventName, type Events, type MethodName } from '../../../shared/api.js';
import { CoreHostClient, type CoreHostOptions } from '../../../electron/core/host/client.js';
import { forkNodeCoreHost } from '../../../electron/core/host/fork-node.js';
import {
  cleanup,
  duplicatesIn,
  noDuplicates,
  openService,
  startWorld,
  until,
  type World,
} from '../exactly-once/harness.js';
import { patiently } from '../../support/waits.js';

const clients: CoreHostClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await cleanup();
});

function host(world: World, platform: CoreHostOptions['platform'] = {}): CoreHostClient {
  const c = new CoreHostClient({
    spawn: () => forkNodeCoreHost({ env: { PATH: process.env.PATH, HOME: process.env.HOME, ...world.env } }),
    mode: 'electron',
    dataDir: world.dataDir,
    platform,
    restartMs: { first: 100, max: 1000 },
  });
  clients.push(c);
  return c;
}

/** Every event the contract names: a new one makes this a compile error until the test sees it. */
const everyEvent = {
  'status.changed': true,
  'ui.navigate': true,
  'xero.connect.result': true,
  'sync.progress': true,
  'log.changed': true,
  'lock.changed': true,
  // Only while `sync.once` waits for the lock or Xero's limiter: not every run sees one.
  'sync.waiting': true,
} satisfies Record<EventName, true>;

async function settled(c: CoreHostClient): Promise<void> {
  for (;;) {
    const s = await c.status();
    if (s.sync !== 'syncing' && s.counts.pending === 0 && s.lastSyncAt !== null) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('core host (a forked child, as the desktop app runs it in a utilityProcess)', () => {
  it('round-trips every contract method and every event', async () => {
    const w = await startWorld({ invoices: 30, seed: 5 });
    const opened: { op: string; arg: string }[] = [];
    const c = host(w, {
      openExternal: async (url) => void opened.push({ op: 'openExternal', arg: url }),
      openPath: async (p) => void opened.push({ op: 'openPath', arg: p }),
    });
    const seen = new Map<EventName, unknown>();
    c.bus.onAny((name, payload) => seen.set(name, payload));
    await c.start();
    expect(c.pid).not.toBe(process.pid);

    const called = new Set<MethodName>();
    const call = async <R = Record<string, unknown>>(
      method: MethodName,
      request: unknown = {},
    ): Promise<R> => {
      called.add(method);
      const r = await c.dispatch(method, request);
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.result as R;
    };

    // app.*: the info comes from the child's core, opening a folder is asked of the app.
    expect(await call('app.info')).toMatchObject({
      mode: 'electron',
      dataDir: w.dataDir,
      secretStore: 'file',
    });
    expect(await call('app.status')).toMatchObject({
      cliniko: { connected: true },
      xero: { connected: true },
    });
    const logs = await call<{ path: string; opened: boolean }>('app.openLogsFolder');
    expect(logs).toEqual({ path: path.join(w.dataDir, 'logs'), opened: true });
    expect(opened).toContainEqual({ op: 'openPath', arg: logs.path });

    // lock.*
    expect(await call('lock.status')).toEqual({ enabled: false, locked: false });
    expect(await call('lock.set', { pin: '2468' })).toMatchObject({ enabled: true });
    expect(await call('lock.lock')).toEqual({ enabled: true, locked: true });
    const refused = await c.dispatch('settings.update', { patch: { pollIntervalSeconds: 90 } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await call('lock.unlock', { pin: '2468' })).toEqual({ enabled: true, locked: false });
    expect(await call('lock.set', { pin: null, currentPin: '2468' })).toMatchObject({ enabled: false });

    // settings.*
    const got = await call<{ settings: { invoicePrefix: string }; ready: boolean }>('settings.get');
    expect(got).toMatchObject({ settings: { invoicePrefix: 'CL-' }, ready: true });
    const exported = await call<{ json: string }>('settings.export');
    expect(await call('settings.import', { json: exported.json })).toMatchObject({ ready: true });
    expect(await call('settings.update', { patch: { pollIntervalSeconds: 90 } })).toMatchObject({
      settings: { pollIntervalSeconds: 90 },
    });

    // references and the organisation
    expect(
      (await call<{ accounts: unknown[] }>('xero.refs', { refresh: true })).accounts.length,
    ).toBeGreaterThan(0);
    expect(await call('cliniko.refs', {})).toBeTypeOf('object');
    const tenants = await call<{ tenants: { tenantId: string }[]; chosen: string }>('xero.tenants');
    expect(tenants.chosen).toBe(w.tenantId);
    expect(await call('xero.chooseTenant', { tenantId: w.tenantId })).toMatchObject({ tenantId: w.tenantId });

    // sync.* and the log
    expect(await call('sync.now')).toEqual({ started: true });
    await settleWithin(() => settled(c));
    const inXero = w.xero.org().invoices().length;
    expect(inXero).toBeGreaterThan(10);
    const page = await call<{
      rows: { id: number; state: string; sourceId: string; invoiceNumber: string | null }[];
      total: number;
    }>('log.list', {
      offset: 0,
      limit: 100,
    });
    expect(page.rows.length).toBeGreaterThan(10);
    expect(page.rows.every((r) => r.state === 'synced')).toBe(true);
    const first = page.rows[0]!;
    expect(await call('log.get', { id: first.id })).toMatchObject({ id: first.id });
    expect(await call('log.retry', { id: first.id })).toMatchObject({ id: first.id });
    expect(await call('log.retryAll')).toMatchObject({ requeued: expect.any(Number) });
    expect((await call<{ rows: number }>('log.exportCsv', {})).rows).toBe(page.total);
    expect(await call('sync.backfill', { since: '2024-01-01' })).toMatchObject({
      started: expect.any(Boolean),
    });
    await settleWithin(() => settled(c));
    expect(await call('sync.pause')).toMatchObject({ sync: 'paused' });
    expect(await call('sync.resume')).toMatchObject({ sync: expect.not.stringMatching(/^paused$/) });

    // payments.*
    const report = 'Date,Amount,Invoice,Type\n2024-08-01,10.00,1,Cash\n';
    expect(await call('payments.inspect', { text: report })).toMatchObject({
      headers: ['Date', 'Amount', 'Invoice', 'Type'],
    });
    expect(
      await call('payments.import', {
        files: [{ name: 'report.csv', text: report }],
        dryRun: true,
        columns: { paidAt: 'Date', amount: 'Amount', invoiceNumber: 'Invoice', paymentType: 'Type' },
      }),
    ).toBeTypeOf('object');
    expect(await call('payments.history')).toMatchObject({ imports: [] });
    expect(await call('payments.missingDays')).toMatchObject({ mode: 'invoice' });

    // The clinic's locale, the mappings' findings, reconciliation, alerts, find/link and sync.once.
    expect(await call('app.clinic')).toMatchObject({ timeZone: expect.any(String) });
    expect(await call('mappings.check')).toMatchObject({ rows: expect.any(Array) });
    expect(await call('reconcile.cost', { from: '2024-01-01', to: '2024-01-31' })).toBeTypeOf('object');
    expect(await call('reconcile.run', { from: '2024-01-01', to: '2024-01-31' })).toBeTypeOf('object');
    expect(await call('alerts.status')).toEqual({ passwordSet: false });
    expect(await call('alerts.setPassword', { password: null })).toEqual({ passwordSet: false });
    called.add('alerts.test');
    // No SMTP server is set: refused with the reason, inside the child.
    expect(await c.dispatch('alerts.test', {})).toMatchObject({ ok: false });
    expect(await call('log.find', { invoice: String(first.invoiceNumber ?? first.sourceId) })).toBeTypeOf(
      'object',
    );
    called.add('log.link');
    // Not an invoice waiting on a number Xero holds: nothing to link.
    expect(await c.dispatch('log.link', { id: first.id })).toMatchObject({ ok: false });
    expect(await call('sync.once', { maxWaitSeconds: 5 })).toBeTypeOf('object');

    // xero.connect: the consent page is opened by the app; the outcome arrives as an event.
    const started = await call<{ authorizeUrl: string }>('xero.connect');
    expect(opened).toContainEqual({ op: 'openExternal', arg: started.authorizeUrl });
    const location = await w.xero.identity.approveConsent(started.authorizeUrl);
    await fetch(location).then((r) => r.text());
    await until(() => seen.has('xero.connect.result'), 60_000, 'xero.connect.result');
    expect(seen.get('xero.connect.result')).toMatchObject({ ok: true });

    // Disconnect and connect again (last: everything above needed the connections).
    expect(await call('xero.disconnect')).toMatchObject({ disconnected: true });
    expect(await call('cliniko.disconnect')).toEqual({ disconnected: true });
    expect(await call('cliniko.connect', { apiKey: w.cliniko.apiKey })).toMatchObject({
      account: expect.any(String),
    });

    // A request the contract refuses is refused in the child, not thrown across.
    expect(await c.dispatch('log.get', { id: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await c.dispatch('no.such', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });

    // The shell's own event (a notification clicked) reaches the same subscribers as the core's.
    c.bus.emit('ui.navigate', {
      screen: 'log',
      filter: { state: 'needs_attention' },
    } satisfies Events['ui.navigate']);
    expect([...called].sort()).toEqual([...methodNames].sort());
    const always = Object.keys(everyEvent).filter((e) => e !== 'sync.waiting');
    expect([...seen.keys()].filter((e) => e !== 'sync.waiting').sort()).toEqual(always.sort());
  }, 300_000);

  it('SIGKILL mid-sync: the child restarts by itself, the sync finishes, nothing lost or doubled', async () => {
    const w = await startWorld({
      invoices: 600,
      seed: 21,
      // Each Xero call takes ≥ 30 ms, so the kill lands in the middle of the invoice batches.
      xero: { timeScale: 60, latencyMs: 30 },
      settings: { syncFrom: '2024-01-01' },
    });
    const c = host(w);
    await c.start();
    const firstPid = c.pid;
    expect(await c.dispatch('sync.now', {})).toEqual({ ok: true, result: { started: true } });
    const invoiceWrites = (): number =>
      w.xero.requests.filter((r) => r.method === 'PUT' && r.path.startsWith('/api.xro/2.0/Invoices')).length;
    await until(() => invoiceWrites() >= 3, 120_000, 'three invoice batches');
    process.kill(firstPid!, 'SIGKILL');
    const sentBeforeKill = invoiceWrites();
    await until(() => c.restarts === 1 && c.pid !== undefined, 60_000, 'the restart');
    expect(c.pid).not.toBe(firstPid);

    // The app asks again (the tray's "Sync now"); the new child resumes from the ledger.
    const again = await c.dispatch('sync.now', {});
    expect(again.ok).toBe(true);
    await settleWithin(() => settled(c));
    const status = await c.status();
    expect(status.counts).toMatchObject({ pending: 0, failed: 0, needsAttention: 0 });

    const live = w.data.invoices.filter((i) => !i.archived_at && i.issue_date >= '2024-01-01');
    const org = w.xero.org();
    expect(duplicatesIn(w.xero)).toEqual(noDuplicates);
    expect(org.invoices().filter((i) => i.Type === 'ACCREC').length).toBe(live.length);
    expect(org.payments().length).toBe(live.filter((i) => i.status === 20).length);
    expect(invoiceWrites()).toBeGreaterThan(sentBeforeKill);
    await c.close();
    // Every record the ledger holds is synced: none was left behind by the kill.
    const service = openService(w.dataDir, w.env);
    try {
      expect(service.sync.ledger.counts()).toMatchObject({ pending: 0, failed: 0, needsAttention: 0 });
    } finally {
      await service.close();
    }
  }, 480_000);

  it('a core that cannot open the data folder says why, and is not restarted in a loop', async () => {
    const w = await startWorld({ invoices: 1 });
    const c = new CoreHostClient({
      spawn: () =>
        forkNodeCoreHost({
          env: { PATH: process.env.PATH, HOME: process.env.HOME, ...w.env, CXS_SECRET_STORE: 'bogus' },
        }),
      mode: 'electron',
      dataDir: w.dataDir,
    });
    clients.push(c);
    await expect(c.start()).rejects.toThrow(/CXS_SECRET_STORE must be "keychain" or "file"/);
    const r = await c.dispatch('app.info', {});
    expect(r.ok).toBe(false);
    expect(c.restarts).toBe(0);
  }, 120_000);
});

/** Resolves when `settledNow` does (it polls the child itself); fails only after a generous time. */
async function settleWithin(settledNow: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      settledNow(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the sync did not settle')), patiently.timeout * 4);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
