import type { AppStatus } from '../../shared/api';

/**
 * The header's one-glance status: the core's own sentence (the tray says the same), coloured by
 * health. An outage or a failed cycle is announced to screen readers as it happens.
 */
export function StatusPill({ status }: { status: AppStatus }) {
  const urgent = status.health === 'disconnected' || status.health === 'attention';
  return (
    <span
      className={`health-pill health-${status.health}`}
      role="status"
      aria-live={urgent ? 'assertive' : 'polite'}
    >
      <span className="dot" aria-hidden="true" />
      <span data-testid="app-status">{status.summary}</span>
    </span>
  );
}
