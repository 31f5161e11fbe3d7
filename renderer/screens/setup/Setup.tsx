import { useEffect, useRef } from 'react';
import type { AppStatus } from '../../../shared/api';
import { CheckIcon } from '../../components/icons';
import { Loading, LockedNote } from '../../components/ui';
import type { Go, Route } from '../../router';
import type { Suggestions } from '../../suggest';
import { ClinikoStep } from './ClinikoStep';
import { DefaultsStep } from './DefaultsStep';
import { OrgStep } from './OrgStep';
import { chosenDefaults } from './setup-session';
import { StartStep } from './StartStep';
import { XeroStep } from './XeroStep';

type Step = 'cliniko' | 'xero' | 'org' | 'defaults' | 'start';
const STEPS: { id: Step; label: string }[] = [
  { id: 'cliniko', label: 'Cliniko' },
  { id: 'xero', label: 'Xero' },
  { id: 'org', label: 'Organisation' },
  { id: 'defaults', label: 'Accounts' },
  { id: 'start', label: 'Start' },
];
const isStep = (s: string): s is Step => STEPS.some((x) => x.id === s);

/**
 * The first-run wizard: Cliniko key → Xero consent → organisation → defaults → start date. The step is
 * the address (#/setup/<step>), so back/forward move between steps and a reload stays on the step.
 */
export function Setup({
  status,
  route,
  go,
  onDone,
}: {
  status: AppStatus | null;
  route: Route;
  go: Go;
  onDone: () => void;
}) {
  const step = isStep(route.sub) ? route.sub : null;
  const to = (s: Step) => go({ screen: 'setup', sub: s });
  // No step in the address: start at the first one that is not done yet.
  useEffect(() => {
    if (step !== null || !status) return;
    const first: Step = !status.cliniko.connected ? 'cliniko' : !status.xero.connected ? 'xero' : 'org';
    go({ screen: 'setup', sub: first }, { replace: true });
  }, [status, step, go]);
  // The start step needs the defaults chosen before it (kept for the tab): without them, go back there.
  const defaults = chosenDefaults.get();
  // Once "Start syncing" is done the defaults are cleared while the address still says `start` (the
  // route follows hashchange): that must not send the user back to the defaults step.
  const finished = useRef(false);
  useEffect(() => {
    if (step === 'start' && !defaults && !finished.current)
      go({ screen: 'setup', sub: 'defaults' }, { replace: true });
  }, [step, defaults, go]);

  if (!status || !step) return <Loading what="setup" />;
  const index = STEPS.findIndex((s) => s.id === step);
  return (
    <div className="wizard">
      <div className="screen-head">
        <h2>Set up clinic-xero-sync</h2>
        <button type="button" className="link" onClick={onDone}>
          Set up later
        </button>
      </div>
      <ol className="steps" aria-label="Setup steps">
        {STEPS.map((s, i) => (
          <li
            key={s.id}
            className={i < index ? 'done' : i === index ? 'current' : ''}
            aria-current={i === index ? 'step' : undefined}
          >
            <span className="step-n">{i < index ? <CheckIcon title="done" /> : i + 1}</span> {s.label}
          </li>
        ))}
      </ol>
      <LockedNote what="the connections and settings" />
      <section className="panel wizard-panel" aria-label={`Step ${index + 1} of ${STEPS.length}`}>
        {step === 'cliniko' && <ClinikoStep status={status} next={() => to('xero')} />}
        {step === 'xero' && <XeroStep status={status} back={() => to('cliniko')} next={() => to('org')} />}
        {step === 'org' && <OrgStep back={() => to('xero')} next={() => to('defaults')} />}
        {step === 'defaults' && (
          <DefaultsStep
            initial={defaults}
            back={() => to('org')}
            next={(d: Suggestions) => {
              chosenDefaults.set(d);
              to('start');
            }}
          />
        )}
        {step === 'start' && defaults && (
          <StartStep
            defaults={defaults}
            back={() => to('defaults')}
            done={() => {
              finished.current = true;
              chosenDefaults.set(null);
              onDone();
            }}
          />
        )}
      </section>
    </div>
  );
}
