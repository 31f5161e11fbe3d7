// Issue 17, email alerts: a real SMTP server (STARTTLS, sign-in) started here, both simulators, the
// service in-process for the digest and the CLI for `alerts test`.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { FileSecretStore } from '../../../electron/core/secrets/file-store.js';
import { createService, type Service } from '../../../electron/core/service/create-service.js';
import { defaultSettings } from '../../../shared/settings.js';
import { startTestSmtp, type TestSmtp } from '../../support/smtp.js';
import { runCli } from '../connections/helpers.js';
import { cleanup, closeSims, setupSync, TEST_SETTINGS, type SyncSetup } from '../sync/helpers.js';

const USER = 'alerts@clinic.example';
const PASSWORD = 'correct-horse-battery-9417';

let smtp: TestSmtp | null = null;
const services: Service[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
  await smtp?.close();
  smtp = null;
  await closeSims();
  await cleanup();
});

const alertSettings = (server: TestSmtp) => ({
  enabled: true,
  smtpHost: server.host,
  smtpPort: server.port,
  smtpTls: 'starttls' as const,
  smtpUser: USER,
  from: 'sync@clinic.example',
  to: ['owner@clinic.example', 'books@clinic.example'],
});

/** Waits (generously: a slow machine must not fail it) until `ok()`, or throws saying what. */
async function until(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function openService(s: SyncSetup, server: TestSmtp, logged: string[]): Service {
  const svc = createService({
    mode: 'cli',
    dataDir: s.dir,
    secrets: new FileSecretStore(path.join(s.dir, 'secrets.json')),
    env: s.env,
    logError: (m, err) => logged.push(`${m} ${err instanceof Error ? err.message : String(err ?? '')}`),
    // Gather a burst for 300 ms; the hour between digests stays an hour.
    alerts: { mailer: { ca: server.cert, timeoutMs: 20_000 }, settleMs: 300 },
  });
  services.push(svc);
  return svc;
}

it('a burst of 30 invoices needing attention makes exactly one digest, retries none, and recovery one message; no secret in any', async () => {
  smtp = await startTestSmtp({ user: USER, pass: PASSWORD });
  const server = smtp;
  const s = await setupSync({ invoices: 220, seed: 5, settings: null });
  const store = s.cliniko.store;
  // A new product, mapped to an archived Xero account (205), added to 30 open invoices.
  const gst = store.list('taxes').find((t) => Number(t.rate) > 0);
  const product = store.createProduct({ name: 'Heat pack', price_ex_tax: '20.0', taxId: gst?.id ?? null });
  const victims = store
    .list('invoices')
    .filter((i) => i.issue_date >= '2024-09-01' && i.archived_at === null && i.status === 10)
    .slice(0, 30);
  expect(victims).toHaveLength(30);
  for (const inv of victims) store.createInvoiceItem(inv.id, { productId: product.id, quantity: 1 });

  const logged: string[] = [];
  const svc = openService(s, server, logged);
  svc.settings.importJson(
    JSON.stringify(
      TEST_SETTINGS({ products: { [product.id]: { accountCode: '205' } }, alerts: alertSettings(server) }),
    ),
  );
  expect(await svc.dispatch('alerts.setPassword', { password: PASSWORD })).toEqual({
    ok: true,
    result: { passwordSet: true },
  });

  await svc.sync.loop.runOnce();
  await until('the digest', () => server.messages.length >= 1);
  // Retries and more cycles within the hour: no further email.
  await svc.dispatch('log.retryAll', {});
  await svc.sync.loop.runOnce();
  await svc.sync.loop.runOnce();
  await svc.alerts.check();
  await new Promise((r) => setTimeout(r, 1500));
  expect(server.messages).toHaveLength(1);

  const digest = server.messages[0];
  if (!digest) throw new Error('no digest');
  expect(digest.secure).toBe(true);
  expect(digest.user).toBe(USER);
  expect(server.logins.every((l) => l.secure)).toBe(true);
  expect(digest.to).toEqual(['owner@clinic.example', 'books@clinic.example']);
  expect(digest.subject).toMatch(/: 30 invoices need attention$/);
  for (const inv of victims) {
    const line = digest.text.split('\n').find((l) => l.startsWith(`- Invoice CL-${inv.number} `));
    expect(line, `CL-${inv.number} in the digest`).toMatch(
      /^- Invoice CL-\d+ \(.+\): Invoice CL-\d+, line ".+": Xero account 205 .*archived.*Mappings, then retry\.$/,
    );
    expect(digest.html).toContain(`Invoice CL-${inv.number} (`);
  }
  for (const body of [digest.text, digest.html])
    expect(body).toContain('clinic-xero-sync://log?state=needs_attention');
  expect(digest.html).toContain('<a href="clinic-xero-sync://log?state=needs_attention">');

  // Recovery: the product mapped to an active account, the records retried, one more message.
  svc.settings.update({ products: { [product.id]: { accountCode: '210' } } });
  await svc.dispatch('log.retryAll', {});
  await svc.sync.loop.runOnce();
  await until('the recovery message', () => server.messages.length >= 2);
  await svc.sync.loop.runOnce();
  await new Promise((r) => setTimeout(r, 1500));
  expect(server.messages).toHaveLength(2);
  expect(server.messages[1]?.subject).toMatch(/all clear/);
  expect(server.messages[1]?.text).toMatch(/^Everything has recovered/);

  // No secret in a message, the settings, the logs or the ledger's alert state.
  const secrets = JSON.parse(await readFile(path.join(s.dir, 'secrets.json'), 'utf8')) as Record<
    string,
    string
  >;
  const tokens = JSON.parse(secrets['xero-token-set'] ?? '{}') as Record<string, unknown>;
  const forbidden = [
    PASSWORD,
    s.cliniko.apiKey,
    String(tokens['access_token'] ?? 'none'),
    String(tokens['refresh_token'] ?? 'none'),
  ];
  const settingsFile = await readFile(path.join(s.dir, 'settings.json'), 'utf8');
  const logFiles = await readdir(s.dir, { recursive: true });
  const logs = await Promise.all(
    logFiles.filter((f) => f.endsWith('.log')).map((f) => readFile(path.join(s.dir, f), 'utf8')),
  );
  for (const secret of forbidden) {
    for (const m of server.messages) expect(m.raw).not.toContain(secret);
    expect(settingsFile).not.toContain(secret);
    for (const l of [...logged, ...logs]) expect(l).not.toContain(secret);
  }
  expect(JSON.parse(settingsFile).alerts).toEqual(alertSettings(server));
}, 180_000);

it('`alerts test` sends a test email (exit 0); a wrong password or no server exits 1 with the reason, never the password', async () => {
  smtp = await startTestSmtp({ user: USER, pass: PASSWORD });
  const server = smtp;
  const s = await setupSync({
    invoices: 0,
    settings: { ...defaultSettings(), alerts: alertSettings(server) },
  });
  const env = { ...s.env, NODE_EXTRA_CA_CERTS: server.certFile };

  const noPassword = await runCli(['alerts', 'test'], env);
  expect(noPassword.code).toBe(1);
  expect(noPassword.stderr).toMatch(/No SMTP password is stored for alerts@clinic\.example/);

  const stored = await runCli(['alerts', 'password'], { ...env, SMTP_PASSWORD: PASSWORD });
  expect(stored.code).toBe(0);
  expect(stored.stdout).toBe('SMTP password stored securely.\n');

  const ok = await runCli(['alerts', 'test'], env);
  expect(ok.stderr).not.toMatch(/error/i);
  expect(ok.code).toBe(0);
  expect(ok.stdout).toBe('Test email sent to owner@clinic.example, books@clinic.example.\n');
  expect(server.messages).toHaveLength(1);
  expect(server.messages[0]?.subject).toBe('clinic-xero-sync: test email');
  expect(server.messages[0]?.secure).toBe(true);

  const wrong = 'wrong-password-5521';
  await runCli(['alerts', 'password'], { ...env, SMTP_PASSWORD: wrong });
  const refused = await runCli(['alerts', 'test'], env);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/refused the user name or password/);
  expect(refused.stderr + refused.stdout).not.toContain(wrong);

  await server.close();
  smtp = null;
  const down = await runCli(['alerts', 'test'], env);
  expect(down.code).toBe(1);
  expect(down.stderr).toMatch(/^Could not send the alert email: could not connect to localhost:\d+/m);
  expect(server.messages).toHaveLength(1);
  expect(await readFile(path.join(s.dir, 'settings.json'), 'utf8')).not.toContain(PASSWORD);
}, 180_000);
