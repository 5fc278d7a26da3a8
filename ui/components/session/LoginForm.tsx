'use client';
/**
 * The login form: username and password posted as JSON to /api/auth/login (which sets the
 * HttpOnly session cookie), then on to `?next=` when it is a path on this site. What each failure
 * says: lib/session.ts.
 */
import { useSearchParams } from 'next/navigation';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, fetchJson, jsonRequest } from '../../lib/http.ts';
import { LOGIN_API_PATH, loginFailureMessage, safeNext } from '../../lib/session.ts';

export function LoginForm() {
  const next = safeNext(useSearchParams().get('next'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [blockedUntil, setBlockedUntil] = useState(0);
  const userRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  useEffect(() => userRef.current?.focus(), []);
  useEffect(() => {
    if (blockedUntil === 0) return;
    const timer = setTimeout(() => setBlockedUntil(0), Math.max(0, blockedUntil - Date.now()));
    return () => clearTimeout(timer);
  }, [blockedUntil]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy || blockedUntil > 0) return;
    if (username === '' || password === '') {
      setError('Enter your username and your password.');
      (username === '' ? userRef : passwordRef).current?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    fetchJson(LOGIN_API_PATH, jsonRequest('POST', { username, password })).then(
      () => window.location.assign(next),
      (failure: unknown) => {
        const err =
          failure instanceof ApiError
            ? failure
            : new ApiError(0, { code: 'NETWORK', message: String((failure as Error)?.message ?? failure) });
        setBusy(false);
        setError(loginFailureMessage(err));
        const retryAfter = Number(err.details.retryAfterSeconds);
        if (err.code === 'RATE_LIMITED' && Number.isFinite(retryAfter) && retryAfter > 0)
          setBlockedUntil(Date.now() + retryAfter * 1000);
        setPassword('');
        passwordRef.current?.focus();
      },
    );
  };

  return (
    <form className="login-card" data-testid="login-form" onSubmit={submit} aria-busy={busy} noValidate>
      <h1>Log in to Driftwood</h1>
      <label htmlFor="login-username">Username</label>
      <input
        id="login-username"
        ref={userRef}
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        data-testid="login-username"
        aria-describedby={error ? 'login-error' : undefined}
        value={username}
        onChange={(e) => setUsername(e.target.value)}
      />
      <label htmlFor="login-password">Password</label>
      <input
        id="login-password"
        ref={passwordRef}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        data-testid="login-password"
        aria-describedby={error ? 'login-error' : undefined}
        aria-invalid={error ? true : undefined}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      {error ? (
        <div id="login-error" className="login-error" role="alert" data-testid="login-error">
          {error}
        </div>
      ) : null}
      <button type="submit" className="primary" data-testid="login-submit" disabled={busy || blockedUntil > 0}>
        {busy ? 'Logging in…' : 'Log in'}
      </button>
      <div className="login-hint muted">
        On a new install the user is <code>admin</code>; its password is DRIFTWOOD_ADMIN_PASSWORD, or the one printed
        when Driftwood first started (also in <code>initial-admin-password</code> in the data directory).
      </div>
    </form>
  );
}
