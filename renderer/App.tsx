import { useEffect, useState } from 'react';
import type { AppInfo } from '../shared/api';
import { useApi, useStatus } from './api/api-context';

export function App() {
  const api = useApi();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const { status, error } = useStatus();
  useEffect(() => {
    void api.invoke('app.info', {}).then(setInfo);
  }, [api]);

  return (
    <div className="app">
      <header className="app-header">
        <h1>clinic-xero-sync</h1>
        <span className="version" data-testid="app-version">
          {info ? `Version ${info.version}` : 'Loading…'}
        </span>
      </header>
      <main>
        <section className="panel" aria-labelledby="status-heading">
          <h2 id="status-heading">Status</h2>
          {error && <p role="alert">{error}</p>}
          {!status && !error && <p>Loading status…</p>}
          {status && (
            <p data-testid="app-status" className={`health health-${status.health}`}>
              {status.summary}
            </p>
          )}
        </section>
      </main>
    </div>
  );
}
