import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FreezeProxy = {
  /** Where the app should send its calls: the target's URL with this proxy's origin. */
  url: string;
  /** Requests seen so far. */
  readonly requests: number;
  /** Hold every request from the `after`-th one on (0: at once): no answer, like a hung server. */
  freeze(after?: number): void;
  /** Answer again; held requests are dropped (their callers have long timed out). */
  thaw(): void;
  close(): Promise<void>;
};

/**
 * A loopback HTTP proxy in front of a simulator that can "freeze" it mid-sync: requests are accepted
 * and never answered, exactly what a hung server or a dead network path looks like to the app.
 */
export async function startFreezeProxy(target: string): Promise<FreezeProxy> {
  const t = new URL(target);
  let requests = 0;
  let frozenFrom: number | null = null;
  const held = new Set<ServerResponse>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests++;
    if (frozenFrom !== null && requests > frozenFrom) {
      held.add(res);
      res.on('close', () => held.delete(res));
      return;
    }
    const up = request(
      {
        host: t.hostname,
        port: t.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: t.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const url = new URL(target);
  url.host = `127.0.0.1:${port}`;
  return {
    url: url.toString().replace(/\/$/, ''),
    get requests() {
      return requests;
    },
    freeze(after = 0) {
      frozenFrom = requests + after;
    },
    thaw() {
      frozenFrom = null;
      for (const res of held) res.destroy();
      held.clear();
    },
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
