import { useEffect, useState } from 'react';
import type { XeroTenant } from '../../../shared/api';
import { useApi } from '../../api/api-context';
import { messageOf, useAction } from '../../api/hooks';
import { ErrorNote, Loading } from '../../components/ui';
import { useLockContext } from '../../lock-context';
import { StepHeading, StepNav } from './StepNav';

export function OrgStep({ back, next }: { back: () => void; next: () => void }) {
  const api = useApi();
  const { locked } = useLockContext();
  const [tenants, setTenants] = useState<XeroTenant[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  useEffect(() => {
    api.invoke('xero.tenants', {}).then(
      (r) => {
        setTenants(r.tenants);
        setChosen(r.chosen ?? (r.tenants.length === 1 ? (r.tenants[0]?.tenantId ?? null) : null));
      },
      (e: unknown) => setLoadError(messageOf(e)),
    );
  }, [api]);
  if (loadError) return <ErrorNote>{loadError}</ErrorNote>;
  if (!tenants) return <Loading what="your Xero organisations" />;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => api.invoke('xero.chooseTenant', { tenantId: chosen ?? '' })).then((r) => r && next());
      }}
    >
      <StepHeading>Choose the organisation</StepHeading>
      {tenants.length === 0 ? (
        <div className="note note-error" role="alert">
          Xero did not give access to any organisation. Go back, connect again and tick an organisation on
          Xero's page.
        </div>
      ) : (
        <fieldset className="radio-list">
          <legend>Which Xero organisation should invoices go to?</legend>
          {tenants.map((t) => (
            <label key={t.tenantId} className="radio">
              <input
                type="radio"
                name="tenant"
                value={t.tenantId}
                checked={chosen === t.tenantId}
                disabled={locked}
                onChange={() => setChosen(t.tenantId)}
              />
              {t.tenantName}
            </label>
          ))}
        </fieldset>
      )}
      <ErrorNote>{error}</ErrorNote>
      <StepNav back={back} busy={busy} nextDisabled={!chosen || locked} />
    </form>
  );
}
