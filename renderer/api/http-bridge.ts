import type {
  ApiBridge,
  EventName,
  Events,
  MethodName,
  RequestOf,
  ResponseOf,
  RpcResult,
} from '../../shared/api';
import { ApiCallError } from './api-call-error';

const TOKEN_KEY = 'cxs-session-token';

/**
 * The session token arrives in the URL fragment (never sent to the server); keep it for this tab
 * and take it out of the address bar so it is not bookmarked or shared by accident.
 */
export function takeSessionToken(): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/** The contract over HTTP for `serve`: JSON RPC plus a server-sent-event stream read with fetch. */
export function createHttpBridge(token: string): ApiBridge {
  const headers = { 'content-type': 'application/json', 'x-cxs-token': token };
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let streaming = false;

  async function invoke<M extends MethodName>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>> {
    const res = await fetch(`/api/rpc/${method}`, { method: 'POST', headers, body: JSON.stringify(request) });
    const body = (await res.json()) as RpcResult<ResponseOf<M>>;
    if (!body.ok) throw new ApiCallError(body.error.code, body.error.message);
    return body.result;
  }

  async function stream(): Promise<void> {
    for (;;) {
      try {
        const res = await fetch('/api/events', { headers: { 'x-cxs-token': token } });
        if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
        await readFrames(res.body, (event, data) => {
          for (const l of listeners.get(event) ?? []) l(data);
        });
      } catch {
        // The server restarted or the network blinked: reconnect after a short pause.
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  }

  function on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const l = listener as (payload: unknown) => void;
    set.add(l);
    if (!streaming) {
      streaming = true;
      void stream();
    }
    return () => set.delete(l);
  }

  return { invoke, on };
}

async function readFrames(body: ReadableStream<Uint8Array>, emit: (event: string, data: unknown) => void) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.+)$/m.exec(frame)?.[1];
      const data = /^data: (.+)$/m.exec(frame)?.[1];
      if (event && data) emit(event, JSON.parse(data));
    }
  }
}
