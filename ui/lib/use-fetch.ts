'use client';
/**
 * The one data hook for the pages: fetch with cancellation whenever a key changes, with the
 * previous data kept while the next loads, and a retry. The state changes are the pure functions
 * below (tested); the hook only wires them to React.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface FetchState<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
}

export interface Loadable<T> extends FetchState<T> {
  retry: () => void;
}

/** A fetch started: the data stays, the error goes. */
export const fetchStarted = <T>(s: FetchState<T>): FetchState<T> => ({ data: s.data, loading: true });
/** A fetch answered. */
export const fetchSucceeded = <T>(data: T): FetchState<T> => ({ data, loading: false });
/** A fetch failed: the previous data stays beside the error. */
export const fetchFailed = <T>(s: FetchState<T>, error: unknown): FetchState<T> => ({
  data: s.data,
  error,
  loading: false,
});

/** Fetches whenever `key` changes (null = don't); keeps the previous data while loading. */
export function useFetch<T>(key: string | null, fetcher: (signal: AbortSignal) => Promise<T>): Loadable<T> {
  const [state, setState] = useState<FetchState<T>>({ loading: key !== null });
  const [attempt, setAttempt] = useState(0);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch on key or retry only
  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    setState(fetchStarted);
    fetcherRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState(fetchSucceeded(data));
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState((s) => fetchFailed(s, error));
      },
    );
    return () => controller.abort();
  }, [key, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
