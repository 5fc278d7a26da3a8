'use client';
/**
 * `useMe()`: the signed-in user, loaded from `GET /api/auth/me` once per page load and shared by
 * every component that asks (the user menu, the write controls). A 401 sends the page to the
 * login page (lib/http.ts). `usePrivilege(p)` is what a write control needs: whether it may act,
 * and the title that says why not.
 */
import type { Privilege } from '@driftwood/core';
import { useEffect, useState } from 'react';
import { fetchJson } from './http.ts';
import { deniedReason, ME_PATH, type Me } from './session.ts';

export interface MeState {
  me?: Me;
  error?: unknown;
  loading: boolean;
}

let loaded: Promise<Me> | undefined;
let settled: MeState | undefined;

function loadMe(): Promise<Me> {
  if (!loaded) {
    const p = fetchJson<Me>(ME_PATH);
    loaded = p;
    p.then(
      (me) => {
        settled = { me, loading: false };
      },
      (error: unknown) => {
        settled = { error, loading: false };
        if (loaded === p) loaded = undefined; // the next component that asks tries again
      },
    );
  }
  return loaded;
}

export function useMe(): MeState {
  const [state, setState] = useState<MeState>(() => (settled?.me ? settled : { loading: true }));
  useEffect(() => {
    if (state.me) return;
    let live = true;
    loadMe().then(
      (me) => {
        if (live) setState({ me, loading: false });
      },
      (error: unknown) => {
        if (live) setState({ error, loading: false });
      },
    );
    return () => {
      live = false;
    };
  }, [state.me]);
  return state;
}

/**
 * Asks the server whether the session still holds, for a caller that cannot see a status (an
 * EventSource that closed): a 401 sends the page to the login page as any API call's does.
 */
export function recheckSession(): void {
  fetchJson<Me>(ME_PATH).catch(() => undefined);
}

export interface PrivilegeState {
  /** Whether the signed-in user holds the privilege (false until /api/auth/me answers). */
  allowed: boolean;
  /** Why not, for the disabled control's title. */
  reason?: string;
  /** Whether /api/auth/me has answered (before, nothing is allowed, and the reason says it waits). */
  known: boolean;
}

export function usePrivilege(privilege: Privilege): PrivilegeState {
  const { me } = useMe();
  const reason = deniedReason(me, privilege);
  return reason === undefined ? { allowed: true, known: true } : { allowed: false, reason, known: me !== undefined };
}
