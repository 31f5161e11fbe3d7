import { useCallback, useEffect, useState } from 'react';
import type { AppInfo, LogState } from '../shared/api';
import { LOG_STATES } from '../shared/api';
import { useApi, useStatus } from './api/api-context';
import { useLock } from './api/hooks';
import { ClinicProvider } from './clinic-context';
import { LockIcon, SyncIcon, UnlockIcon } from './components/icons';
import { StatusPill } from './components/StatusPill';
import { UnlockDialog } from './components/UnlockDialog';
import { LockContext } from './lock-context';
import { useRoute } from './router';
import { SCREENS } from './screens';
import { Setup } from './screens/setup/Setup';

export type Screen = string;

/** Older call sites: open a screen (the log with a state filter). Same as `go`, kept for the dashboard. */
export type Navigate = (screen: Screen, filter?: { state?: LogState }) => void;

export function App() {
  return (
    <ClinicProvider>
      <Shell />
    </ClinicProvider>
  );
}

function Shell() {
  const api = useApi();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const { status, error } = useStatus();
  const { lock } = useLock();
  const [unlockOpen, setUnlockOpen] = useState(false);
  const [route, go] = useRoute();
  /** Whether the first-run check (setup needed?) has run: it runs once, when the status is known. */
  const [checked, setChecked] = useState(false);

  useEffect(() => {
    void api.invoke('app.info', {}).then(setInfo);
  }, [api]);

  // First run: send an unset-up app to the wizard, unless the address already names a screen to show.
  useEffect(() => {
    if (checked || !status) return;
    const connected = status.cliniko.connected && (status.xero.connected || status.xero.needsReconnect);
    const toSetup = () => {
      if (route.screen === '' || route.screen === 'dashboard') go({ screen: 'setup' }, { replace: true });
      setChecked(true);
    };
    if (!connected) return toSetup();
    api.invoke('settings.get', {}).then(
      (s) => (s.ready ? setChecked(true) : toSetup()),
      () => setChecked(true),
    );
  }, [api, status, checked, route.screen, go]);

  const navigate = useCallback<Navigate>(
    (screen, filter) => go({ screen, params: filter?.state ? { state: filter.state } : {} }),
    [go],
  );

  // A notification was clicked (desktop shell): show the log, filtered.
  useEffect(
    () =>
      api.on('ui.navigate', (nav) => {
        const state = nav.filter?.state;
        navigate(
          'log',
          state && (LOG_STATES as readonly string[]).includes(state)
            ? { state: state as LogState }
            : undefined,
        );
      }),
    [api, navigate],
  );

  const locked = !!lock?.locked;
  const askUnlock = useCallback(() => setUnlockOpen(true), []);
  const inSetup = route.screen === 'setup';
  const current = SCREENS.find((s) => s.id === route.screen) ?? SCREENS[0]!;

  return (
    <LockContext.Provider value={{ lock, locked, askUnlock }}>
      <div className="app">
        <header className="app-header">
          <div className="brand">
            <span className="logo">
              <SyncIcon />
            </span>
            <h1>clinic-xero-sync</h1>
          </div>
          <div className="header-status">
            {error && (
              <span role="alert" className="health health-disconnected">
                {error}
              </span>
            )}
            {!status && !error && <span className="muted">Loading status…</span>}
            {status && <StatusPill status={status} />}
          </div>
          <div className="header-right">
            {lock?.enabled &&
              (locked ? (
                <button type="button" className="btn btn-small" onClick={askUnlock}>
                  <LockIcon /> Locked — Unlock
                </button>
              ) : (
                <button
                  type="button"
                  className="btn btn-small btn-quiet"
                  onClick={() => void api.invoke('lock.lock', {})}
                >
                  <UnlockIcon /> Unlocked — Lock now
                </button>
              ))}
            <span className="version" data-testid="app-version">
              {info ? `Version ${info.version}` : 'Loading…'}
            </span>
          </div>
        </header>
        {inSetup ? (
          <main className="content content-setup">
            <Setup status={status} route={route} go={go} onDone={() => go({ screen: 'dashboard' })} />
          </main>
        ) : (
          <div className="body">
            <nav className="sidebar" aria-label="Screens">
              <ul>
                {SCREENS.map((n) => (
                  <li key={n.id}>
                    <a
                      href={`#/${n.id}`}
                      className={`nav-item${current.id === n.id ? ' active' : ''}`}
                      aria-current={current.id === n.id ? 'page' : undefined}
                    >
                      {n.label}
                      {n.id === 'log' && status && status.counts.needsAttention > 0 && (
                        <span className="badge" aria-label={`${status.counts.needsAttention} need attention`}>
                          {status.counts.needsAttention}
                        </span>
                      )}
                    </a>
                  </li>
                ))}
              </ul>
              <div className="sidebar-foot">
                <a className="link" href="#/setup">
                  Run setup again
                </a>
              </div>
            </nav>
            <main className="content">
              {!checked && !status ? (
                <p className="muted">Loading…</p>
              ) : (
                <current.Component
                  key={current.id}
                  status={status}
                  route={route}
                  go={go}
                  navigate={navigate}
                />
              )}
            </main>
          </div>
        )}
        <UnlockDialog open={unlockOpen} onClose={() => setUnlockOpen(false)} />
      </div>
    </LockContext.Provider>
  );
}
