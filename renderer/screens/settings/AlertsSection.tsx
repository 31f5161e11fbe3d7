import { useEffect, useState } from 'react';
import type { AlertSettingsView } from '../../../shared/api';
import { useApi } from '../../api/api-context';
import { useAction, useCall } from '../../api/hooks';
import { ErrorNote, Field } from '../../components/ui';
import { useLockContext } from '../../lock-context';

/** Settings → Item codes: whether lines carry Xero ItemCodes (only codes Xero has; issue 17). */
export function ItemCodesSection() {
  const api = useApi();
  const { locked } = useLockContext();
  const settings = useCall('settings.get', {});
  const save = useAction();
  // Shown at once; put back to what is saved if the save is refused.
  const [on, setOn] = useState<boolean | null>(null);
  const savedOn = settings.data?.settings.sendItemCodes;
  useEffect(() => {
    if (savedOn !== undefined) setOn(savedOn);
  }, [savedOn]);
  if (on === null) return null;
  return (
    <section className="panel" aria-labelledby="items-h">
      <h3 id="items-h">Item codes</h3>
      <p className="muted">
        A line gets the Xero item code only when Xero has an inventory item with the Cliniko product's or
        billable item's code; otherwise it goes without one. The account and tax rate are always the ones from
        Mappings, so totals stay Cliniko's.
      </p>
      <label className="check">
        <input
          type="checkbox"
          checked={on}
          disabled={locked || save.busy}
          onChange={(e) => {
            const sendItemCodes = e.target.checked;
            setOn(sendItemCodes);
            void save
              .run(() => api.invoke('settings.update', { patch: { sendItemCodes } }))
              .then((r) => (r ? settings.setData(r) : setOn(savedOn ?? false)));
          }}
        />
        Send item codes to Xero
      </label>
      <ErrorNote>{save.error}</ErrorNote>
    </section>
  );
}

type Form = Omit<AlertSettingsView, 'to'> & { to: string };

function toForm(a: AlertSettingsView): Form {
  return { ...a, to: a.to.join(', ') };
}

/** Settings → Email alerts: SMTP server, addresses, the password (kept in the keychain) and a test email. */
export function AlertsSection() {
  const api = useApi();
  const { locked } = useLockContext();
  const settings = useCall('settings.get', {});
  const pw = useCall('alerts.status', {});
  const [form, setForm] = useState<Form | null>(null);
  const [password, setPassword] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const save = useAction();
  const test = useAction();

  useEffect(() => {
    const a = settings.data?.settings.alerts;
    if (a) setForm(toForm(a));
  }, [settings.data]);

  if (!form) return null;
  const change = (patch: Partial<Form>) => {
    setDone(null);
    setForm({ ...form, ...patch });
  };
  const patch = (): AlertSettingsView => ({
    ...form,
    to: form.to
      .split(/[,;\s]+/)
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  });

  /** Saves what is on screen (the password only when one was typed); null when refused. */
  const persist = async () => {
    const r = await api.invoke('settings.update', { patch: { alerts: patch() } });
    if (password !== '') await api.invoke('alerts.setPassword', { password });
    settings.setData(r);
    setPassword('');
    pw.reload();
    return r;
  };

  return (
    <form
      className="panel"
      aria-labelledby="alerts-h"
      onSubmit={(e) => {
        e.preventDefault();
        setDone(null);
        void save.run(persist).then((r) => r && setDone('✓ Saved'));
      }}
    >
      <h3 id="alerts-h">Email alerts</h3>
      <p className="muted">
        An email when invoices need attention, the Xero connection is lost, Xero's daily limit pauses syncing,
        or sync has failed for over an hour: at most one an hour, and one when all is well again.
      </p>
      <fieldset disabled={locked} className="plain">
        <label className="check">
          <input
            type="checkbox"
            checked={form.enabled}
            onChange={(e) => change({ enabled: e.target.checked })}
          />
          Send email alerts
        </label>
        <div className="form-grid">
          <Field label="SMTP server" hint="e.g. smtp.office365.com">
            {(id) => (
              <input id={id} value={form.smtpHost} onChange={(e) => change({ smtpHost: e.target.value })} />
            )}
          </Field>
          <Field label="Port" hint="587 with STARTTLS, 465 with TLS.">
            {(id) => (
              <input
                id={id}
                type="number"
                min={1}
                max={65535}
                value={form.smtpPort}
                onChange={(e) => change({ smtpPort: Number(e.target.value) })}
              />
            )}
          </Field>
          <Field label="Security">
            {(id) => (
              <select
                id={id}
                value={form.smtpTls}
                onChange={(e) => change({ smtpTls: e.target.value as Form['smtpTls'] })}
              >
                <option value="starttls">STARTTLS</option>
                <option value="tls">TLS</option>
                <option value="none">None (not encrypted)</option>
              </select>
            )}
          </Field>
          <Field label="SMTP user" hint="Leave empty if the server needs no sign-in.">
            {(id) => (
              <input
                id={id}
                autoComplete="off"
                value={form.smtpUser}
                onChange={(e) => change({ smtpUser: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="SMTP password"
            hint={
              pw.data?.passwordSet
                ? 'A password is stored in the keychain. Type a new one to replace it.'
                : 'Kept in the OS keychain, never in the settings file.'
            }
          >
            {(id) => (
              <input
                id={id}
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(e) => {
                  setDone(null);
                  setPassword(e.target.value);
                }}
              />
            )}
          </Field>
          <Field label="From address">
            {(id) => (
              <input
                id={id}
                type="email"
                value={form.from}
                onChange={(e) => change({ from: e.target.value })}
              />
            )}
          </Field>
          <Field label="Send to" hint="One or more addresses, separated by commas.">
            {(id) => <input id={id} value={form.to} onChange={(e) => change({ to: e.target.value })} />}
          </Field>
        </div>
      </fieldset>
      <ErrorNote>{save.error ?? test.error}</ErrorNote>
      <div className="actions">
        {done && (
          <span className="ok" role="status">
            {done}
          </span>
        )}
        <span className="spacer" />
        <button
          type="button"
          className="btn"
          disabled={test.busy || save.busy}
          onClick={() => {
            setDone(null);
            // The test uses what is on screen: saved first (unless the settings are locked).
            void test
              .run(async () => {
                if (!locked) await persist();
                return api.invoke('alerts.test', {});
              })
              .then((r) => r && setDone(`✓ Test email sent to ${r.to.join(', ')}`));
          }}
        >
          {test.busy ? 'Sending…' : 'Send test email'}
        </button>
        <button type="submit" className="btn btn-primary" disabled={locked || save.busy}>
          Save alert settings
        </button>
      </div>
    </form>
  );
}
