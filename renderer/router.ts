/**
 * Hash routing: every screen, tab and filter has an address, so back, forward and reload work and a
 * notification can open a filtered log. The address is `#/<screen>[/<sub>][?key=value…]`, e.g.
 * `#/log?state=needs_attention`, `#/mappings/products?q=gift`, `#/setup/xero`.
 * The session token of `serve` also arrives in the fragment (#token=…); http-bridge.ts takes it out
 * before the first render, so the router never sees it.
 */
import { useCallback, useEffect, useState } from 'react';

export type Route = { screen: string; sub: string; params: Record<string, string> };

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = body.split('?', 2);
  const [screen = '', sub = ''] = path.split('/').map((s) => decodeURIComponent(s));
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(query)) if (v !== '') params[k] = v;
  return { screen, sub, params };
}

export function formatHash(r: Partial<Route> & { screen: string }): string {
  const path = [r.screen, r.sub ?? '']
    .filter((x) => x !== '')
    .map((x) => encodeURIComponent(x))
    .join('/');
  const q = new URLSearchParams(
    Object.entries(r.params ?? {}).filter(
      (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '',
    ),
  ).toString();
  return `#/${path}${q ? `?${q}` : ''}`;
}

export type Go = (r: Partial<Route> & { screen: string }, opts?: { replace?: boolean }) => void;

/** The current route, and `go` to change it (a new history entry, or `replace` for typing). */
export function useRoute(): [Route, Go] {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const go = useCallback<Go>((r, opts) => {
    const hash = formatHash(r);
    if (hash === window.location.hash) return;
    if (opts?.replace) {
      history.replaceState(history.state, '', hash);
      setRoute(parseHash(hash));
    } else {
      window.location.hash = hash;
    }
  }, []);
  return [route, go];
}
