import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXeroSim, type XeroSim } from './index.js';
import { client, invoice, type Call } from './test-helpers.js';

let sim: XeroSim;
let call: Call;

beforeAll(async () => {
  sim = await startXeroSim();
  call = client(sim);
});
afterAll(async () => {
  await sim.close();
});

describe('server', () => {
  // Its start time is `npm run bench:sims`'s to judge.
  it('starts and binds 127.0.0.1 on a random port', async () => {
    const s = await startXeroSim({ organisations: [{ name: 'A' }, { name: 'B' }] });
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(s.url).not.toBe(sim.url);
      expect(s.tenants.map((x) => x.name)).toEqual(['A', 'B']);
      const port = new URL(s.url).port;
      // Not reachable on any non-loopback interface.
      const external = Object.values(networkInterfaces())
        .flat()
        .find((i) => i && i.family === 'IPv4' && !i.internal);
      if (external) {
        await expect(fetch(`http://${external.address}:${port}/connections`)).rejects.toThrow();
      }
    } finally {
      await s.close();
    }
  });

  it('defaults: client id, redirect URIs, one AU organisation', () => {
    expect(sim.clientId).toBe('sim-client-id');
    expect(sim.redirectUris).toEqual([
      'http://localhost:5051/callback',
      'http://localhost:5052/callback',
      'http://localhost:5053/callback',
      'http://localhost:5054/callback',
      'http://localhost:5055/callback',
    ]);
    expect(sim.tenants).toHaveLength(1);
    expect(sim.tenants[0]?.name).toBe('Sunrise Physio Pty Ltd');
  });
});

describe('auth (delegated to identity.authorize)', () => {
  it('401 without a bearer token; 403 with a tenant the token is not connected to', async () => {
    const noToken = await call('GET', '/Organisation', { token: null });
    expect(noToken.status).toBe(401);
    const noTenant = await call('GET', '/Organisation', { tenantId: null });
    expect(noTenant.status).toBe(403);
    const wrongTenant = await call('GET', '/Organisation', {
      tenantId: '00000000-0000-0000-0000-000000000000',
    });
    expect(wrongTenant.status).toBe(403);
    const ok = await call('GET', '/Organisation');
    expect(ok.status).toBe(200);
    expect(ok.json.Organisations[0]).toMatchObject({
      Name: 'Sunrise Physio Pty Ltd',
      CountryCode: 'AU',
      BaseCurrency: 'AUD',
    });
  });

  it('rejected calls do not reach the org and are logged without a tenant', async () => {
    sim.resetRequestLog();
    await call('PUT', '/Invoices', { token: 'garbage', body: { Invoices: [invoice()] } });
    expect(sim.org().invoices()).toHaveLength(0);
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({ method: 'PUT', status: 401 });
    expect(sim.requests[0]?.tenantId).toBeUndefined();
  });
});

describe('settings endpoints (seeded AU organisation)', () => {
  it('Accounts: bank, payment-enabled clearing, revenue, archived, expense, GST liability', async () => {
    const r = await call('GET', '/Accounts');
    expect(r.status).toBe(200);
    const byCode = new Map<string, Record<string, unknown>>(
      (r.json.Accounts as Record<string, unknown>[]).map((a) => [String(a['Code']), a]),
    );
    expect(byCode.get('090')).toMatchObject({
      Name: 'Business Bank Account',
      Type: 'BANK',
      Status: 'ACTIVE',
    });
    expect(byCode.get('091')).toMatchObject({ Name: 'EFTPOS Clearing', EnablePaymentsToAccount: true });
    for (const c of ['200', '201', '202', '210', '211']) expect(byCode.get(c)?.['Class']).toBe('REVENUE');
    expect(byCode.get('205')).toMatchObject({ Status: 'ARCHIVED', Class: 'REVENUE' });
    expect(byCode.get('400')).toMatchObject({ Type: 'EXPENSE', Class: 'EXPENSE' });
    expect(byCode.get('820')).toMatchObject({ Name: 'GST', Type: 'CURRLIAB', SystemAccount: 'GST' });
    expect(String(byCode.get('090')?.['UpdatedDateUTC'])).toMatch(/^\/Date\(\d+\+0000\)\/$/);
    const active = await call('GET', '/Accounts', { query: { where: 'Status=="ARCHIVED"' } });
    expect((active.json.Accounts as { Code: string }[]).map((a) => a.Code)).toEqual(['205']);
  });

  it('TaxRates: AU codes with CanApplyToRevenue and EffectiveRate', async () => {
    const r = await call('GET', '/TaxRates');
    const byType = new Map<string, Record<string, unknown>>(
      (r.json.TaxRates as Record<string, unknown>[]).map((t) => [String(t['TaxType']), t]),
    );
    expect(byType.get('OUTPUT')).toMatchObject({
      Name: 'GST on Income',
      EffectiveRate: 10,
      CanApplyToRevenue: true,
    });
    expect(byType.get('INPUT')).toMatchObject({ EffectiveRate: 10, CanApplyToRevenue: false });
    expect(byType.get('EXEMPTOUTPUT')).toMatchObject({
      EffectiveRate: 0,
      CanApplyToRevenue: true,
      Status: 'ACTIVE',
    });
    for (const t of [
      'BASEXCLUDED',
      'EXEMPTEXPENSES',
      'GSTONIMPORTS',
      'INPUTTAXED',
      'CAPEXINPUT',
      'EXEMPTEXPORT',
    ])
      expect(byType.has(t)).toBe(true);
  });

  it('TrackingCategories and 404 for unknown resources', async () => {
    const r = await call('GET', '/TrackingCategories');
    expect(r.json.TrackingCategories[0]).toMatchObject({ Name: 'Location', Status: 'ACTIVE' });
    expect((await call('GET', '/Nope')).status).toBe(404);
    expect((await call('GET', '/Invoices/6f0d2a60-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('request bodies are validated against the official OpenAPI schema', () => {
  it('a wrongly typed field → 400 PostDataInvalidException, nothing created', async () => {
    const r = await call('PUT', '/Invoices', { body: { Invoices: [invoice({}, { UnitAmount: 'ninety' })] } });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ ErrorNumber: 14, Type: 'PostDataInvalidException' });
    expect(r.json.Message).toContain("Path 'Invoices[0].LineItems[0].UnitAmount'");
    const bad = await call('PUT', '/Invoices', { body: { Invoices: [invoice({ Type: 'BILL' })] } });
    expect(bad.status).toBe(400);
    const tooLong = await call('PUT', '/Invoices', {
      body: { Invoices: [invoice({ InvoiceNumber: 'x'.repeat(256) })] },
    });
    expect(tooLong.status).toBe(400);
    const badUuid = await call('PUT', '/Contacts', {
      body: { Contacts: [{ ContactID: 'nope', Name: 'X' }] },
    });
    expect(badUuid.status).toBe(400);
    expect(sim.org().invoices()).toHaveLength(0);
  });

  it('malformed JSON, an empty body and an unparseable date → 400', async () => {
    const r = await call('PUT', '/Invoices', { rawBody: '{"Invoices": [' });
    expect(r.status).toBe(400);
    expect(r.json.Message).toMatch(/^JSON for post data was invalid/);
    const empty = await call('PUT', '/Invoices', { rawBody: '' });
    expect(empty.status).toBe(400);
    expect(empty.json.Message).toContain('This endpoint is expecting Invoice data');
    const date = await call('PUT', '/Invoices', { body: { Invoices: [invoice({ Date: '20/11/2026' })] } });
    expect(date.status).toBe(400);
    expect(date.json.Message).toContain("Path 'Invoices[0].Date'");
  });

  it('accepts a single element without the collection wrapper, as Xero does', async () => {
    const r = await call('PUT', '/Contacts', { body: { Name: 'Single Element' } });
    expect(r.status).toBe(200);
    expect(r.json.Contacts[0].Name).toBe('Single Element');
  });
});
