import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClinic, smallClinic } from '../seed/clinic.js';
import { NOT_FOUND_MESSAGE, UNAUTHORIZED_BODY, USER_AGENT_MESSAGE, startClinikoSim } from './index.js';
import type { ClinikoSim } from './index.js';

const UA = 'clinic-xero-sync tests (dev@clinic-xero-sync.invalid)';
const basic = (key: string, password = ''): string =>
  `Basic ${Buffer.from(`${key}:${password}`).toString('base64')}`;

interface Got {
  status: number;
  text: string;
  json: Record<string, unknown>;
  headers: Headers;
}

async function get(
  sim: ClinikoSim,
  path: string,
  opts: { key?: string | null; ua?: string | null; accept?: string | null; method?: string } = {},
): Promise<Got> {
  const headers: Record<string, string> = {};
  const key = opts.key === undefined ? sim.apiKey : opts.key;
  if (key !== null) headers.Authorization = basic(key);
  const ua = opts.ua === undefined ? UA : opts.ua;
  if (ua !== null) headers['User-Agent'] = ua;
  const accept = opts.accept === undefined ? 'application/json' : opts.accept;
  if (accept !== null) headers.Accept = accept;
  const res = await fetch(path.startsWith('http') ? path : `${sim.url}${path}`, {
    method: opts.method ?? 'GET',
    headers,
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  return { status: res.status, text, json, headers: res.headers };
}

type Rec = Record<string, unknown> & { id: string; updated_at: string; created_at: string };
const recs = (g: Got, key: string): Rec[] => g.json[key] as Rec[];
const links = (g: Got) => g.json.links as { self: string; next?: string; previous?: string };

describe('Cliniko simulator: small clinic', () => {
  let sim: ClinikoSim;
  beforeAll(async () => {
    sim = await startClinikoSim({ data: smallClinic() });
  });
  afterAll(() => sim.close());

  it('binds to 127.0.0.1 only', async () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const port = new URL(sim.url).port;
    const external = Object.values(networkInterfaces())
      .flat()
      .find((n) => n && n.family === 'IPv4' && !n.internal);
    if (external) {
      await expect(fetch(`http://${external.address}:${port}/v1/user`)).rejects.toThrow();
    }
  });

  describe('auth', () => {
    it('refuses a missing or wrong key with the real 401 text', async () => {
      for (const key of [null, 'wrong-key-au1', '']) {
        const g = await get(sim, '/invoices', { key });
        expect(g.status).toBe(401);
        expect(g.text).toBe(UNAUTHORIZED_BODY);
        expect(g.headers.get('www-authenticate')).toBe('Basic realm="Application"');
      }
      const bearer = await fetch(`${sim.url}/user`, {
        headers: { Authorization: `Bearer ${sim.apiKey}`, 'User-Agent': UA },
      });
      expect(bearer.status).toBe(401);
    });
    it('accepts the key as user name, with or without shard suffix, any password', async () => {
      expect((await get(sim, '/user')).status).toBe(200);
      expect((await get(sim, '/user', { key: 'sim-cliniko-key' })).status).toBe(200);
      const withPw = await fetch(`${sim.url}/user`, {
        headers: { Authorization: basic(sim.apiKey, 'x'), 'User-Agent': UA },
      });
      expect(withPw.status).toBe(200);
    });
  });

  describe('headers', () => {
    it('refuses a User-Agent without a name and an email address', async () => {
      for (const ua of [null, 'node', 'curl/8.0', 'dev@example.com']) {
        const g = await get(sim, '/user', { ua });
        expect(g.status).toBe(400);
        expect(g.json.message).toBe(USER_AGENT_MESSAGE);
      }
      expect((await get(sim, '/user', { ua: 'Really helpful app (devs@helpfulapp.com)' })).status).toBe(200);
    });
    it('serves JSON only', async () => {
      expect((await get(sim, '/user', { accept: 'text/html' })).status).toBe(406);
      const ok = await get(sim, '/user');
      expect(ok.headers.get('content-type')).toMatch(/^application\/json/);
    });
    it('is read-only', async () => {
      expect((await get(sim, '/invoices', { method: 'POST' })).status).toBe(405);
    });
  });

  describe('endpoints', () => {
    it('serves /user and /settings/public', async () => {
      const u = await get(sim, '/user');
      expect(u.json.email).toBeTypeOf('string');
      const s = await get(sim, '/settings/public');
      expect((s.json.account as Record<string, unknown>).currency_symbol).toBe('$');
      expect(links(s).self).toBe(`${sim.url}/settings/public`);
    });
    it('serves businesses with IANA time_zone_identifier', async () => {
      const g = await get(sim, '/businesses');
      const tzs = recs(g, 'businesses').map((b) => b.time_zone_identifier);
      expect(tzs).toEqual(['Australia/Sydney', 'Australia/Perth', 'Australia/Brisbane', 'Pacific/Auckland']);
    });
    it('lists active practitioners under /practitioners and inactive under /practitioners/inactive', async () => {
      const active = recs(await get(sim, '/practitioners'), 'practitioners');
      const inactive = recs(await get(sim, '/practitioners/inactive'), 'practitioners');
      expect(active.length).toBe(6);
      expect(active.every((p) => p.active === true)).toBe(true);
      expect(inactive.length).toBe(2);
      expect(inactive.every((p) => p.active === false)).toBe(true);
      const one = await get(sim, `/practitioners/${inactive[0]!.id}`);
      expect(one.status).toBe(200);
    });
    it('serves every list resource and single-record GETs, relations as links', async () => {
      for (const r of ['patients', 'taxes', 'billable_items', 'products', 'invoices', 'invoice_items']) {
        const g = await get(sim, `/${r}`);
        expect(g.status).toBe(200);
        const first = recs(g, r)[0]!;
        const one = await get(sim, `/${r}/${first.id}`);
        expect(one.status).toBe(200);
        expect(one.json.id).toBe(first.id);
        expect((one.json.links as { self: string }).self).toBe(`${sim.url}/${r}/${first.id}`);
      }
      const inv = recs(await get(sim, '/invoices'), 'invoices')[0]!;
      const patientLink = (inv.patient as { links: { self: string } }).links.self;
      expect(patientLink.startsWith(`${sim.url}/patients/`)).toBe(true);
      expect((await get(sim, patientLink)).status).toBe(200);
      expect(inv).not.toHaveProperty('patient_id');
    });
    it('answers 404 for unknown records, non-numeric ids and payments (no such endpoint)', async () => {
      for (const p of [
        '/invoices/999',
        '/invoices/abc',
        '/payments',
        '/payments/1',
        '/nothing',
        '/invoices/1/x',
      ]) {
        const g = await get(sim, p);
        expect(g.status, p).toBe(404);
        expect(g.json.message).toBe(NOT_FOUND_MESSAGE);
      }
    });
    it('keeps int64 IDs above 2^53 intact in the JSON text', async () => {
      const g = await get(sim, '/invoices?q[]=id:=1234567890123456789');
      expect(g.text).toContain('"id":"1234567890123456789"');
      expect(g.text).not.toMatch(/"id":\d/);
      expect(recs(g, 'invoices')).toHaveLength(1);
      const one = await get(sim, '/invoices/1234567890123456789');
      expect(one.json.id).toBe('1234567890123456789');
      // 1234567890123456789 as a JS number would be ...784; that id must not exist.
      expect((await get(sim, '/invoices/1234567890123456784')).status).toBe(404);
    });
    it('serves the deprecated /invoices/{id}/invoice_items', async () => {
      const g = await get(sim, '/invoices/1234567890123456791/invoice_items');
      expect(recs(g, 'invoice_items')).toHaveLength(2);
    });
  });

  describe('filters', () => {
    it('refuses archived_at on taxes and practitioners, whose records have no such column (as Cliniko does)', async () => {
      for (const path of ['/taxes', '/practitioners', '/practitioners/inactive']) {
        const g = await get(sim, `${path}?q[]=archived_at:*`);
        expect(g.status).toBe(400);
        expect(g.json).toEqual({ message: 'This column is not searchable.' });
        expect((await get(sim, `${path}?q[]=updated_at:>=2020-01-01T00:00:00Z`)).status).toBe(200);
      }
      for (const path of [
        '/invoices',
        '/invoice_items',
        '/patients',
        '/products',
        '/billable_items',
        '/businesses',
      ])
        expect((await get(sim, `${path}?q[]=archived_at:*`)).status).toBe(200);
    });
    it('hides archived records unless q[]=archived_at:* is sent', async () => {
      const hidden = await get(sim, '/invoices');
      expect(hidden.json.total_entries).toBe(5);
      const all = await get(sim, '/invoices?q[]=archived_at:*');
      expect(all.json.total_entries).toBe(6);
      expect(recs(all, 'invoices').some((i) => i.archived_at !== null)).toBe(true);
      const archivedId = recs(all, 'invoices').find((i) => i.archived_at !== null)!.id;
      expect((await get(sim, `/invoices/${archivedId}`)).status).toBe(200);
      const onlyArchived = await get(sim, '/invoices?q[]=archived_at:?');
      expect(onlyArchived.json.total_entries).toBe(1);
    });
    it('updated_at with > >= < <= (UTC), ANDed', async () => {
      const t = '2025-03-05T21:30:00Z';
      const count = async (q: string) =>
        (await get(sim, `/invoices?q[]=archived_at:*&${q}`)).json.total_entries;
      // updated_at of invoices 1..6: 05T21:30, 05T23:15, 06T01:00, 06T02:00, 07T00:00 (archived), 06T11:05
      expect(await count(`q[]=updated_at:>${t}`)).toBe(5);
      expect(await count(`q[]=updated_at:>=${t}`)).toBe(6);
      expect(await count(`q[]=updated_at:<${t}`)).toBe(0);
      expect(await count(`q[]=updated_at:<=${t}`)).toBe(1);
      expect(await count(`q[]=updated_at:>=${t}&q[]=updated_at:<2025-03-06T03:00:00.000Z`)).toBe(4);
      expect(await count(`q[]=updated_at:>=2025-03-05T21:30:00%2B00:00`)).toBe(6);
      expect(await count(`q[]=updated_at:>2025-03-05T21:29:59.999Z`)).toBe(6);
      expect(await count(`q[]=created_at:>=2025-03-06T00:00:00Z`)).toBe(4);
      expect(await count(`q[]=created_at:<2025-03-06T00:00:00Z`)).toBe(2);
    });
    it('rejects non-UTC date-times', async () => {
      for (const v of ['2025-03-06T08:30:00%2B11:00', '2025-03-06T08:30:00', '2025-03-06', 'yesterday']) {
        const g = await get(sim, `/invoices?q[]=updated_at:>${v}`);
        expect(g.status, v).toBe(400);
        expect(g.json.message).toMatch(/must be a UTC/);
      }
    });
    it('rejects an unsearchable column with the real message', async () => {
      for (const q of ['total_amount:=10', 'foo:=1', 'invoice_id:=1']) {
        const g = await get(sim, `/invoices?q[]=${q}`);
        expect(g.status).toBe(400);
        expect(g.json).toEqual({ message: 'This column is not searchable.' });
      }
      expect((await get(sim, '/invoice_items?q[]=status:=10')).json.message).toBe(
        'This column is not searchable.',
      );
    });
    it('rejects a non-number for a numeric column and an operator the type does not have', async () => {
      const g = await get(sim, '/invoices?q[]=status:=paid');
      expect(g.status).toBe(400);
      expect(g.json.message).toBe('Filter value for status must be a number');
      expect((await get(sim, '/invoices?q[]=updated_at:=2025-03-05T21:30:00Z')).status).toBe(400);
      expect((await get(sim, '/invoices?q[]=status')).status).toBe(400);
    });
    it('id with = and a comma list, and comparisons on int64 strings', async () => {
      const g = await get(sim, '/invoices?q[]=id:=1234567890123456789,1234567890123456791');
      expect(recs(g, 'invoices').map((i) => i.id)).toEqual(['1234567890123456789', '1234567890123456791']);
      const gt = await get(sim, '/invoices?q[]=id:>1234567890123456790');
      expect(gt.json.total_entries).toBe(3); // 791, 792, 794 (793 archived)
      const taxes = await get(sim, '/taxes?q[]=id:<10');
      expect(taxes.json.total_entries).toBe(2);
    });
    it('invoice_id, issue_date (with wildcards), status, patient_id', async () => {
      const items = await get(sim, '/invoice_items?q[]=invoice_id:=1234567890123456790');
      expect(items.json.total_entries).toBe(2);
      expect(
        recs(items, 'invoice_items').every((i) =>
          (i.invoice as { links: { self: string } }).links.self.endsWith('/1234567890123456790'),
        ),
      ).toBe(true);
      expect((await get(sim, '/invoices?q[]=issue_date:=2025-03-05')).json.total_entries).toBe(2);
      expect((await get(sim, '/invoices?q[]=issue_date:>2025-03-05')).json.total_entries).toBe(3);
      expect((await get(sim, '/invoices?q[]=issue_date:=****-03-**')).json.total_entries).toBe(5);
      expect((await get(sim, '/invoices?q[]=issue_date:=****-04-**')).json.total_entries).toBe(0);
      expect((await get(sim, '/invoices?q[]=status:=20')).json.total_entries).toBe(3);
      expect((await get(sim, '/invoices?q[]=status:=10,20')).json.total_entries).toBe(5);
      const inv3 = recs(await get(sim, '/invoices?q[]=id:=1234567890123456791'), 'invoices')[0]!;
      const pid = (inv3.patient as { links: { self: string } }).links.self.split('/').pop();
      expect((await get(sim, `/invoices?q[]=patient_id:=${pid}`)).json.total_entries).toBe(1);
      expect((await get(sim, '/patients?q[]=last_name:=Smith')).json.total_entries).toBe(2);
      expect((await get(sim, '/patients?q[]=first_name:~ame')).json.total_entries).toBe(2);
    });
  });

  describe('sorting', () => {
    it('defaults to created_at ascending; sort= and order= change it', async () => {
      const dflt = recs(await get(sim, '/invoices?q[]=archived_at:*'), 'invoices').map((i) => i.created_at);
      expect(dflt).toEqual([...dflt].sort());
      const desc = recs(await get(sim, '/invoices?q[]=archived_at:*&sort=updated_at:desc'), 'invoices').map(
        (i) => i.updated_at,
      );
      expect(desc).toEqual([...desc].sort().reverse());
      const order = recs(await get(sim, '/invoices?order=desc'), 'invoices').map((i) => i.created_at);
      expect(order).toEqual([...order].sort().reverse());
      const byNumber = recs(await get(sim, '/invoices?sort=number:desc'), 'invoices').map((i) => i.number);
      expect(byNumber).toEqual([6, 4, 3, 2, 1]);
      expect((await get(sim, '/invoices?sort=total_amount')).status).toBe(400);
    });
  });
});

describe('Cliniko simulator: paging', () => {
  let sim: ClinikoSim;
  beforeAll(async () => {
    sim = await startClinikoSim({ data: generateClinic({ invoices: 260, seed: 5 }) });
  });
  afterAll(() => sim.close());

  it('pages with per_page (default 50, max 100) and absolute links present only when they apply', async () => {
    const first = await get(sim, '/invoices?q[]=archived_at:*');
    const total = first.json.total_entries as number;
    expect(total).toBe(260);
    expect(recs(first, 'invoices')).toHaveLength(50);
    expect(links(first).self.startsWith(`${sim.url}/invoices?`)).toBe(true);
    expect(links(first).next).toContain('page=2');
    expect(links(first)).not.toHaveProperty('previous');
    expect(recs(await get(sim, '/invoices?per_page=100'), 'invoices')).toHaveLength(100);
    for (const bad of ['per_page=101', 'per_page=0', 'per_page=x', 'page=0', 'page=-1']) {
      expect((await get(sim, `/invoices?${bad}`)).status, bad).toBe(400);
    }
    // Follow links.next to the end: every record exactly once, filters kept.
    const seen: string[] = [];
    let next: string | undefined = `${sim.url}/invoices?q[]=archived_at:*&per_page=100&sort=updated_at`;
    let pages = 0;
    let last: Got | undefined;
    while (next) {
      last = await get(sim, next);
      seen.push(...recs(last, 'invoices').map((i) => i.id));
      next = links(last).next;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(260);
    expect(new Set(seen).size).toBe(260);
    expect(links(last!).previous).toContain('page=2');
    expect(links(last!)).not.toHaveProperty('next');
    const beyond = await get(sim, '/invoices?page=99');
    expect(recs(beyond, 'invoices')).toEqual([]);
  });

  it('bumps updated_at on every store mutation (strictly increasing, ms, Z) so updated_at filters see it', async () => {
    const store = sim.store;
    const maxBefore = recs(
      await get(sim, '/invoices?q[]=archived_at:*&sort=updated_at:desc&per_page=1'),
      'invoices',
    )[0]!.updated_at;
    const patient = store.list('patients')[0]!;
    const p1 = store.editPatient(patient.id, { last_name: 'Renamed' }).updated_at;
    const p2 = store.editPatient(patient.id, { last_name: 'Renamed again' }).updated_at;
    expect(p1).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(p2 > p1).toBe(true);
    const changed = await get(sim, `/patients?q[]=updated_at:>${p1}`);
    expect(recs(changed, 'patients').map((p) => p.id)).toEqual([patient.id]);

    // Editing an item recomputes the invoice and bumps both.
    const inv = store.list('invoices').find((i) => i.status === 10 && !i.archived_at)!;
    const item = store.getInvoiceItems(inv.id)[0]!;
    const before = inv.total_amount;
    const edited = store.editInvoiceItem(item.id, { quantity: item.quantity + 1 });
    expect(inv.total_amount).not.toBe(before);
    expect(inv.updated_at).toBe(edited.updated_at);
    expect(inv.updated_at > maxBefore).toBe(true);
    const sum = store
      .getInvoiceItems(inv.id)
      .reduce((s, i) => s + Math.round(Number(i.total_including_tax) * 100), 0);
    expect(Math.round(Number(inv.total_amount) * 100)).toBe(sum);
    const upd = await get(sim, `/invoices?q[]=updated_at:>${maxBefore}&sort=updated_at`);
    expect(recs(upd, 'invoices').map((i) => i.id)).toEqual([inv.id]);
    const updItems = await get(sim, `/invoice_items?q[]=updated_at:>${maxBefore}`);
    expect(recs(updItems, 'invoice_items').map((i) => i.id)).toEqual([item.id]);

    // Paid, archived, created.
    const paid = store.markInvoicePaid(inv.id, '2025-03-05T21:30:00Z');
    expect(paid).toMatchObject({
      status: 20,
      status_description: 'Paid',
      closed_at: '2025-03-05T21:30:00.000Z',
    });
    store.archiveInvoice(inv.id);
    expect((await get(sim, `/invoices?q[]=id:=${inv.id}`)).json.total_entries).toBe(0);
    expect((await get(sim, `/invoices?q[]=id:=${inv.id}&q[]=archived_at:*`)).json.total_entries).toBe(1);
    const biz = store.list('businesses')[0]!;
    const pr = store.list('practitioners')[0]!;
    const bi = store.list('billable_items').find((b) => !b.archived_at)!;
    const created = store.createInvoice({
      patientId: patient.id,
      businessId: biz.id,
      practitionerId: pr.id,
      issueDate: '2025-07-01',
      items: [{ billableItemId: bi.id, quantity: 2, discount: { kind: 'percent', bp: 1000 } }],
    });
    expect(BigInt(created.id) > 9007199254740992n).toBe(true);
    const fetched = await get(sim, `/invoices/${created.id}`);
    expect(fetched.json.total_amount).toBe(created.total_amount);
    expect(store.getInvoiceItems(created.id)).toHaveLength(1);
    const last = recs(await get(sim, '/invoices?order=desc&per_page=1'), 'invoices')[0]!;
    expect(last.id).toBe(created.id);
  });
});

describe('Cliniko simulator: rate limit', () => {
  it('answers 429 with X-RateLimit-Reset (epoch seconds) past N requests per rolling minute', async () => {
    let t = Date.parse('2025-03-06T00:00:00.000Z');
    const sim = await startClinikoSim({ data: smallClinic(), rateLimitPerMinute: 5, now: () => new Date(t) });
    try {
      for (let i = 0; i < 5; i++) expect((await get(sim, '/user')).status).toBe(200);
      const limited = await get(sim, '/user');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('x-ratelimit-reset')).toBe(String(Math.ceil((t + 60_000) / 1000)));
      // Unauthenticated requests are refused before counting.
      expect((await get(sim, '/user', { key: 'nope' })).status).toBe(401);
      t += 30_000;
      expect((await get(sim, '/user')).status).toBe(429);
      t += 30_001;
      expect((await get(sim, '/user')).status).toBe(200);
      expect(sim.requestCount('/user')).toBe(9);
      expect(sim.requests.filter((r) => r.status === 429)).toHaveLength(2);
      sim.resetRequestLog();
      expect(sim.requestCount()).toBe(0);
    } finally {
      await sim.close();
    }
  });

  it('defaults to 200 per minute', async () => {
    const sim = await startClinikoSim({ data: smallClinic(), now: () => new Date('2025-03-06T00:00:00Z') });
    try {
      const statuses = await Promise.all(
        Array.from({ length: 201 }, () => get(sim, '/taxes').then((g) => g.status)),
      );
      expect(statuses.filter((s) => s === 200)).toHaveLength(200);
      expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    } finally {
      await sim.close();
    }
  });
});

// Start time and query times are `npm run bench:sims`'s to judge; these check the answers only.
describe('Cliniko simulator: default clinic and scale', () => {
  it('starts with the default clinic', async () => {
    const sim = await startClinikoSim();
    try {
      expect(sim.apiKey).toBe('sim-cliniko-key-au1');
      expect((await get(sim, '/invoices?q[]=archived_at:*')).json.total_entries).toBe(300);
    } finally {
      await sim.close();
    }
  });

  it('holds 100,000 invoices and answers filtered page queries', async () => {
    const data = generateClinic({ invoices: 100_000, seed: 42 });
    const sim = await startClinikoSim({ data, rateLimitPerMinute: 1_000_000 });
    try {
      const all = await get(sim, '/invoices?q[]=archived_at:*&per_page=1');
      expect(all.json.total_entries).toBe(100_000);
      const mid = data.invoices[50_000]!.updated_at;
      const queriesAt = (at: string, inv: number, day: string): string[] => [
        `/invoices?q[]=updated_at:>=${at}&q[]=archived_at:*&sort=updated_at&per_page=100`,
        `/invoices?q[]=updated_at:>=${at}&q[]=archived_at:*&sort=updated_at&per_page=100&page=300`,
        `/invoices?per_page=100&page=900&q[]=created_at:>2024-01-01T00:00:0${inv % 10}Z`,
        `/invoice_items?q[]=updated_at:>=${at}&per_page=100`,
        `/invoice_items?q[]=invoice_id:=${data.invoices[inv]!.id}`,
        `/invoices?q[]=issue_date:=${day}&per_page=100`,
      ];
      const queries = queriesAt(mid, 77_777, '2025-01-10');
      for (const q of queries) expect((await get(sim, q)).status).toBe(200);
      // Next pages of the same query (served from the per-query result cache).
      const p2 = await get(sim, `${queries[3]!}&page=2`);
      expect(recs(p2, 'invoice_items')).toHaveLength(100);
      const page = await get(sim, queries[0]!);
      const rows = recs(page, 'invoices');
      expect(rows).toHaveLength(100);
      expect(rows.every((r) => r.updated_at >= new Date(mid).toISOString())).toBe(true);
    } finally {
      await sim.close();
    }
  });
});
