import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { MAX_REQUEST_BYTES } from '../../../shared/api.js';
import type { Service } from '../service/create-service.js';
import { hostAllowed, originAllowed, tokenValid } from './guards.js';
import { serveStatic } from './static-files.js';

export type HttpTransport = { url: string; port: number; token: string; close(): Promise<void> };

const HEARTBEAT_MS = 15_000;

/**
 * The headless transport: the built renderer plus the contract as JSON RPC (`POST /api/rpc/<method>`)
 * and server-sent events (`GET /api/events`), on 127.0.0.1 only. Every API call needs the random
 * session token; Host and Origin are checked on every request.
 */
export async function startHttpTransport(opts: {
  service: Service;
  staticDir: string;
  port?: number;
  token?: string;
}): Promise<HttpTransport> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const root = path.resolve(opts.staticDir);
  const streams = new Set<ServerResponse>();
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req, port)) return deny(res, 403, 'Host not allowed');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'Method not allowed');
      return serveStatic(root, url.pathname, res);
    }
    if (!originAllowed(req, port)) return deny(res, 403, 'Origin not allowed');
    if (!tokenValid(req, token)) return deny(res, 401, 'Missing or wrong session token');
    if (url.pathname === '/api/events' && req.method === 'GET') return openEvents(res);
    const rpc = /^\/api\/rpc\/([\w.-]+)$/.exec(url.pathname);
    if (rpc && req.method === 'POST') return callRpc(req, res, rpc[1] ?? '');
    return deny(res, 404, 'Not found');
  }

  async function callRpc(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return deny(res, 415, 'Content-Type must be application/json');
    }
    const text = await readBody(req);
    if (text === TOO_LARGE) {
      res.setHeader('connection', 'close');
      return deny(
        res,
        413,
        `Request body is larger than ${MAX_REQUEST_BYTES} bytes (the largest request the contract accepts).`,
      );
    }
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      return deny(res, 400, 'Request body is not JSON');
    }
    const result = await opts.service.dispatch(method, body);
    sendJson(res, 200, result);
  }

  function openEvents(res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    streams.add(res);
    res.on('close', () => {
      streams.delete(res);
      // The last browser tab of this session went away: that ends a settings-lock unlock.
      if (streams.size === 0) opts.service.uiClosed();
    });
  }

  const unsubscribe = opts.service.bus.onAny((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const s of streams) s.write(frame);
  });
  const heartbeat = setInterval(() => {
    for (const s of streams) s.write(': ping\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    token,
    close: async () => {
      unsubscribe();
      clearInterval(heartbeat);
      for (const s of streams) s.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function deny(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { ok: false, error: { code: status === 401 ? 'unauthorized' : 'failed', message } });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const TOO_LARGE = Symbol('too large');

/**
 * The body as text, or TOO_LARGE past MAX_REQUEST_BYTES (by Content-Length at once, else while
 * reading). The rest of an oversized body is drained, not kept, so the 413 reaches the client.
 */
function readBody(req: IncomingMessage): Promise<string | typeof TOO_LARGE> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_REQUEST_BYTES) {
    req.resume();
    return Promise.resolve(TOO_LARGE);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(c);
      else chunks.length = 0;
    });
    req.on('end', () =>
      resolve(size > MAX_REQUEST_BYTES ? TOO_LARGE : Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}
