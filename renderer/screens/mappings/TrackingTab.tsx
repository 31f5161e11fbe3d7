import { useEffect, useState } from 'react';
import type {
  ClinikoRefsView,
  Settings,
  SettingsView,
  XeroRefsView,
  XeroTrackingCategoryView,
} from '../../../shared/api';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/hooks';
import { ErrorNote } from '../../components/ui';
import { useLockContext } from '../../lock-context';

type Tracking = Settings['tracking'];
type CategorySetting = Tracking['categories'][number];

/** Xero allows two tracking categories on a line. */
const SLOTS = [0, 1] as const;

/** Why an option or category cannot be sent, or null when it can. */
function unusable(status: string | undefined): string | null {
  if (status === undefined) return 'no longer in Xero';
  return status === 'ACTIVE' ? null : 'archived in Xero';
}

/**
 * Mappings → Tracking (issue 17): up to two Xero tracking categories, each picked by the invoice's
 * location (Cliniko business) or practitioner, and the option for each. Options come from Xero
 * (`GET /TrackingCategories`, read by Refresh); archived or deleted ones are flagged here and by
 * pre-flight before anything is sent.
 */
export function TrackingTab({
  cliniko,
  xero,
  settings,
  onSaved,
  onRejected,
}: {
  cliniko: ClinikoRefsView;
  xero: XeroRefsView;
  settings: Settings;
  onSaved: (view: SettingsView) => void;
  onRejected: () => void;
}) {
  const api = useApi();
  const { locked } = useLockContext();
  const save = useAction();
  const [draft, setDraft] = useState<Tracking>(settings.tracking);
  const [saved, setSaved] = useState(false);
  useEffect(() => setDraft(settings.tracking), [settings.tracking]);

  const cats = xero.trackingCategories;
  const dirty = JSON.stringify(draft) !== JSON.stringify(settings.tracking);
  const setSlot = (slot: number, next: CategorySetting | null) => {
    setSaved(false);
    const list = [...draft.categories];
    if (next === null) list.splice(slot, 1);
    else list[slot] = next;
    setDraft({ ...draft, categories: list });
  };

  return (
    <div className="panel" data-testid="tracking-tab">
      <p className="muted">
        Xero tracking categories show revenue by location or practitioner. Choose up to two, then the option
        for each location or practitioner; every line of an invoice carries its options.
      </p>
      {cats.length === 0 && (
        <div className="note note-info" role="note">
          No tracking categories have been read from Xero. Set them up in Xero (Accounting → Advanced →
          Tracking categories), then choose Refresh.
        </div>
      )}
      <fieldset disabled={locked} className="plain">
        {SLOTS.map((slot) => {
          const c = draft.categories[slot];
          // A second category only after a first.
          if (slot === 1 && draft.categories.length === 0) return null;
          return (
            <CategorySlot
              key={slot}
              slot={slot}
              value={c}
              cats={cats}
              taken={draft.categories.filter((_, i) => i !== slot).map((x) => x.trackingCategoryId)}
              cliniko={cliniko}
              onChange={(next) => setSlot(slot, next)}
            />
          );
        })}
        <label className="check">
          <input
            type="checkbox"
            checked={draft.unmappedIsError}
            onChange={(e) => {
              setSaved(false);
              setDraft({ ...draft, unmappedIsError: e.target.checked });
            }}
          />
          A location or practitioner without an option is an error (its invoices need attention)
        </label>
      </fieldset>
      <ErrorNote>{save.error}</ErrorNote>
      <div className="actions">
        {saved && (
          <span className="ok" role="status">
            ✓ Saved
          </span>
        )}
        <span className="spacer" />
        <button
          type="button"
          className="btn"
          disabled={!dirty || save.busy}
          onClick={() => setDraft(settings.tracking)}
        >
          Undo changes
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={locked || !dirty || save.busy}
          onClick={() =>
            void save
              .run(() => api.invoke('settings.update', { patch: { tracking: draft } }))
              .then((r) => {
                if (r) {
                  onSaved(r);
                  setSaved(true);
                } else onRejected();
              })
          }
        >
          Save tracking
        </button>
      </div>
    </div>
  );
}

function CategorySlot({
  slot,
  value,
  cats,
  taken,
  cliniko,
  onChange,
}: {
  slot: number;
  value: CategorySetting | undefined;
  cats: XeroTrackingCategoryView[];
  taken: string[];
  cliniko: ClinikoRefsView;
  onChange: (next: CategorySetting | null) => void;
}) {
  const cat = value ? cats.find((c) => c.id === value.trackingCategoryId) : undefined;
  const catProblem = value ? unusable(cat?.status) : null;
  const choosable = cats.filter((c) => c.status === 'ACTIVE' && !taken.includes(c.id));
  const who =
    value?.by === 'practitioner'
      ? cliniko.practitioners.map((p) => ({ id: p.id, name: p.name }))
      : cliniko.businesses.map((b) => ({ id: b.id, name: b.name }));
  const label = `Tracking category ${slot + 1}`;
  return (
    <section aria-label={label} className="tracking-slot">
      <h3>{label}</h3>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`trk-cat-${slot}`}>Xero category</label>
          <select
            id={`trk-cat-${slot}`}
            value={value?.trackingCategoryId ?? ''}
            onChange={(e) => {
              const id = e.target.value;
              if (id === '') onChange(null);
              else onChange({ trackingCategoryId: id, by: value?.by ?? 'business', options: {} });
            }}
          >
            <option value="">— none —</option>
            {value && !choosable.some((c) => c.id === value.trackingCategoryId) && (
              <option value={value.trackingCategoryId}>
                {cat?.name ?? 'Unknown category'} ({catProblem ?? 'chosen'})
              </option>
            )}
            {choosable.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          {catProblem && <p className="hint bad">⚠ This category is {catProblem}. Choose an active one.</p>}
        </div>
        {value && (
          <div className="field">
            <label htmlFor={`trk-by-${slot}`}>Option picked by</label>
            <select
              id={`trk-by-${slot}`}
              value={value.by}
              onChange={(e) =>
                onChange({ ...value, by: e.target.value as CategorySetting['by'], options: {} })
              }
            >
              <option value="business">Location (Cliniko business)</option>
              <option value="practitioner">Practitioner</option>
            </select>
          </div>
        )}
      </div>
      {value && cat && (
        <table className="table table-compact" aria-label={`Options for ${cat.name}`}>
          <thead>
            <tr>
              <th>{value.by === 'business' ? 'Location' : 'Practitioner'}</th>
              <th>Option in {cat.name}</th>
            </tr>
          </thead>
          <tbody>
            {who.map((w) => {
              const chosen = value.options[w.id];
              const opt = chosen ? cat.options.find((o) => o.id === chosen) : undefined;
              const problem = chosen ? unusable(opt?.status) : null;
              return (
                <tr key={w.id}>
                  <td>{w.name}</td>
                  <td>
                    <select
                      aria-label={`Option for ${w.name}`}
                      value={chosen ?? ''}
                      onChange={(e) => {
                        const options = { ...value.options };
                        if (e.target.value === '') delete options[w.id];
                        else options[w.id] = e.target.value;
                        onChange({ ...value, options });
                      }}
                    >
                      <option value="">— no tracking —</option>
                      {chosen && problem && (
                        <option value={chosen}>
                          {opt?.name ?? 'Unknown option'} ({problem})
                        </option>
                      )}
                      {cat.options
                        .filter((o) => o.status === 'ACTIVE')
                        .map((o) => (
                          <option key={o.id} value={o.id}>
                            {o.name}
                          </option>
                        ))}
                    </select>
                    {problem && (
                      <span className="bad" data-testid="tracking-problem">
                        {' '}
                        ⚠ {opt?.name ?? 'This option'} is {problem}: choose an active option.
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
