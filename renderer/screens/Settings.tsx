import { useEffect, useState } from 'react';
import type { AppStatus, Settings as SettingsShape } from '../../shared/api';
import { useApi } from '../api/api-context';
import { useAction, useCall } from '../api/hooks';
import { ErrorNote, Field, Loading, LockedNote, Modal, PinField } from '../components/ui';
import { useLockContext } from '../lock-context';
import { AlertsSection, ItemCodesSection } from './settings/AlertsSection';
import { DefaultsSection } from './mappings/DefaultsPanel';
import { CheckIcon, LockIcon } from '../components/icons';

type Form = Pick<
  SettingsShape,
  'invoicePrefix' | 'invoiceStatus' | 'pollIntervalSeconds' | 'startAtLogin' | 'notifications'
>;

export function Settings({ status }: { status: AppStatus | null }) {
  const api = useApi();
  const { locked } = useLockContext();
  const settings = useCall('settings.get', {});
  const [form, setForm] = useState<Form | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useAction();
  const misc = useAction();
  const [logsPath, setLogsPath] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<'cliniko' | 'xero' | null>(null);

  useEffect(() => {
    const s = settings.data?.settings;
    if (!s) return;
    setForm({
      invoicePrefix: s.invoicePrefix,
      invoiceStatus: s.invoiceStatus,
      pollIntervalSeconds: s.pollIntervalSeconds ?? 30,
      startAtLogin: s.startAtLogin ?? false,
      notifications: s.notifications ?? true,
    });
  }, [settings.data]);

  if (settings.error) return <ErrorNote onRetry={settings.reload}>{settings.error}</ErrorNote>;
  if (!form) return <Loading what="settings" />;
  const change = (patch: Partial<Form>) => {
    setSaved(false);
    setForm({ ...form, ...patch });
  };

  return (
    <div className="screen screen-narrow">
      <div className="screen-head">
        <h2>Settings</h2>
      </div>
      <LockedNote what="settings" />
      <form
        className="panel"
        aria-labelledby="sync-h"
        onSubmit={(e) => {
          e.preventDefault();
          void save
            .run(() => api.invoke('settings.update', { patch: form }))
            .then((r) => {
              if (r) {
                settings.setData(r);
                setSaved(true);
              }
            });
        }}
      >
        <h3 id="sync-h">Invoices in Xero</h3>
        <fieldset disabled={locked} className="plain">
          <div className="form-grid">
            <Field
              label="Invoice number prefix"
              hint={`Cliniko invoice 1042 becomes ${form.invoicePrefix}1042 in Xero.`}
            >
              {(id) => (
                <input
                  id={id}
                  value={form.invoicePrefix}
                  maxLength={50}
                  onChange={(e) => change({ invoicePrefix: e.target.value })}
                />
              )}
            </Field>
            <Field label="Check for changes every" hint="Seconds between checks of Cliniko (15 to 86400).">
              {(id) => (
                <input
                  id={id}
                  type="number"
                  min={15}
                  max={86400}
                  step={1}
                  value={form.pollIntervalSeconds}
                  onChange={(e) => change({ pollIntervalSeconds: Number(e.target.value) })}
                />
              )}
            </Field>
          </div>
          <fieldset className="radio-list">
            <legend>Create invoices in Xero as</legend>
            <label className="radio">
              <input
                type="radio"
                name="invoiceStatus"
                checked={form.invoiceStatus === 'AUTHORISED'}
                onChange={() => change({ invoiceStatus: 'AUTHORISED' })}
              />
              Approved (awaiting payment) — payments can be recorded
            </label>
            <label className="radio">
              <input
                type="radio"
                name="invoiceStatus"
                checked={form.invoiceStatus === 'DRAFT'}
                onChange={() => change({ invoiceStatus: 'DRAFT' })}
              />
              Draft — someone approves them in Xero
            </label>
          </fieldset>
          <h3>This computer</h3>
          <label className="check">
            <input
              type="checkbox"
              checked={form.startAtLogin}
              onChange={(e) => change({ startAtLogin: e.target.checked })}
            />
            Start clinic-xero-sync when I log in
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={form.notifications}
              onChange={(e) => change({ notifications: e.target.checked })}
            />
            Show a notification when invoices need attention
          </label>
        </fieldset>
        <ErrorNote>{save.error}</ErrorNote>
        <div className="actions">
          {saved && (
            <span className="ok" role="status">
              <CheckIcon /> Saved
            </span>
          )}
          <span className="spacer" />
          <button type="submit" className="btn btn-primary" disabled={locked || save.busy}>
            Save settings
          </button>
        </div>
      </form>
      <DefaultsSection />

      <LockSection />

      <ItemCodesSection />

      <AlertsSection />

      <section className="panel" aria-labelledby="conn-h">
        <h3 id="conn-h">Connections</h3>
        <dl className="kv">
          <dt>Cliniko</dt>
          <dd>
            {status?.cliniko.connected
              ? `Connected to ${status.cliniko.account ?? 'Cliniko'}`
              : 'Not connected'}
          </dd>
          <dt>Xero</dt>
          <dd>
            {status?.xero.connected
              ? `Connected to ${status.xero.tenantName ?? 'Xero'}`
              : status?.xero.needsReconnect
                ? 'Connection lost'
                : 'Not connected'}
          </dd>
        </dl>
        <ErrorNote>{misc.error}</ErrorNote>
        <div className="actions">
          <button
            type="button"
            className="btn btn-danger"
            disabled={locked || !status?.cliniko.connected}
            onClick={() => setConfirm('cliniko')}
          >
            Disconnect Cliniko
          </button>
          <button
            type="button"
            className="btn btn-danger"
            disabled={locked || !(status?.xero.connected || status?.xero.needsReconnect)}
            onClick={() => setConfirm('xero')}
          >
            Disconnect Xero
          </button>
        </div>
      </section>

      <section className="panel" aria-labelledby="logs-h">
        <h3 id="logs-h">Troubleshooting</h3>
        <p className="muted">
          The app's log files help support see what happened. They never contain keys or tokens.
        </p>
        <div className="actions">
          <button
            type="button"
            className="btn"
            onClick={() =>
              void misc.run(async () => {
                const r = await api.invoke('app.openLogsFolder', {});
                setLogsPath(r.opened ? null : r.path);
              })
            }
          >
            Open logs folder
          </button>
          {logsPath && (
            <span className="muted" data-testid="logs-path">
              The logs are in <code>{logsPath}</code>
            </span>
          )}
        </div>
      </section>

      <Modal
        title={confirm === 'xero' ? 'Disconnect Xero?' : 'Disconnect Cliniko?'}
        open={confirm !== null}
        onClose={() => setConfirm(null)}
      >
        <p>
          {confirm === 'xero'
            ? 'Syncing stops and the app forgets its Xero access. Invoices already in Xero stay there.'
            : 'Syncing stops and the Cliniko API key is removed from this computer.'}
        </p>
        <div className="actions">
          <button type="button" className="btn" onClick={() => setConfirm(null)}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-danger"
            onClick={() => {
              const which = confirm;
              setConfirm(null);
              void misc.run(() =>
                which === 'xero' ? api.invoke('xero.disconnect', {}) : api.invoke('cliniko.disconnect', {}),
              );
            }}
          >
            Disconnect
          </button>
        </div>
      </Modal>
    </div>
  );
}

function LockSection() {
  const api = useApi();
  const { lock, locked, askUnlock } = useLockContext();
  const [pin, setPin] = useState('');
  const [pin2, setPin2] = useState('');
  const [current, setCurrent] = useState('');
  const { busy, error, run } = useAction();
  const [done, setDone] = useState<string | null>(null);
  if (!lock) return null;
  const submit = (next: string | null) =>
    void run(() =>
      api.invoke('lock.set', lock.enabled ? { pin: next, currentPin: current } : { pin: next }),
    ).then((r) => {
      if (!r) return;
      setPin('');
      setPin2('');
      setCurrent('');
      setDone(next === null ? 'The settings lock is off.' : 'PIN saved. The settings lock is on.');
    });
  const valid = /^\d{4,12}$/.test(pin) && pin === pin2;
  return (
    <section className="panel" aria-labelledby="lock-h">
      <h3 id="lock-h">Settings lock</h3>
      <p className="muted">
        With a PIN, reception can view, sync and retry, but only someone with the PIN can change mappings,
        settings or connections. The lock comes back when the window closes or after 15 minutes without use.
      </p>
      {lock.enabled && locked ? (
        <div className="actions">
          <span>
            <LockIcon /> Locked.
          </span>
          <button type="button" className="btn" onClick={askUnlock}>
            Unlock…
          </button>
        </div>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (valid) submit(pin);
          }}
        >
          <div className="form-grid">
            {lock.enabled && (
              <PinField label="Current PIN" autoComplete="off" value={current} onChange={setCurrent} />
            )}
            <PinField
              label={lock.enabled ? 'New PIN' : 'PIN'}
              hint="4 to 12 digits."
              value={pin}
              onChange={setPin}
            />
            <PinField label="Repeat the PIN" value={pin2} onChange={setPin2} />
          </div>
          {pin2 && pin !== pin2 && <p className="hint bad">The two PINs are different.</p>}
          <ErrorNote>{error}</ErrorNote>
          <div className="actions">
            {done && (
              <span className="ok" role="status">
                {done}
              </span>
            )}
            <span className="spacer" />
            {lock.enabled && (
              <>
                <button
                  type="button"
                  className="btn"
                  disabled={busy || current === ''}
                  onClick={() => submit(null)}
                >
                  Remove the lock
                </button>
                <button type="button" className="btn" onClick={() => void api.invoke('lock.lock', {})}>
                  Lock now
                </button>
              </>
            )}
            <button
              type="submit"
              className="btn btn-primary"
              disabled={busy || !valid || (lock.enabled && !current)}
            >
              {lock.enabled ? 'Change PIN' : 'Turn on the lock'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
