import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OpenExternal } from './core/ports.js';
import {
  externalAllowlist,
  isAllowedExternalUrl,
  isOwnPage,
  lockDownContents,
  lockDownSession,
  ownPageUrl,
  safeOpenExternal,
  type GuardedContents,
  type DownloadItemLike,
  type GuardedSession,
} from './security.js';

type Listener = (...args: never[]) => void;
type Call = (...args: unknown[]) => void;

class FakeEvent {
  prevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.prevented = true;
  }
}

class FakeContents implements GuardedContents {
  readonly listeners = new Map<string, Listener>();
  openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  on(event: string, listener: Listener): this {
    this.listeners.set(event, listener);
    return this;
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }): void {
    this.openHandler = h;
  }
  fire(event: string, ...args: unknown[]): void {
    (this.listeners.get(event) as Call | undefined)?.(...args);
  }
  /** Fires will-navigate and tells whether the navigation went ahead. */
  navigate(url: string): boolean {
    const e = new FakeEvent(url);
    this.fire('will-navigate', e, url);
    const f = new FakeEvent(url);
    this.fire('will-frame-navigate', f);
    return !e.prevented && !f.prevented;
  }
}

const indexFile = path.resolve('/opt/app/dist-renderer/index.html');
const own = ownPageUrl(indexFile);
const allow = externalAllowlist({});

describe('navigation', () => {
  it('stays on our page (any #route of it) and denies every other origin or file', () => {
    const c = new FakeContents();
    lockDownContents(c, own);
    expect(c.navigate(own)).toBe(true);
    expect(c.navigate(`${own}#/log?state=failed`)).toBe(true);
    for (const url of [
      'https://evil.example/',
      'https://login.xero.com/identity/connect/authorize',
      'http://127.0.0.1:5173/',
      'file:///etc/passwd',
      `${own}/../other.html`,
      'file:///opt/app/dist-renderer/other.html',
      `${own}?x=1`,
      'javascript:alert(1)',
      'data:text/html,<h1>x</h1>',
      'not a url',
    ]) {
      expect(c.navigate(url), url).toBe(false);
    }
  });

  it('cancels redirects and webviews, denies window.open and hands allowed links to the browser', async () => {
    const c = new FakeContents();
    const opened: string[] = [];
    const refused: string[] = [];
    const openExternal: OpenExternal = safeOpenExternal((u) => {
      opened.push(u);
      return Promise.resolve();
    }, allow);
    lockDownContents(c, own, openExternal, (what, url) => refused.push(`${what} ${url}`));
    const redirect = new FakeEvent();
    c.fire('will-redirect', redirect, 'https://x.example/');
    const webview = new FakeEvent();
    c.fire('will-attach-webview', webview);
    expect([redirect.prevented, webview.prevented]).toEqual([true, true]);
    expect(c.openHandler?.({ url: 'https://go.xero.com/AccountsReceivable/View.aspx?InvoiceID=1' })).toEqual({
      action: 'deny',
    });
    expect(c.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    await new Promise((r) => setTimeout(r, 0));
    expect(opened).toEqual(['https://go.xero.com/AccountsReceivable/View.aspx?InvoiceID=1']);
    expect(refused).toContain('window.open https://evil.example/');
  });

  it('isOwnPage compares the whole file URL', () => {
    expect(isOwnPage(`${own}#x`, own)).toBe(true);
    expect(isOwnPage(own.replace('index.html', 'index.htm'), own)).toBe(false);
  });
});

describe('openExternal allowlist', () => {
  it("opens Xero's login and app and Cliniko's hosts over https", () => {
    for (const url of [
      'https://login.xero.com/identity/connect/authorize?client_id=x',
      'https://go.xero.com/organisationlogin/default.aspx',
      'https://clinic.au2.cliniko.com/invoices/1',
      'https://www.cliniko.com/',
      'https://LOGIN.XERO.COM/',
    ]) {
      expect(isAllowedExternalUrl(url, allow), url).toBe(true);
    }
  });

  it('refuses a host outside the allowlist and look-alikes', async () => {
    for (const url of [
      'https://evil.example/',
      'http://login.xero.com/',
      'https://login.xero.com.evil.example/',
      'https://evilcliniko.com/',
      'https://cliniko.com.evil.example/',
      'https://xero.com/',
      'https://api.xero.com/api.xro/2.0/Invoices',
      'https://user:pw@login.xero.com/',
      'https://login.xero.com:8443/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'mailto:a@b.c',
      '',
    ]) {
      expect(isAllowedExternalUrl(url, allow), url).toBe(false);
    }
    const opened: string[] = [];
    const open = safeOpenExternal((u) => {
      opened.push(u);
      return Promise.resolve();
    }, allow);
    await expect(open('https://evil.example/path')).rejects.toThrow(
      /only opens Xero and Cliniko pages.*evil\.example/,
    );
    expect(opened).toEqual([]);
  });

  it('adds the configured CXS_XERO_LOGIN_URL origin (the simulator), and only that origin', () => {
    const sim = externalAllowlist({ CXS_XERO_LOGIN_URL: 'http://127.0.0.1:4567/identity/connect/authorize' });
    expect(isAllowedExternalUrl('http://127.0.0.1:4567/identity/connect/authorize?x=1', sim)).toBe(true);
    expect(isAllowedExternalUrl('http://127.0.0.1:4568/', sim)).toBe(false);
    expect(isAllowedExternalUrl('http://127.0.0.1:4567/', allow)).toBe(false);
    expect(externalAllowlist({ CXS_XERO_LOGIN_URL: 'javascript:alert(1)' }).origins).toEqual([]);
  });
});

describe('session', () => {
  it('denies every permission, download (but our own CSV export) and network request', () => {
    type S = GuardedSession;
    const got: {
      request?: Parameters<S['setPermissionRequestHandler']>[0];
      check?: Parameters<S['setPermissionCheckHandler']>[0];
      urls?: string[];
      onRequest?: Parameters<S['webRequest']['onBeforeRequest']>[1];
      onDownload?: (e: FakeEvent, item: DownloadItemLike) => void;
    } = {};
    const s: S = {
      setPermissionRequestHandler: (h) => (got.request = h),
      setPermissionCheckHandler: (h) => (got.check = h),
      webRequest: {
        onBeforeRequest: (f, l) => {
          got.urls = f.urls;
          got.onRequest = l;
        },
      },
      on: (_event, l) => (got.onDownload = l),
    };
    lockDownSession(s);
    const answers: boolean[] = [];
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      got.request?.(null, p, (granted) => answers.push(granted));
      answers.push(got.check?.(null, p) ?? true);
    }
    expect(answers).toEqual(Array(10).fill(false));
    expect(got.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
    let response: { cancel?: boolean } = {};
    got.onRequest?.({ url: 'https://cdn.example/x.js' }, (r) => (response = r));
    expect(response).toEqual({ cancel: true });
    const download = (url: string, name: string) => {
      const event = new FakeEvent();
      const dialogs: unknown[] = [];
      got.onDownload?.(event, {
        getURL: () => url,
        getFilename: () => name,
        setSaveDialogOptions: (o) => dialogs.push(o),
      });
      return { prevented: event.prevented, dialogs };
    };
    expect(download('https://evil.example/x.exe', 'x.exe')).toEqual({ prevented: true, dialogs: [] });
    expect(download('blob:https://evil.example/1', 'log.csv').prevented).toBe(true);
    expect(download('blob:file:///5f1c', 'payload.exe').prevented).toBe(true);
    // The sync log's own CSV export: allowed, through a save dialog.
    const own = download('blob:file:///5f1c-22', 'sync-log-2026-11-24.csv');
    expect(own.prevented).toBe(false);
    expect(own.dialogs).toEqual([expect.objectContaining({ defaultPath: 'sync-log-2026-11-24.csv' })]);
  });
});
