import { useEffect, useState } from 'react';
import type { AppStatus } from '../../../shared/api';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/hooks';
import { CheckIcon } from '../../components/icons';
import { ErrorNote, Field } from '../../components/ui';
import { useLockContext } from '../../lock-context';
import { StepHeading, StepNav } from './StepNav';

export function ClinikoStep({ status, next }: { status: AppStatus; next: () => void }) {
  const api = useApi();
  const { locked } = useLockContext();
  const [key, setKey] = useState('');
  const [account, setAccount] = useState<string | null>(status.cliniko.account);
  // Where the key really goes: the OS keychain, or the private file used where there is none.
  const [where, setWhere] = useState('on this computer');
  const { busy, error, run } = useAction();
  const connected = status.cliniko.connected || account !== null;
  useEffect(() => {
    api.invoke('app.info', {}).then(
      (i) =>
        setWhere(
          i.secretStore === 'keychain'
            ? 'in this computer’s keychain'
            : `in a private file (secrets.json in ${i.dataDir}), because this computer has no keychain the app can use`,
        ),
      () => {},
    );
  }, [api]);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (key.trim() === '' && connected) return next();
        void run(() => api.invoke('cliniko.connect', { apiKey: key })).then((r) => {
          if (r) {
            setAccount(r.account);
            setKey('');
            next();
          }
        });
      }}
    >
      <StepHeading>Connect Cliniko</StepHeading>
      <p className="muted">
        In Cliniko, open <em>My info → Manage API keys</em>, create a key and paste it here. The app only
        reads from Cliniko; the key is kept {where}.
      </p>
      {connected && (
        <p className="ok" role="status">
          <CheckIcon /> Connected to {account ?? status.cliniko.account ?? 'Cliniko'}. Paste another key to
          change it.
        </p>
      )}
      <Field label="Cliniko API key">
        {(id) => (
          <input
            id={id}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={key}
            disabled={locked}
            onChange={(e) => setKey(e.target.value)}
            placeholder="MS0xMjM0NTY3ODkw…-au1"
          />
        )}
      </Field>
      <ErrorNote>{error}</ErrorNote>
      <StepNav
        busy={busy}
        nextLabel={busy ? 'Checking the key…' : 'Connect Cliniko'}
        nextDisabled={locked || key.trim() === ''}
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
