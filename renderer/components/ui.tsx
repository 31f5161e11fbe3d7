import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useLockContext } from '../lock-context';
import { LockIcon } from './icons';

export function ErrorNote({ children, onRetry }: { children: ReactNode; onRetry?: () => void }) {
  if (!children) return null;
  return (
    <div className="note note-error" role="alert">
      <span>{children}</span>
      {onRetry && (
        <button type="button" className="link" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children && <p className="muted">{children}</p>}
    </div>
  );
}

/** A note shown above protected controls while the settings lock is on. */
export function LockedNote({ what }: { what: string }) {
  const { locked, askUnlock } = useLockContext();
  if (!locked) return null;
  return (
    <div className="note note-lock" role="note">
      <span>
        <LockIcon /> Settings are locked: {what} can be viewed but not changed.
      </span>
      <button type="button" className="btn btn-small" onClick={askUnlock}>
        Unlock…
      </button>
    </div>
  );
}

export function Field({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: ReactNode;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint && <p className="hint">{hint}</p>}
    </div>
  );
}

/** A masked, numeric PIN input in a labelled field. */
export function PinField({
  label,
  hint,
  value,
  onChange,
  autoComplete = 'new-password',
  autoFocus,
}: {
  label: string;
  hint?: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** 'off' to check an existing PIN, 'new-password' (default) to choose one. */
  autoComplete?: 'off' | 'new-password';
  autoFocus?: boolean;
}) {
  return (
    <Field label={label} hint={hint}>
      {(id) => (
        <input
          id={id}
          type="password"
          inputMode="numeric"
          autoComplete={autoComplete}
          autoFocus={autoFocus}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** A modal dialog on the native <dialog> (focus trap, Escape to close). */
export function Modal({
  title,
  open,
  onClose,
  children,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className="modal" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>{title}</h2>
      {open && children}
    </dialog>
  );
}
