/**
 * `clinic-xero-sync://log?state=needs_attention` — the link in alert emails (issue 17). Clicking it
 * opens the running app on its sync log, filtered. Windows and Linux hand the link to a second launch
 * (its command line, which the single-instance lock passes to the first); macOS sends `open-url`.
 * `app` is a parameter so tests pass a fake.
 */
import path from 'node:path';
import type { UiNavigate } from '../shared/api.js';
import { APP_LINK_SCHEME } from './core/alerts/digest.js';
import { LOG_STATES } from '../shared/api.js';

export type AppLinksApp = {
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
};

/** The screen a link names, or null when it is not one of ours (or names something we do not show). */
export function parseAppLink(link: string): UiNavigate | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_LINK_SCHEME}:`) return null;
  // `clinic-xero-sync://log?…`: WHATWG URL parsing puts "log" in the host.
  const where = (url.host || url.pathname.replace(/^\/+/, '')).toLowerCase();
  if (where !== 'log') return null;
  const state = url.searchParams.get('state');
  return state !== null && (LOG_STATES as readonly string[]).includes(state)
    ? { screen: 'log', filter: { state } }
    : { screen: 'log' };
}

/** A link on a launch's command line (Windows and Linux pass it as an argument). */
export function linkInArgv(argv: readonly string[]): UiNavigate | null {
  for (const arg of argv) {
    if (arg.startsWith(`${APP_LINK_SCHEME}:`)) return parseAppLink(arg);
  }
  return null;
}

/**
 * Tells the OS that our links open this app (skipped with `registerScheme: false`: the desktop smoke
 * test must not change the test machine's handlers), and follows macOS's `open-url`.
 */
export function registerAppLinks(
  app: AppLinksApp,
  goTo: (nav: UiNavigate) => void,
  opts: { registerScheme?: boolean } = {},
): void {
  if (opts.registerScheme !== false) {
    // Running from source (`electron .`), the OS must be told how to start us with the app's folder.
    const script = process.argv[1];
    if ((process as { defaultApp?: boolean }).defaultApp && script !== undefined) {
      app.setAsDefaultProtocolClient(APP_LINK_SCHEME, process.execPath, [path.resolve(script)]);
    } else {
      app.setAsDefaultProtocolClient(APP_LINK_SCHEME);
    }
  }
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const nav = parseAppLink(url);
    if (nav) goTo(nav);
  });
}
