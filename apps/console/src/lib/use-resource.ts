import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads `load()` when `key` changes and, with `pollMs`, again every `pollMs` while mounted.
 * The last good data stays on screen while a poll is in flight or fails, so a live page does not
 * flicker; a poll that answers after a newer one started is dropped.
 */
export function useResource<T>(key: string, load: () => Promise<T>, pollMs?: number): Resource<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: ApiError; loading: boolean }>(
    { key, loading: true },
  );
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  const run = useCallback(() => {
    const mine = ++generation.current;
    loadRef
      .current()
      .then((data) => mine === generation.current && setState({ key, data, loading: false }))
      .catch((error: unknown) => {
        if (mine !== generation.current) return;
        const apiError =
          error instanceof ApiError
            ? error
            : new ApiError(0, error instanceof Error ? error.message : String(error));
        setState((s) => ({
          key,
          data: s.key === key ? s.data : undefined,
          error: apiError,
          loading: false,
        }));
      });
  }, [key]);

  useEffect(() => {
    setState((s) => (s.key === key ? s : { key, loading: true }));
    run();
    if (!pollMs) return undefined;
    const timer = setInterval(run, pollMs);
    return () => {
      clearInterval(timer);
      generation.current++;
    };
  }, [key, pollMs, run]);

  const current = state.key === key ? state : { data: undefined, error: undefined, loading: true };
  return { data: current.data, error: current.error, loading: current.loading, reload: run };
}
