/**
 * What the renderer may do beyond showing our own page: nothing. Navigation and redirects away from
 * the app's index file, `window.open`, `<webview>`, downloads, permission requests (camera,
 * notifications, clipboard, …) and any request to the network are all denied. Links meant for the
 * browser go through `safeOpenExternal`, which only opens Xero's and Cliniko's sites (plus the Xero
 * login host of the demo / simulator from CXS_XERO_LOGIN_URL).
 *
 * Electron's objects are parameters typed by the few members used, so tests pass small fakes.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OpenExternal } from './core/ports.js';

type Preventable = { preventDefault(): void };

/** The members of WebContents this module uses. */
export type GuardedContents = {
  on(event: 'will-navigate', listener: (event: Preventable, url: string) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: Preventable & { url: string }) => void): unknown;
  on(event: 'will-redirect', listener: (event: Preventable, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
};

/** The members of Session this module uses. */
export type GuardedSession = {
  setPermissionRequestHandler(
    handler:
      ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((webContents: unknown, permission: string) => boolean) | null): void;
  webRequest: {
    onBeforeRequest(
      filter: { urls: string[] },
      listener: (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void,
    ): void;
  };
  on(event: 'will-download', listener: (event: Preventable, item: DownloadItemLike) => void): unknown;
};

/** The members of Electron's DownloadItem this module uses. */
export type DownloadItemLike = {
  getURL(): string;
  getFilename(): string;
  setSaveDialogOptions(options: {
    title?: string;
    defaultPath?: string;
    filters?: { name: string; extensions: string[] }[];
  }): void;
};

/**
 * The one download the app makes itself: the sync log's CSV export, a `blob:` URL created by our own
 * page (file://). Electron then asks the user where to save it; anything else is refused.
 */
export function isOwnCsvExport(item: Pick<DownloadItemLike, 'getURL' | 'getFilename'>): boolean {
  return item.getURL().startsWith('blob:file://') && item.getFilename().toLowerCase().endsWith('.csv');
}

/** Hosts `openExternal` may open: Xero's login and app, and any Cliniko shard. */
export const EXTERNAL_HOSTS: readonly string[] = ['login.xero.com', 'go.xero.com', '*.cliniko.com'];

export type ExternalAllowlist = {
  hosts: readonly string[];
  /** Exact origins also allowed, over http too (the simulator's login page on 127.0.0.1). */
  origins: readonly string[];
};

/** The allowlist, plus the origin of CXS_XERO_LOGIN_URL when the demo or a test points it elsewhere. */
export function externalAllowlist(env: NodeJS.ProcessEnv = process.env): ExternalAllowlist {
  const origins: string[] = [];
  const login = env.CXS_XERO_LOGIN_URL;
  if (login) {
    try {
      const u = new URL(login);
      if (u.protocol === 'https:' || u.protocol === 'http:') origins.push(u.origin);
    } catch {
      // Not a URL: nothing extra is allowed.
    }
  }
  return { hosts: EXTERNAL_HOSTS, origins };
}

function hostMatches(host: string, pattern: string): boolean {
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1); // ".cliniko.com"
    return host.endsWith(suffix) && host.length > suffix.length;
  }
  return host === pattern;
}

/** True for an https URL on an allowed host (or one of the extra origins), without credentials. */
export function isAllowedExternalUrl(raw: string, allow: ExternalAllowlist): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  if (allow.origins.includes(u.origin)) return true;
  if (u.protocol !== 'https:' || (u.port !== '' && u.port !== '443')) return false;
  const host = u.hostname.toLowerCase();
  return allow.hosts.some((p) => hostMatches(host, p));
}

export class ExternalUrlRefusedError extends Error {
  constructor(url: string) {
    let where = 'that address';
    try {
      where = new URL(url).host || where;
    } catch {
      // keep the generic wording
    }
    super(`clinic-xero-sync only opens Xero and Cliniko pages in your browser, not ${where}.`);
    this.name = 'ExternalUrlRefusedError';
  }
}

/** The OpenExternal port: `shell.openExternal`, but only for the allowlist. */
export function safeOpenExternal(
  openExternal: (url: string) => Promise<void>,
  allow: ExternalAllowlist,
): OpenExternal {
  return async (url) => {
    if (!isAllowedExternalUrl(url, allow)) throw new ExternalUrlRefusedError(url);
    await openExternal(url);
  };
}

/** The `file://` URL of the app page, without query or fragment. */
export function ownPageUrl(indexFile: string): string {
  return pathToFileURL(path.resolve(indexFile)).href;
}

/** The app page itself (any #route of it); everything else, file:// included, is foreign. */
export function isOwnPage(url: string, ownUrl: string): boolean {
  try {
    const u = new URL(url);
    u.hash = '';
    return u.href === ownUrl;
  } catch {
    return false;
  }
}

/**
 * Keeps one WebContents on our page: foreign navigations and redirects are cancelled, `window.open`
 * is denied (an allowed Xero/Cliniko link is handed to the browser instead), webviews are refused.
 */
export function lockDownContents(
  contents: GuardedContents,
  ownUrl: string,
  openExternal?: OpenExternal,
  onRefused: (what: string, url: string) => void = () => {},
): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url, ownUrl)) {
      event.preventDefault();
      onRefused('navigation', url);
    }
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isOwnPage(event.url, ownUrl)) {
      event.preventDefault();
      onRefused('frame navigation', event.url);
    }
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    onRefused('redirect', url);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    onRefused('webview', '');
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (openExternal) openExternal(url).catch(() => onRefused('window.open', url));
    else onRefused('window.open', url);
    return { action: 'deny' };
  });
}

/** Schemes the app's own page loads from; every other request is cancelled (no remote content). */
const BLOCKED_URLS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'];

/**
 * Denies every permission and download (but the app's own CSV export), and cancels every network
 * request of the session.
 */
export function lockDownSession(
  session: GuardedSession,
  onRefused: (what: string, url: string) => void = () => {},
): void {
  session.setPermissionRequestHandler((_wc, permission, callback) => {
    onRefused('permission', permission);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest({ urls: BLOCKED_URLS }, (details, callback) => {
    onRefused('request', details.url);
    callback({ cancel: true });
  });
  session.on('will-download', (event, item) => {
    if (isOwnCsvExport(item)) {
      item.setSaveDialogOptions({
        title: 'Save the sync log as CSV',
        defaultPath: item.getFilename(),
        filters: [{ name: 'CSV', extensions: ['csv'] }],
      });
      return;
    }
    event.preventDefault();
    onRefused('download', item.getURL());
  });
}
