import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventName, LockStatus, MethodName, RequestOf, ResponseOf } from '../../shared/api';
import { ApiCallError } from './api-call-error';
import { useApi } from './api-context';

export function messageOf(err: unknown): string {
  if (err instanceof ApiCallError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

export type Loaded<T> = {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
  setData: (d: T) => void;
};

/** Loads one contract method; reloads when `deps` change or when one of `refreshOn` events arrives. */
export function useCall<M extends MethodName>(
  method: M,
  request: RequestOf<M>,
  opts: { refreshOn?: EventName[]; skip?: boolean } = {},
): Loaded<ResponseOf<M>> {
  const api = useApi();
  const [data, setData] = useState<ResponseOf<M> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(!opts.skip);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(request);
  const reqRef = useRef(request);
  reqRef.current = request;
  const reload = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    if (opts.skip) return;
    let live = true;
    setLoading(true);
    api.invoke(method, reqRef.current).then(
      (d) => {
        if (!live) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(messageOf(e));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [api, method, key, tick, opts.skip]);

  const events = (opts.refreshOn ?? []).join(',');
  useEffect(() => {
    if (!events) return;
    const offs = events.split(',').map((e) => api.on(e as EventName, () => reload()));
    return () => offs.forEach((off) => off());
  }, [api, events, reload]);

  return { data, error, loading, reload, setData };
}

/** The settings lock, live through `lock.changed`. */
export function useLock(): { lock: LockStatus | null; refresh: () => void } {
  const api = useApi();
  const [lock, setLock] = useState<LockStatus | null>(null);
  const refresh = useCallback(() => {
    api.invoke('lock.status', {}).then(setLock, () => {});
  }, [api]);
  useEffect(() => {
    refresh();
    return api.on('lock.changed', setLock);
  }, [api, refresh]);
  return { lock, refresh };
}

/** Runs an action with a busy flag and a user-facing error. */
export function useAction(): {
  busy: boolean;
  error: string | null;
  run: <T>(fn: () => Promise<T>) => Promise<T | undefined>;
  clear: () => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(messageOf(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: () => setError(null) };
}
