import { useEffect, useState } from 'react';
import type { AppStatus, XeroAccountView, XeroRefsView, XeroTenant } from '../../shared/api';
import { useApi } from '../api/api-context';
import { messageOf, useAction } from '../api/hooks';
import { ErrorNote, Field, Loading, LockedNote } from '../components/ui';
import { todayIso } from '../format';
import { useLockContext } from '../lock-context';
import {
  accountLabel,
  paymentAccounts,
  revenueAccounts,
  revenueTaxRates,
  suggestDefaults,
  taxLabel,
  type Suggestions,
} from '../suggest';

type Step = 'cliniko' | 'xero' | 'org' | 'defaults' | 'start';
const STEPS: { id: Step; label: string }[] = [
  { id: 'cliniko', label: 'Cliniko' },
  { id: 'xero', label: 'Xero' },
  { id: 'org', label: 'Organisation' },
  { id: 'defaults', label: 'Accounts' },
  { id: 'start', label: 'Start' },
];

/** The first-run wizard: Cliniko key → Xero consent → organisation → defaults → start date. */
export function Setup({ status, onDone }: { status: AppStatus | null; onDone: () => void }) {
  const [step, setStep] = useState<Step | null>(null);
  /** Chosen on the Accounts step, saved with the start date: sync starts only when the user says so. */
  const [defaults, setDefaults] = useState<Suggestions | null>(null);
  // Start at the first step that is not done yet.
  useEffect(() => {
    if (step !== null || !status) return;
    if (!status.cliniko.connected) setStep('cliniko');
    else if (!status.xero.connected) setStep('xero');
    else setStep('org');
  }, [status, step]);

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
            <span className="step-n">{i < index ? '✓' : i + 1}</span> {s.label}
          </li>
        ))}
      </ol>
      <LockedNote what="the connections and settings" />
      <section className="panel wizard-panel">
        {step === 'cliniko' && <ClinikoStep status={status} next={() => setStep('xero')} />}
        {step === 'xero' && (
          <XeroStep status={status} back={() => setStep('cliniko')} next={() => setStep('org')} />
        )}
        {step === 'org' && <OrgStep back={() => setStep('xero')} next={() => setStep('defaults')} />}
        {step === 'defaults' && (
          <DefaultsStep
            initial={defaults}
            back={() => setStep('org')}
            next={(d) => {
              setDefaults(d);
              setStep('start');
            }}
          />
        )}
        {step === 'start' && defaults && (
          <StartStep defaults={defaults} back={() => setStep('defaults')} done={onDone} />
        )}
      </section>
    </div>
  );
}

function Nav({
  back,
  nextLabel = 'Next',
  nextDisabled,
  onNext,
  busy,
}: {
  back?: () => void;
  nextLabel?: string;
  nextDisabled?: boolean;
  onNext?: () => void;
  busy?: boolean;
}) {
  return (
    <div className="actions">
      {back && (
        <button type="button" className="btn" onClick={back}>
          Back
        </button>
      )}
      <span className="spacer" />
      {onNext && (
        <button type="button" className="btn btn-primary" disabled={nextDisabled || busy} onClick={onNext}>
          {busy ? 'Please wait…' : nextLabel}
        </button>
      )}
    </div>
  );
}

function ClinikoStep({ status, next }: { status: AppStatus; next: () => void }) {
  const api = useApi();
  const { locked } = useLockContext();
  const [key, setKey] = useState('');
  const [account, setAccount] = useState<string | null>(status.cliniko.account);
  const { busy, error, run } = useAction();
  const connected = status.cliniko.connected || account !== null;
  // Say where the key really goes: the OS keychain, or the private file used where there is none.
  const [where, setWhere] = useState('on this computer');
  useEffect(() => {
    void api
      .invoke('app.info', {})
      .then((i) =>
        setWhere(
          i.secretStore === 'keychain'
            ? "in this computer's keychain"
            : `in a private file (secrets.json in ${i.dataDir}), because this computer has no keychain the app can use`,
        ),
      );
  }, [api]);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => api.invoke('cliniko.connect', { apiKey: key })).then((r) => {
          if (r) {
            setAccount(r.account);
            setKey('');
            next();
          }
        });
      }}
    >
      <h3>Connect Cliniko</h3>
      <p className="muted">
        In Cliniko, open <em>My info → Manage API keys</em>, create a key and paste it here. The app only
        reads from Cliniko; the key is kept {where}.
      </p>
      {connected && (
        <p className="ok" role="status">
          ✓ Connected to {account ?? status.cliniko.account ?? 'Cliniko'}. Paste another key to change it.
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
      <div className="actions">
        <span className="spacer" />
        {connected && (
          <button type="button" className="btn" onClick={next}>
            Keep this connection
          </button>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy || locked || key.trim() === ''}>
          {busy ? 'Checking the key…' : 'Connect Cliniko'}
        </button>
      </div>
    </form>
  );
}

function XeroStep({ status, back, next }: { status: AppStatus; back: () => void; next: () => void }) {
  const api = useApi();
  const { locked } = useLockContext();
  const { busy, error, run } = useAction();
  const [url, setUrl] = useState<string | null>(null);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  useEffect(
    () =>
      api.on('xero.connect.result', (r) => {
        setUrl(null);
        setResult(r);
        if (r.ok) next();
      }),
    [api, next],
  );
  const connected = status.xero.connected && !status.xero.needsReconnect;
  return (
    <div>
      <h3>Connect to Xero</h3>
      <p className="muted">
        Your web browser opens Xero's sign-in page. Sign in, tick the organisation this clinic uses and press
        <em> Allow access</em>; then come back here.
      </p>
      {connected && !url && (
        <p className="ok" role="status">
          ✓ Connected to {status.xero.tenantName ?? 'Xero'}.
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
      <div className="actions">
        <button type="button" className="btn" onClick={back}>
          Back
        </button>
        <span className="spacer" />
        {connected && (
          <button type="button" className="btn" onClick={next}>
            Keep this connection
          </button>
        )}
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy || locked}
          onClick={() => {
            setResult(null);
            void run(async () => setUrl((await api.invoke('xero.connect', {})).authorizeUrl));
          }}
        >
          {url ? 'Start again' : connected ? 'Connect again' : 'Connect to Xero'}
        </button>
      </div>
    </div>
  );
}

function OrgStep({ back, next }: { back: () => void; next: () => void }) {
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
    <div>
      <h3>Choose the organisation</h3>
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
      <Nav
        back={back}
        busy={busy}
        nextDisabled={!chosen || locked}
        onNext={() =>
          void run(() => api.invoke('xero.chooseTenant', { tenantId: chosen ?? '' })).then((r) => r && next())
        }
      />
    </div>
  );
}

type Choice = { value: string; label: string };

const accountChoice = (a: XeroAccountView): Choice => ({ value: a.code, label: accountLabel(a) });

/** A labelled dropdown with an empty "Choose…" first option. */
function ChoiceField({
  label,
  hint,
  value,
  onChange,
  disabled,
  choices,
}: {
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  disabled: boolean;
  choices: Choice[];
}) {
  return (
    <Field label={label} hint={hint}>
      {(id) => (
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled}>
          <option value="">Choose…</option>
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function DefaultsStep({
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
  useEffect(() => {
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
  }, [api, initial]);
  if (loadError) return <ErrorNote>{`Could not read Xero's chart of accounts: ${loadError}`}</ErrorNote>;
  if (!refs || !values) return <Loading what="Xero's accounts and tax rates" />;
  const revenue = revenueAccounts(refs.accounts);
  const pay = paymentAccounts(refs.accounts);
  const taxes = revenueTaxRates(refs.taxRates);
  const set = (k: keyof Suggestions) => (v: string) => setValues({ ...values, [k]: v });
  const complete = Object.values(values).every((v) => v !== '');
  return (
    <div>
      <h3>Default accounts</h3>
      <p className="muted">
        Where Cliniko sales and payments go in Xero unless a mapping says otherwise. Suggestions come from
        your chart of accounts; you can change any of them later under Mappings.
      </p>
      <div className="form-grid">
        <ChoiceField
          label="Services (billable items) account"
          value={values.serviceAccountCode}
          onChange={set('serviceAccountCode')}
          disabled={locked}
          choices={revenue.map(accountChoice)}
        />
        <ChoiceField
          label="Products account"
          value={values.productAccountCode}
          onChange={set('productAccountCode')}
          disabled={locked}
          choices={revenue.map(accountChoice)}
        />
        <ChoiceField
          label="Payments account"
          hint="A bank account, or a clearing account with payments enabled."
          value={values.paymentAccountCode}
          onChange={set('paymentAccountCode')}
          disabled={locked}
          choices={pay.map(accountChoice)}
        />
        <ChoiceField
          label="Tax rate for tax-free lines"
          hint="Used for lines with no tax, e.g. GST-free consultations."
          value={values.taxExemptTaxType}
          onChange={set('taxExemptTaxType')}
          disabled={locked}
          choices={taxes.map((r) => ({ value: r.taxType, label: taxLabel(r) }))}
        />
      </div>
      {revenue.length === 0 && (
        <div className="note note-error" role="alert">
          This Xero organisation has no active revenue account. Add one in Xero (Accounting → Chart of
          accounts), then come back.
        </div>
      )}
      <Nav back={back} nextDisabled={!complete || locked} onNext={() => next(values)} />
    </div>
  );
}

function StartStep({ defaults, back, done }: { defaults: Suggestions; back: () => void; done: () => void }) {
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
      <h3>Sync invoices from</h3>
      <p className="muted">
        Invoices issued on or after this date are sent to Xero. Earlier ones are left alone. Choose the first
        day your Xero books should get Cliniko invoices for.
      </p>
      <Field label="Sync invoices from">
        {(id) => (
          <input
            id={id}
            type="date"
            required
            value={from}
            max={todayIso()}
            disabled={locked}
            onChange={(e) => setFrom(e.target.value)}
          />
        )}
      </Field>
      <ErrorNote>{error}</ErrorNote>
      <div className="actions">
        <button type="button" className="btn" onClick={back}>
          Back
        </button>
        <span className="spacer" />
        <button type="submit" className="btn btn-primary" disabled={busy || locked || !from}>
          {busy ? 'Starting…' : 'Start syncing'}
        </button>
      </div>
    </form>
  );
}
