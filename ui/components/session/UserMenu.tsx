'use client';
/** The header's user menu: who is signed in, with which roles, and Log out. */
import { useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage, fetchJson, jsonRequest } from '../../lib/http.ts';
import { LOGIN_PATH, LOGOUT_API_PATH } from '../../lib/session.ts';
import { useMe } from '../../lib/use-me.ts';

export function UserMenu() {
  const { me, error } = useMe();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [logoutError, setLogoutError] = useState<string>();
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  if (!me) {
    return error ? (
      <span className="muted" data-testid="user-menu-error" title={errorMessage(error)}>
        User unknown
      </span>
    ) : null;
  }
  const logout = () => {
    setBusy(true);
    setLogoutError(undefined);
    fetchJson(LOGOUT_API_PATH, jsonRequest('POST', {})).then(
      () => window.location.assign(LOGIN_PATH),
      (e: unknown) => {
        // already signed out: the login page is where this ends anyway
        if (e instanceof ApiError && e.status === 401) window.location.assign(LOGIN_PATH);
        else {
          setBusy(false);
          setLogoutError(errorMessage(e));
        }
      },
    );
  };
  return (
    <div className="menu user-menu" ref={root}>
      <button
        type="button"
        data-testid="user-menu"
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        <span data-testid="user-name">{me.username}</span> ▾
      </button>
      {open ? (
        <div className="popover" data-testid="user-popover">
          <div className="user-who">
            Signed in as <strong>{me.username}</strong>
          </div>
          <h4>Roles</h4>
          <div data-testid="user-roles">{me.roles.length > 0 ? me.roles.join(', ') : 'none'}</div>
          <h4>May</h4>
          <div data-testid="user-privileges" className="muted">
            {me.privileges.length > 0 ? me.privileges.join(', ') : 'nothing'}
          </div>
          {logoutError ? (
            <div className="field-error" role="alert">
              Logging out failed: {logoutError}
            </div>
          ) : null}
          <div className="user-actions">
            <button type="button" className="primary" data-testid="logout" disabled={busy} onClick={logout}>
              {busy ? 'Logging out…' : 'Log out'}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
