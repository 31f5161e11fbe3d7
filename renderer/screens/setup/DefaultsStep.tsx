import { useEffect, useRef, useState } from 'react';
import type { XeroRefsView } from '../../../shared/api';
import { useApi } from '../../api/api-context';
import { messageOf } from '../../api/hooks';
import { DefaultsFields } from '../../components/DefaultsFields';
import { ErrorNote, Loading } from '../../components/ui';
import { useLockContext } from '../../lock-context';
import { revenueAccounts, suggestDefaults, type Suggestions } from '../../suggest';
import { StepHeading, StepNav } from './StepNav';

export function DefaultsStep({
  initial,
  back,
  next,
}: {
  initial: Suggestions | null;
  back: () => void;
  next: (d: Suggestions) => void;
}) {
  const api = useApi();
  const { locked } = useLockContext();
  const [refs, setRefs] = useState<XeroRefsView | null>(null);
  const [values, setValues] = useState<Suggestions | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // Read once: the parent passes a fresh copy of the kept choices on every render.
  const initialRef = useRef(initial);
  useEffect(() => {
    const initial = initialRef.current;
    Promise.all([api.invoke('xero.refs', { refresh: true }), api.invoke('settings.get', {})]).then(
      ([r, s]) => {
        setRefs(r);
        const suggested = suggestDefaults(r.accounts, r.taxRates);
        const d = initial ?? s.settings.defaults;
        setValues({
          serviceAccountCode: d.serviceAccountCode || suggested.serviceAccountCode,
          productAccountCode: d.productAccountCode || suggested.productAccountCode,
          paymentAccountCode: d.paymentAccountCode || suggested.paymentAccountCode,
          taxExemptTaxType: d.taxExemptTaxType || suggested.taxExemptTaxType,
        });
      },
      (e: unknown) => setLoadError(messageOf(e)),
    );
  }, [api]);
  if (loadError) return <ErrorNote>{`Could not read Xero's chart of accounts: ${loadError}`}</ErrorNote>;
  if (!refs || !values) return <Loading what="Xero's accounts and tax rates" />;
  const complete = Object.values(values).every((v) => v !== '');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (complete && !locked) next(values);
      }}
    >
      <StepHeading>Default accounts</StepHeading>
      <p className="muted">
        Where Cliniko sales and payments go in Xero unless a mapping says otherwise. Suggestions come from
        your chart of accounts; you can change any of them later on the Defaults tab of Mappings, or in
        Settings.
      </p>
      <DefaultsFields refs={refs} values={values} onChange={setValues} disabled={locked} />
      {revenueAccounts(refs.accounts).length === 0 && (
        <div className="note note-error" role="alert">
          This Xero organisation has no active revenue account. Add one in Xero (Accounting → Chart of
          accounts), then come back.
        </div>
      )}
      <StepNav back={back} nextDisabled={!complete || locked} />
    </form>
  );
}
