import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ClinikoClient, ClinikoHttpError, clinikoUserAgent } from './http-client.js';

type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => void;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function serve(route: Route): Promise<{ base: string; seen: IncomingMessage[] }> {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    route(req, res, new URL(req.url ?? '/', 'http://localhost'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(() => r())));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, seen };
}

const json = (
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(body);
};

describe('ClinikoClient', () => {
  it('sends Basic auth with the key as user name, the User-Agent and Accept', async () => {
    const { base, seen } = await serve((_req, res) => json(res, 200, '{"first_name":"Pat"}'));
    const client = new ClinikoClient({
      apiKey: 'key-123-au1',
      baseUrl: base,
      contactEmail: 'ops@clinic.example',
    });
    expect(await client.get('/user')).toEqual({ first_name: 'Pat' });
    const h = seen[0]?.headers ?? {};
    expect(h.authorization).toBe(`Basic ${Buffer.from('key-123-au1:').toString('base64')}`);
    expect(h['user-agent']).toBe('clinic-xero-sync (ops@clinic.example)');
    expect(h.accept).toBe('application/json');
    expect(seen[0]?.url).toBe('/v1/user');
    expect(clinikoUserAgent(null)).toMatch(/^clinic-xero-sync \(.+@.+\)$/);
  });

  it('follows links.next, keeping 19-digit ids exact', async () => {
    const { base } = await serve((req, res, url) => {
      const page = url.searchParams.get('page') ?? '1';
      const next = page === '1' ? `"next":"http://${req.headers.host}/v1/invoices?page=2&per_page=1"` : '';
      const id = page === '1' ? '1234567890123456789' : '1234567890123456790';
      json(
        res,
        200,
        `{"invoices":[{"id":${id}}],"total_entries":2,"links":{"self":"x"${next ? `,${next}` : ''}}}`,
      );
    });
    const client = new ClinikoClient({ apiKey: 'k', baseUrl: base });
    const ids: unknown[] = [];
    for await (const p of client.paginate('/invoices', { per_page: 1 })) {
      ids.push(...p.items.map((i) => (i as { id: unknown }).id));
      expect(p.totalEntries).toBe(2);
    }
    expect(ids).toEqual(['1234567890123456789', '1234567890123456790']);
  });

  it('never follows a link to another host', async () => {
    const { base } = await serve((_req, res) =>
      json(res, 200, '{"invoices":[],"links":{"next":"https://evil.example/v1/invoices?page=2"}}'),
    );
    const client = new ClinikoClient({ apiKey: 'k', baseUrl: base });
    const pages = client.paginate('/invoices');
    await pages.next();
    await expect(pages.next()).rejects.toThrow(/another host/);
  });

  it('waits for X-RateLimit-Reset after a 429, then retries', async () => {
    let calls = 0;
    const nowSec = 1_800_000_000;
    const { base } = await serve((_req, res) => {
      calls++;
      if (calls === 1) json(res, 429, '', { 'X-RateLimit-Reset': String(nowSec + 3) });
      else json(res, 200, '{"ok":true}');
    });
    const waits: number[] = [];
    const client = new ClinikoClient({
      apiKey: 'k',
      baseUrl: base,
      now: () => nowSec * 1000,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    expect(await client.get('/patients')).toEqual({ ok: true });
    expect(calls).toBe(2);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(3000);
    expect(waits[0]).toBeLessThan(4000);
  });

  it('turns 401 and network failures into typed errors without the key', async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(401, { 'Content-Type': 'text/html' });
      res.end('HTTP Basic: Access denied.\n');
    });
    const key = 'secret-key-value-au1';
    const err = await new ClinikoClient({ apiKey: key, baseUrl: base }).get('/user').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClinikoHttpError);
    expect(err).toMatchObject({ kind: 'unauthorized', status: 401 });
    const down = await new ClinikoClient({ apiKey: key, baseUrl: 'http://127.0.0.1:1/v1' })
      .get('/user')
      .catch((e: unknown) => e);
    expect(down).toMatchObject({ kind: 'network', status: null });
    expect((down as Error).message).toMatch(/Could not reach Cliniko/);
    expect(JSON.stringify({ m: (err as Error).message, d: (down as Error).message })).not.toContain(key);
  });
});

describe('ClinikoClient: text that could disguise itself', () => {
  it('removes bidi overrides and isolates from every string before anything sees it', async () => {
    const name = 'Pat\u202Efdp.exe \u2066x\u2069 \u202Ay\u202C';
    const { base } = await serve((_req, res) =>
      json(res, 200, JSON.stringify({ patients: [{ id: 1, first_name: name, notes: ['a\u202Db'] }] })),
    );
    const client = new ClinikoClient({ apiKey: 'key-123-au1', baseUrl: base });
    const page = (await client.get('patients')) as { patients: { first_name: string; notes: string[] }[] };
    expect(page.patients[0]?.first_name).toBe('Patfdp.exe x y');
    expect(page.patients[0]?.notes[0]).toBe('ab');
    expect(JSON.stringify(page)).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });
});
