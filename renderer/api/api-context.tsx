import { createContext, useContext, useEffect, useState } from 'react';
import type { ApiBridge, AppStatus } from '../../shared/api';

export const ApiContext = createContext<ApiBridge | null>(null);

export function useApi(): ApiBridge {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiContext');
  return api;
}

/** Live status: fetched once, then kept current by `status.changed` events (no polling loop). */
export function useStatus(): { status: AppStatus | null; error: string | null } {
  const api = useApi();
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const off = api.on('status.changed', (s) => live && setStatus(s));
    api.invoke('app.status', {}).then(
      (s) => live && setStatus(s),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
      off();
    };
  }, [api]);
  return { status, error };
}
