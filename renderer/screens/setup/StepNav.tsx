import { useEffect, useRef, type ReactNode } from 'react';

/** Back / Next for a wizard step; Next is the form's submit, so Enter moves on from any field. */
export function StepNav({
  back,
  nextLabel = 'Next',
  nextDisabled,
  busy,
  children,
}: {
  back?: () => void;
  nextLabel?: string;
  nextDisabled?: boolean;
  busy?: boolean;
  /** Extra buttons between Back and Next. */
  children?: ReactNode;
}) {
  return (
    <div className="actions">
      {back && (
        <button type="button" className="btn" onClick={back}>
          Back
        </button>
      )}
      <span className="spacer" />
      {children}
      <button type="submit" className="btn btn-primary" disabled={nextDisabled || busy}>
        {busy ? 'Please wait…' : nextLabel}
      </button>
    </div>
  );
}

/** A step's heading, focused when the step opens so keyboard and screen-reader users start there. */
export function StepHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h3 ref={ref} tabIndex={-1} className="step-heading">
      {children}
    </h3>
  );
}
