import { useCallback, useEffect, useState } from 'react';
import type { AppInfo, LogState } from '../shared/api';
import { useApi, useStatus } from './api/api-context';
import { useLock } from './api/hooks';
import { StatusPill } from './components/StatusPill';
import { UnlockDialog } from './components/UnlockDialog';
import { LockContext } from './lock-context';
import { Dashboard } from './screens/Dashboard';
import { Mappings } from './screens/Mappings';
import { Payments } from './screens/payments/Payments';
import { Reconcile } from './screens/reconcile/Reconcile';
import { Settings } from './screens/Settings';
import { Setup } from './screens/Setup';
import { SyncLog } from './screens/SyncLog';

export type Screen = 'dashboard' | 'mappings' | 'log' | 'payments' | 'reconcile' | 'settings';
const NAV: { id: Screen; label: string }[] = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'mappings', label: 'Mappings' },
  { id: 'log', label: 'Sync log' },
  { id: 'payments', label: 'Payments' },
  { id: 'reconcile', label: 'Reconcile' },
  { id: 'settings', label: 'Settings' },
];

export type Navigate = (screen: Screen, filter?: { state?: LogState }) => void;

export function App() {
  const api = useApi();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const { status, error } = useStatus();
  const { lock } = useLock();
  const [unlockOpen, setUnlockOpen] = useState(false);
  /** null until we know whether setup is needed. */
  const [mode, setMode] = useState<'setup' | 'main' | null>(null);
  const [screen, setScreen] = useState<Screen>('dashboard');
  const [logFilter, setLogFilter] = useState<{ state?: LogState } | undefined>(undefined);

  useEffect(() => {
    void api.invoke('app.info', {}).then(setInfo);
  }, [api]);

  // First run: decide once, when the status is known, whether to show the setup wizard.
  useEffect(() => {
    if (mode !== null || !status) return;
    const connected = status.cliniko.connected && (status.xero.connected || status.xero.needsReconnect);
    if (!connected) return setMode('setup');
    api.invoke('settings.get', {}).then(
      (s) => setMode(s.ready ? 'main' : 'setup'),
      () => setMode('main'),
    );
  }, [api, status, mode]);

  const navigate = useCallback<Navigate>((s, filter) => {
    setMode('main');
    setScreen(s);
    if (s === 'log') setLogFilter(filter ? { ...filter } : undefined);
  }, []);

  // A notification was clicked (desktop shell): show the log, filtered.
  useEffect(
    () =>
      api.on('ui.navigate', (nav) => {
        const state = nav.filter?.state;
        navigate(
          'log',
          state && ['pending', 'synced', 'failed', 'needs_attention'].includes(state)
            ? { state: state as LogState }
            : undefined,
        );
      }),
    [api, navigate],
  );

  const locked = !!lock?.locked;
  const askUnlock = useCallback(() => setUnlockOpen(true), []);

  return (
    <LockContext.Provider value={{ lock, locked, askUnlock }}>
      <div className="app">
        <header className="app-header">
          <div className="brand">
            <span className="logo" aria-hidden="true">
              ⇄
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
                  🔒 Locked — Unlock
                </button>
              ) : (
                <button
                  type="button"
                  className="btn btn-small btn-quiet"
                  onClick={() => void api.invoke('lock.lock', {})}
                >
                  🔓 Unlocked — Lock now
                </button>
              ))}
            <span className="version" data-testid="app-version">
              {info ? `Version ${info.version}` : 'Loading…'}
            </span>
          </div>
        </header>
        {mode === 'setup' ? (
          <main className="content content-setup">
            <Setup status={status} onDone={() => navigate('dashboard')} />
          </main>
        ) : (
          <div className="body">
            <nav className="sidebar" aria-label="Screens">
              <ul>
                {NAV.map((n) => (
                  <li key={n.id}>
                    <button
                      type="button"
                      className={`nav-item${screen === n.id ? ' active' : ''}`}
                      aria-current={screen === n.id ? 'page' : undefined}
                      onClick={() => navigate(n.id)}
                    >
                      {n.label}
                      {n.id === 'log' && status && status.counts.needsAttention > 0 && (
                        <span className="badge" aria-label={`${status.counts.needsAttention} need attention`}>
                          {status.counts.needsAttention}
                        </span>
                      )}
                    </button>
                  </li>
                ))}
              </ul>
              <div className="sidebar-foot">
                <button type="button" className="link" onClick={() => setMode('setup')}>
                  Run setup again
                </button>
              </div>
            </nav>
            <main className="content">
              {mode === null && <p className="muted">Loading…</p>}
              {mode === 'main' && screen === 'dashboard' && <Dashboard status={status} navigate={navigate} />}
              {mode === 'main' && screen === 'mappings' && <Mappings />}
              {mode === 'main' && screen === 'log' && <SyncLog initialFilter={logFilter} />}
              {mode === 'main' && screen === 'payments' && <Payments />}
              {mode === 'main' && screen === 'reconcile' && <Reconcile />}
              {mode === 'main' && screen === 'settings' && <Settings status={status} />}
            </main>
          </div>
        )}
        <UnlockDialog open={unlockOpen} onClose={() => setUnlockOpen(false)} />
      </div>
    </LockContext.Provider>
  );
}
