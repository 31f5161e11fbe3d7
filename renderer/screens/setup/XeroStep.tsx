import { useEffect, useState } from 'react';
import type { AppStatus } from '../../../shared/api';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/hooks';
import { CheckIcon } from '../../components/icons';
import { ErrorNote } from '../../components/ui';
import { useLockContext } from '../../lock-context';
import { pendingConsent } from './setup-session';
import { StepHeading, StepNav } from './StepNav';

/**
 * Xero's consent runs in the browser while this step waits. The consent link is kept for the tab, so a
 * reload shows the wait again; the core's loopback listener is still waiting, and a consent finished
 * during the reload shows up as a new connection in the status.
 */
export function XeroStep({ status, back, next }: { status: AppStatus; back: () => void; next: () => void }) {
  const api = useApi();
  const { locked } = useLockContext();
  const { busy, error, run } = useAction();
  const [pending, setPending] = useState(() => pendingConsent.get());
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const url = pending?.url ?? null;
  useEffect(
    () =>
      api.on('xero.connect.result', (r) => {
        pendingConsent.set(null);
        setPending(null);
        setResult(r);
        if (r.ok) next();
      }),
    [api, next],
  );
  const connected = status.xero.connected && !status.xero.needsReconnect;
  // The consent ended while this page was reloading: the event is gone, the connection is not.
  useEffect(() => {
    if (pending && !pending.wasConnected && connected) {
      pendingConsent.set(null);
      setPending(null);
      next();
    }
  }, [pending, connected, next]);
  const start = () => {
    setResult(null);
    void run(async () => {
      const p = { url: (await api.invoke('xero.connect', {})).authorizeUrl, wasConnected: connected };
      pendingConsent.set(p);
      setPending(p);
    });
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        start();
      }}
    >
      <StepHeading>Connect to Xero</StepHeading>
      <p className="muted">
        Your web browser opens Xero's sign-in page. Sign in, tick the organisation this clinic uses and press
        <em> Allow access</em>; then come back here.
      </p>
      {connected && !url && (
        <p className="ok" role="status">
          <CheckIcon /> Connected to {status.xero.tenantName ?? 'Xero'}.
        </p>
      )}
      {url && (
        <div className="note note-info" role="status" data-testid="xero-waiting">
          <span className="spinner" aria-hidden="true" /> Waiting for Xero… If your browser did not open,{' '}
          <a href={url} target="_blank" rel="noreferrer" data-testid="xero-consent-link">
            open Xero's consent page
          </a>
          .
        </div>
      )}
      {result && !result.ok && (
        <div className="note note-error" role="alert">
          {result.message}
        </div>
      )}
      <ErrorNote>{error}</ErrorNote>
      <StepNav
        back={back}
        busy={busy}
        nextDisabled={locked}
        nextLabel={url ? 'Start again' : connected ? 'Connect again' : 'Connect to Xero'}
      >
        {connected && (
          <button type="button" className="btn" onClick={next}>
            Keep this connection
          </button>
        )}
      </StepNav>
    </form>
  );
}
