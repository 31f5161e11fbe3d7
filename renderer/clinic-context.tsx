import { useEffect, useState, type ReactNode } from 'react';
import type { ClinicView } from '../shared/api';
import { useApi } from './api/api-context';
import { setClinic } from './format';

/**
 * Loads the clinic's locale and zone (`app.clinic`) and re-reads it when the status changes (a Cliniko
 * connection made in setup brings the business's zone). Children render once it is known, keyed by it,
 * so every formatted date and amount follows the clinic.
 */
export function ClinicProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [clinic, setState] = useState<ClinicView | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      api.invoke('app.clinic', {}).then(
        (c) => {
          if (!live) return;
          setClinic(c);
          setState((old) => (old && JSON.stringify(old) === JSON.stringify(c) ? old : c));
        },
        () => {
          if (!live) return;
          setState(
            (old) =>
              old ?? { locale: 'en-AU', timeZone: 'Australia/Sydney', currency: 'AUD', clinikoWebUrl: null },
          );
        },
      );
    void load();
    // The business (and its zone) is read by the first sync after Cliniko is connected: re-read when
    // the connection or the last sync changes, not on every status.
    let seen: string | null = null;
    const off = api.on('status.changed', (s) => {
      const key = `${s.cliniko.connected}|${s.lastSyncAt ?? ''}`;
      if (key !== seen) {
        seen = key;
        void load();
      }
    });
    return () => {
      live = false;
      off();
    };
  }, [api]);
  if (!clinic) return null;
  return (
    <div className="clinic-root" lang={clinic.locale} key={`${clinic.locale}|${clinic.timeZone}`}>
      {children}
    </div>
  );
}
