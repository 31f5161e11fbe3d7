import { useEffect, useRef, useState } from 'react';
import type { MappingsCheck, SettingsView, XeroRefsView } from '../../../shared/api';
import { useApi } from '../../api/api-context';
import { useAction, useCall } from '../../api/hooks';
import { DefaultsFields } from '../../components/DefaultsFields';
import { ErrorNote, Loading } from '../../components/ui';
import { useLockContext } from '../../lock-context';
import type { Suggestions } from '../../suggest';

/**
 * The default accounts and the tax-exempt rate, editable where they are shown: the Mappings "Defaults"
 * tab and Settings (the wizard's own step uses the same fields).
 */
export function DefaultsPanel({
  refs,
  view,
  check,
  focusField,
  onSaved,
}: {
  refs: XeroRefsView;
  view: SettingsView;
  check: MappingsCheck | null;
  /** A field to focus (Fix this in the log): "paymentAccountCode"… */
  focusField?: string | null;
  onSaved: (v: SettingsView) => void;
}) {
  const api = useApi();
  const { locked } = useLockContext();
  const [values, setValues] = useState<Suggestions>(view.settings.defaults);
  const [saved, setSaved] = useState(false);
  const save = useAction();
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => setValues(view.settings.defaults), [view]);
  useEffect(() => {
    if (!focusField) return;
    const labels: Record<string, string> = {
      serviceAccountCode: 'Services (billable items) account',
      productAccountCode: 'Products account',
      paymentAccountCode: 'Payments account',
      taxExemptTaxType: 'Tax rate for tax-free lines',
    };
    const label = [...(ref.current?.querySelectorAll('label') ?? [])].find(
      (l) => l.textContent === labels[focusField],
    );
    const el = label?.htmlFor ? document.getElementById(label.htmlFor) : null;
    el?.focus();
  }, [focusField]);
  const dirty = JSON.stringify(values) !== JSON.stringify(view.settings.defaults);
  const complete = Object.values(values).every((v) => v !== '');
  return (
    <form
      ref={ref}
      className="panel defaults-panel"
      aria-labelledby="defaults-h"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        void save
          .run(() => api.invoke('settings.update', { patch: { defaults: values } }))
          .then((r) => {
            if (r) {
              onSaved(r);
              setSaved(true);
            }
          });
      }}
    >
      <h3 id="defaults-h">Defaults</h3>
      <p className="muted">
        Where Cliniko sales and payments go in Xero when no row of the other tabs says otherwise, and the tax
        rate of tax-free lines.
      </p>
      <DefaultsFields
        refs={refs}
        values={values}
        onChange={(v) => {
          setSaved(false);
          setValues(v);
        }}
        disabled={locked}
        findings={dirty ? undefined : (check?.defaults ?? undefined)}
      />
      <ErrorNote>{save.error}</ErrorNote>
      <div className="actions">
        {saved && !dirty && (
          <span className="ok" role="status">
            Defaults saved.
          </span>
        )}
        <span className="spacer" />
        <button
          type="submit"
          className="btn btn-primary"
          disabled={locked || !dirty || !complete || save.busy}
        >
          Save defaults
        </button>
      </div>
    </form>
  );
}

/** The same panel, loading what it needs itself (for Settings). */
export function DefaultsSection() {
  const xero = useCall('xero.refs', {});
  const view = useCall('settings.get', {});
  const check = useCall('mappings.check', {});
  const error = xero.error ?? view.error;
  if (error)
    return (
      <ErrorNote
        onRetry={() => (xero.reload(), view.reload())}
      >{`Could not load the defaults: ${error}`}</ErrorNote>
    );
  if (!xero.data || !view.data) return <Loading what="the defaults" />;
  return (
    <DefaultsPanel
      refs={xero.data}
      view={view.data}
      check={check.data}
      onSaved={(v) => {
        view.setData(v);
        check.reload();
      }}
    />
  );
}
