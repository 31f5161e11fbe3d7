import { describe, expect, it } from 'vitest';
import { linkInArgv, parseAppLink, registerAppLinks, type AppLinksApp } from './app-links.js';

describe('clinic-xero-sync:// links (alert emails)', () => {
  it('opens the sync log, filtered by a known state only', () => {
    expect(parseAppLink('clinic-xero-sync://log?state=needs_attention')).toEqual({
      screen: 'log',
      filter: { state: 'needs_attention' },
    });
    expect(parseAppLink('clinic-xero-sync://log')).toEqual({ screen: 'log' });
    expect(parseAppLink('clinic-xero-sync://log?state=drop-tables')).toEqual({ screen: 'log' });
    expect(parseAppLink('clinic-xero-sync://settings')).toBeNull();
    expect(parseAppLink('https://log?state=failed')).toBeNull();
    expect(parseAppLink('not a url')).toBeNull();
  });

  it('finds the link on a launch command line (Windows, Linux)', () => {
    expect(linkInArgv(['/opt/app', '--hidden', 'clinic-xero-sync://log?state=failed'])).toEqual({
      screen: 'log',
      filter: { state: 'failed' },
    });
    expect(linkInArgv(['/opt/app'])).toBeNull();
  });

  it('registers the scheme and follows macOS open-url', () => {
    const calls: unknown[][] = [];
    const listeners: ((e: { preventDefault(): void }, url: string) => void)[] = [];
    const app: AppLinksApp = {
      setAsDefaultProtocolClient: (...args: unknown[]) => (calls.push(args), true),
      on: (_event, listener) => listeners.push(listener),
    };
    const went: unknown[] = [];
    registerAppLinks(app, (nav) => went.push(nav));
    expect(calls[0]?.[0]).toBe('clinic-xero-sync');
    let prevented = false;
    expect(listeners).toHaveLength(1);
    listeners[0]?.(
      { preventDefault: () => (prevented = true) },
      'clinic-xero-sync://log?state=needs_attention',
    );
    expect(prevented).toBe(true);
    expect(went).toEqual([{ screen: 'log', filter: { state: 'needs_attention' } }]);
  });
});
