import { useEffect, useState } from 'react';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/hooks';
import { DateInput } from '../../components/DateInput';
import { ErrorNote, Field } from '../../components/ui';
import { todayIso } from '../../format';
import { useLockContext } from '../../lock-context';
import type { Suggestions } from '../../suggest';
import { StepHeading, StepNav } from './StepNav';

export function StartStep({
  defaults,
  back,
  done,
}: {
  defaults: Suggestions;
  back: () => void;
  done: () => void;
}) {
  const api = useApi();
  const { locked } = useLockContext();
  const [from, setFrom] = useState<string>('');
  const [before, setBefore] = useState<{ syncFrom: string; ready: boolean } | null>(null);
  const { busy, error, run } = useAction();
  useEffect(() => {
    api.invoke('settings.get', {}).then(
      (s) => {
        setFrom(s.settings.syncFrom);
        setBefore({ syncFrom: s.settings.syncFrom, ready: s.ready });
      },
      () => setFrom(todayIso()),
    );
  }, [api]);
  const start = async () => {
    // Defaults and start date together: the settings become complete (and sync may start) only now.
    await api.invoke('settings.update', { patch: { defaults, syncFrom: from } });
    // Already syncing with a later start date: send the history in between too.
    if (before?.ready && from < before.syncFrom) await api.invoke('sync.backfill', { since: from });
    else await api.invoke('sync.now', {});
    return true;
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void run(start).then((ok) => ok && done());
      }}
    >
      <StepHeading>Sync invoices from</StepHeading>
      <p className="muted">
        Invoices issued on or after this date are sent to Xero. Earlier ones are left alone. Choose the first
        day your Xero books should get Cliniko invoices for.
      </p>
      <Field label="Sync invoices from">
        {(id) => (
          <DateInput id={id} required value={from} max={todayIso()} disabled={locked} onChange={setFrom} />
        )}
      </Field>
      <ErrorNote>{error}</ErrorNote>
      <StepNav
        back={back}
        busy={busy}
        nextDisabled={locked || !from}
        nextLabel={busy ? 'Starting…' : 'Start syncing'}
      />
    </form>
  );
}
