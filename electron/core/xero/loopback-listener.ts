import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CALLBACK_PATH } from './endpoints.js';

export const DEFAULT_CALLBACK_TIMEOUT_MS = 5 * 60 * 1000;

export class LoopbackError extends Error {
  constructor(
    readonly kind: 'ports_busy' | 'timeout' | 'cancelled' | 'denied',
    message: string,
  ) {
    super(message);
    this.name = 'LoopbackError';
  }
}

export type LoopbackListener = {
  port: number;
  /** `http://localhost:PORT/callback`, exactly as registered with the Xero app. */
  redirectUri: string;
  /** The full callback URL (with code and state) of the one accepted request. */
  callback: Promise<URL>;
  close(): Promise<void>;
};

export type LoopbackOptions = {
  ports: readonly number[];
  state: string;
  timeoutMs?: number;
  signal?: AbortSignal;
};

const page = (title: string, text: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
  `<style>body{font-family:system-ui,sans-serif;margin:3em auto;max-width:32em;text-align:center}</style>` +
  `</head><body><h1>${title}</h1><p>${text}</p></body></html>`;

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    Connection: 'close',
  });
  res.end(html);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
    // A browser's keep-alive socket would hold close() open; answers carry Connection: close.
    setTimeout(() => server.closeAllConnections(), 1000).unref();
  });
}

/**
 * Receives Xero's redirect on `http://localhost:PORT/callback`, PORT the first free one of a fixed
 * list (the redirect URIs the Xero app registration lists). Binds loopback only (127.0.0.1, and ::1
 * when the machine has it, since browsers may resolve `localhost` to either). Accepts exactly one GET
 * with the right `state`; any other path is 404, another method 405, a wrong state 400 (the flow
 * keeps waiting: it may be a stray or forged request), and anything after the accepted one 409.
 * Times out (default 5 minutes) and always closes.
 */
export async function startLoopbackListener(opts: LoopbackOptions): Promise<LoopbackListener> {
  let resolveCallback!: (url: URL) => void;
  let rejectCallback!: (err: Error) => void;
  const callback = new Promise<URL>((resolve, reject) => {
    resolveCallback = resolve;
    rejectCallback = reject;
  });
  callback.catch(() => undefined); // observed by the caller; never an unhandled rejection
  let done = false;
  const servers: Server[] = [];
  let port = 0;

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', `http://localhost:${port}`);
    if (url.pathname !== CALLBACK_PATH) return send(res, 404, page('Not found', 'Nothing here.'));
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      return send(res, 405, page('Method not allowed', 'Only the browser redirect is accepted.'));
    }
    if (done) {
      return send(
        res,
        409,
        page('Already done', 'This sign-in has already finished. You can close this window.'),
      );
    }
    if (url.searchParams.get('state') !== opts.state) {
      return send(
        res,
        400,
        page('Sign-in not recognised', 'This link does not belong to the sign-in in progress.'),
      );
    }
    done = true;
    const error = url.searchParams.get('error');
    if (error) {
      send(
        res,
        200,
        page('Xero was not connected', 'You can close this window and return to clinic-xero-sync.'),
      );
      finish(
        new LoopbackError(
          'denied',
          error === 'access_denied'
            ? 'Xero access was not allowed on the consent screen.'
            : `Xero refused the connection (${error.slice(0, 60)}).`,
        ),
      );
      return;
    }
    send(res, 200, page('Connected', 'You can close this window and return to clinic-xero-sync.'));
    finish(url);
  };

  // Bind the first port of the list that is free on 127.0.0.1 (and on ::1 where IPv6 exists).
  for (const candidate of opts.ports) {
    const v4 = createServer(handler);
    try {
      await listen(v4, candidate, '127.0.0.1');
    } catch {
      continue;
    }
    const v6 = createServer(handler);
    try {
      await listen(v6, candidate, '::1');
      servers.push(v4, v6);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') {
        await closeServer(v4);
        continue;
      }
      servers.push(v4); // no IPv6 loopback here
    }
    port = candidate;
    break;
  }
  if (port === 0) {
    throw new LoopbackError(
      'ports_busy',
      `Cannot receive Xero's answer: ports ${opts.ports.join(', ')} on this computer are all in use. ` +
        'Close the program using them and try again.',
    );
  }

  const timeoutMs = opts.timeoutMs ?? DEFAULT_CALLBACK_TIMEOUT_MS;
  const timer = setTimeout(() => {
    finish(
      new LoopbackError(
        'timeout',
        `No answer from Xero within ${Math.round(timeoutMs / 1000)} seconds: connect again when ready.`,
      ),
    );
  }, timeoutMs);
  timer.unref();
  const onAbort = (): void => finish(new LoopbackError('cancelled', 'Connecting to Xero was cancelled.'));
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      done = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      await Promise.all(servers.map(closeServer));
    })();
    return closing;
  };

  function finish(outcome: URL | Error): void {
    done = true;
    // Close after the answer has been flushed; the promise settles first so the flow is never blocked.
    if (outcome instanceof URL) resolveCallback(outcome);
    else rejectCallback(outcome);
    setImmediate(() => void close());
  }

  return { port, redirectUri: `http://localhost:${port}${CALLBACK_PATH}`, callback, close };
}
