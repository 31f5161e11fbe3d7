import { request as httpRequest } from 'node:http';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_REQUEST_BYTES, SETTINGS_IMPORT_MAX_CHARS } from '../../../shared/api.js';
import { FileSecretStore } from '../secrets/file-store.js';
import { createService, type Service } from '../service/create-service.js';
import { startHttpTransport, type HttpTransport } from './serve.js';

let service: Service;
let http: HttpTransport;
let staticDir: string;

beforeEach(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cxs-serve-'));
  staticDir = path.join(dir, 'ui');
  await import('node:fs/promises').then((fs) => fs.mkdir(staticDir));
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>ui</title>');
  await writeFile(path.join(dir, 'outside.txt'), 'secret');
  service = createService({
    mode: 'serve',
    dataDir: dir,
    secrets: new FileSecretStore(path.join(dir, 's.json')),
  });
  http = await startHttpTransport({ service, staticDir });
});

afterEach(async () => {
  await http.close();
});

/** Raw request so tests can send any Host/Origin header (fetch forbids setting Host). */
function raw(
  method: string,
  pathname: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: http.port, method, path: pathname, headers },
      (res) => {
        let data = '';
        res.on('data', (c: Buffer) => (data += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const json = { 'content-type': 'application/json' };

describe('serve HTTP transport', () => {
  it('answers contract calls that carry the session token', async () => {
    const res = await fetch(`${http.url}api/rpc/app.info`, {
      method: 'POST',
      headers: { ...json, 'x-cxs-token': http.token },
      body: '{}',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; result: { name: string; mode: string } };
    expect(body).toMatchObject({ ok: true, result: { name: 'clinic-xero-sync', mode: 'serve' } });
  });

  it('refuses a call without the token, or with a wrong one', async () => {
    const none = await fetch(`${http.url}api/rpc/app.info`, { method: 'POST', headers: json, body: '{}' });
    expect(none.status).toBe(401);
    const wrong = await fetch(`${http.url}api/rpc/app.info`, {
      method: 'POST',
      headers: { ...json, 'x-cxs-token': 'x'.repeat(http.token.length) },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
    const events = await fetch(`${http.url}api/events`);
    expect(events.status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    const host = await raw(
      'POST',
      '/api/rpc/app.info',
      { ...json, host: 'evil.example', 'x-cxs-token': http.token },
      '{}',
    );
    expect(host.status).toBe(403);
    const page = await raw('GET', '/', { host: `attacker.example:${http.port}` });
    expect(page.status).toBe(403);
    const origin = await raw(
      'POST',
      '/api/rpc/app.info',
      { ...json, host: `127.0.0.1:${http.port}`, origin: 'http://evil.example', 'x-cxs-token': http.token },
      '{}',
    );
    expect(origin.status).toBe(403);
    const ok = await raw(
      'POST',
      '/api/rpc/app.info',
      {
        ...json,
        host: `localhost:${http.port}`,
        origin: `http://localhost:${http.port}`,
        'x-cxs-token': http.token,
      },
      '{}',
    );
    expect(ok.status).toBe(200);
  });

  it('validates method names and requests against the contract', async () => {
    const headers = { ...json, 'x-cxs-token': http.token };
    const unknown = await fetch(`${http.url}api/rpc/app.reboot`, { method: 'POST', headers, body: '{}' });
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    const bad = await fetch(`${http.url}api/rpc/app.info`, { method: 'POST', headers, body: '{"extra":1}' });
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const notJson = await fetch(`${http.url}api/rpc/app.info`, { method: 'POST', headers, body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('streams core events as server-sent events', async () => {
    const res = await fetch(`${http.url}api/events`, { headers: { 'x-cxs-token': http.token } });
    const reader = res.body!.getReader();
    await reader.read(); // ": connected"
    const status = await service.status();
    service.bus.emit('status.changed', status);
    const { value } = await reader.read();
    const frame = new TextDecoder().decode(value);
    expect(frame).toContain('event: status.changed');
    expect(frame).toContain(`"summary":"${status.summary}"`);
    await reader.cancel();
  });

  it('serves the UI with a strict CSP and never a file outside it', async () => {
    const page = await fetch(http.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const escape = await raw('GET', '/..%2foutside.txt', { host: `127.0.0.1:${http.port}` });
    expect(escape.body).not.toContain('secret');
  });

  it('answers a malformed percent-encoding with 400, not 500', async () => {
    const res = await raw('GET', '/%E0%A4%A', { host: `127.0.0.1:${http.port}` });
    expect(res.status).toBe(400);
  });

  it('never serves a source map, even one lying in the UI folder', async () => {
    await writeFile(path.join(staticDir, 'main.js.map'), '{"sources":["App.tsx"]}');
    const res = await raw('GET', '/main.js.map', { host: `127.0.0.1:${http.port}` });
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('App.tsx');
  });

  it('production builds make no source maps', async () => {
    const config = (await import('../../../vite.config.js')).default as unknown as (e: {
      mode: string;
      command: string;
    }) => { build?: { sourcemap?: unknown } };
    expect(config({ mode: 'production', command: 'build' }).build?.sourcemap).toBe(false);
  });

  it('accepts the largest settings.import the contract allows, and answers 413 with JSON past the cap', async () => {
    const headers = { ...json, 'x-cxs-token': http.token, host: `127.0.0.1:${http.port}` };
    // The longest settings text the contract accepts, every character escaped (the worst case).
    const biggest = JSON.stringify({ json: '\n'.repeat(SETTINGS_IMPORT_MAX_CHARS) });
    const atCap = await raw('POST', '/api/rpc/settings.import', headers, biggest);
    expect(atCap.status).toBe(200);
    expect(JSON.parse(atCap.body)).toMatchObject({ ok: false });
    const over = await raw('POST', '/api/rpc/settings.import', headers, 'x'.repeat(MAX_REQUEST_BYTES + 1));
    expect(over.status).toBe(413);
    expect(JSON.parse(over.body)).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/larger/) },
    });
  }, 60_000);

  it('listens on the loopback interface only', () => {
    expect(http.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });
});
