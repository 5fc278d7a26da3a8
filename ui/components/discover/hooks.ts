'use client';
/** Discover's data hooks: paged hits and the live tail over SSE (single fetches: lib/use-fetch.ts). */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Hit, type SearchResult } from '../../lib/discover/api.ts';
import { pruneArrivals, pushTail, tailRate } from '../../lib/discover/tail.ts';
import { useFetch } from '../../lib/use-fetch.ts';
import { recheckSession } from '../../lib/use-me.ts';

const PAGE = 100;

export interface PagedHits {
  hits: Hit[];
  total: number;
  tookMs?: number;
  loading: boolean;
  loadingMore: boolean;
  error?: unknown;
  loadMore: () => void;
  retry: () => void;
}

/** The first page for `params`, then further pages through searchAfter. */
export function usePagedHits(params: string | null): PagedHits {
  const first = useFetch<SearchResult>(params, (signal) =>
    api.search(new URLSearchParams(`${params ?? ''}&size=${PAGE}`), signal),
  );
  const [more, setMore] = useState<{ for?: string; hits: Hit[]; loading: boolean; error?: unknown }>({
    hits: [],
    loading: false,
  });
  const loadingRef = useRef(false);
  const base = first.data?.hits ?? [];
  const extra = more.for === params ? more.hits : [];
  const hits = extra.length > 0 ? base.concat(extra) : base;
  const total = first.data?.total ?? 0;
  const loadMore = useCallback(() => {
    if (loadingRef.current || params === null || first.loading) return;
    const last = hits[hits.length - 1];
    if (!last || hits.length >= total) return;
    loadingRef.current = true;
    setMore((m) => ({ for: params, hits: m.for === params ? m.hits : [], loading: true }));
    const p = new URLSearchParams(params);
    p.set('size', String(PAGE));
    p.set('after', JSON.stringify(last.sort));
    api.search(p).then(
      (res) => {
        loadingRef.current = false;
        setMore((m) => (m.for === params ? { for: params, hits: m.hits.concat(res.hits), loading: false } : m));
      },
      (error: unknown) => {
        loadingRef.current = false;
        setMore((m) => ({ ...m, loading: false, error }));
      },
    );
  }, [params, hits, total, first.loading]);
  return {
    hits,
    total,
    tookMs: first.data?.tookMs,
    loading: first.loading,
    loadingMore: more.for === params && more.loading,
    error: first.error ?? (more.for === params ? more.error : undefined),
    loadMore,
    retry: first.retry,
  };
}

export interface TailState {
  hits: Hit[];
  rate: number;
  connected: boolean;
  error?: string;
  received: number;
}

/** Live tail over SSE while `enabled`; `paused` keeps the connection but holds the list still. */
export function useTail(enabled: boolean, paused: boolean, params: string): TailState {
  const [hits, setHits] = useState<Hit[]>([]);
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<string>();
  const [received, setReceived] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const arrivals = useRef<number[]>([]);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const held = useRef<Hit[]>([]);
  useEffect(() => {
    if (!enabled) return;
    setHits([]);
    setReceived(0);
    arrivals.current = [];
    const source = new EventSource(`/api/tail?${params}`);
    source.onopen = () => {
      setConnected(true);
      setError(undefined);
    };
    source.onerror = () => {
      setConnected(false);
      // a refused stream (not a dropped one, which reconnects) may be an expired session
      if (source.readyState === EventSource.CLOSED) recheckSession();
    };
    source.addEventListener('hit', (e) => {
      const hit = JSON.parse((e as MessageEvent<string>).data) as Hit;
      arrivals.current.push(Date.now());
      setReceived((n) => n + 1);
      if (pausedRef.current) held.current.push(hit);
      else setHits((h) => pushTail(h, [hit]));
    });
    source.addEventListener('failure', (e) => {
      try {
        setError((JSON.parse((e as MessageEvent<string>).data) as { error: { message: string } }).error.message);
      } catch {
        setError('the live tail failed');
      }
    });
    const timer = setInterval(() => {
      const t = Date.now();
      arrivals.current = pruneArrivals(arrivals.current, t);
      setNow(t);
    }, 1000);
    return () => {
      source.close();
      clearInterval(timer);
      setConnected(false);
    };
  }, [enabled, params]);
  useEffect(() => {
    if (!paused && held.current.length > 0) {
      const items = held.current;
      held.current = [];
      setHits((h) => pushTail(h, items));
    }
  }, [paused]);
  return { hits, rate: tailRate(arrivals.current, now), connected, error, received };
}
