/**
 * Long-lived answers (the live tail's event stream) re-check who asked while they stay open: a
 * session that expired or was logged out, a key revoked, a user removed or a change of roles that
 * takes away the privilege or changes the read filter ends the stream with an error, instead of
 * serving events for as long as the connection lasts.
 *
 * The re-check does not refresh a session's idle expiry (an open stream is not activity: a
 * session left with only a live tail open still expires, as Kibana's background requests do not
 * extend a session either).
 */
import { DriftwoodError, type Policy, type Principal } from '@driftwood/core';
import type { SecurityService } from '@driftwood/store';
import { uiSecurityConfig } from './config.ts';
import { readCookie, SESSION_COOKIE_NAME } from './guard.ts';

/** How often an open stream re-checks at most (ms). */
export const RECHECK_MAX_MS = 30_000;
/** How often at least (ms), whatever the idle expiry. */
export const RECHECK_MIN_MS = 250;
const DEFAULT_IDLE_MS = 30 * 60_000;

/** A third of the session idle expiry, within [RECHECK_MIN_MS, RECHECK_MAX_MS]. */
export function recheckIntervalMs(sessionIdleMs: number | undefined = uiSecurityConfig().sessionIdleMs): number {
  return Math.max(RECHECK_MIN_MS, Math.min(RECHECK_MAX_MS, Math.floor((sessionIdleMs ?? DEFAULT_IDLE_MS) / 3)));
}

/**
 * Resolves when the request's credentials (its session cookie, else its Authorization header, as
 * route.ts reads them) still name the principal the stream was opened for, with `privilege` and
 * the same read filter; rejects with UNAUTHORIZED or FORBIDDEN otherwise.
 */
export async function checkStillAuthorized(
  request: Request,
  security: SecurityService,
  opened: Principal,
  privilege: Exclude<Policy, 'public'>,
  address?: string,
): Promise<void> {
  const token = readCookie(request.headers.get('cookie'), SESSION_COOKIE_NAME);
  const authorization = request.headers.get('authorization') ?? undefined;
  let principal: Principal | undefined;
  if (token !== undefined && token !== '') principal = await security.session(token, { refresh: false });
  if (!principal) principal = await security.authenticate(authorization, address ? { address } : {});
  if (!principal || principal.kind !== opened.kind || principal.name !== opened.name) {
    throw new DriftwoodError('UNAUTHORIZED', 'the session has ended; log in again');
  }
  if (!principal.privileges.includes(privilege) || principal.readFilter !== opened.readFilter) {
    throw new DriftwoodError('FORBIDDEN', 'your roles have changed; open the live tail again');
  }
}

/**
 * An iterable opener (as sseStream takes) whose iteration runs `check` every `everyMs` and ends,
 * throwing check's error, once it fails: the source is aborted at once, and the error is thrown at
 * the consumer's next read (an item already taken from the source is not delivered after it).
 */
export function whileAuthorized<T>(
  open: (signal: AbortSignal) => AsyncIterable<T>,
  check: () => Promise<void>,
  everyMs: number,
): (signal: AbortSignal) => AsyncIterable<T> {
  return (signal) => guarded(open, check, everyMs, signal);
}

async function* guarded<T>(
  open: (signal: AbortSignal) => AsyncIterable<T>,
  check: () => Promise<void>,
  everyMs: number,
  signal: AbortSignal,
): AsyncIterable<T> {
  const inner = new AbortController();
  const onAbort = (): void => inner.abort();
  if (signal.aborted) inner.abort();
  else signal.addEventListener('abort', onAbort, { once: true });
  // Set from the timer's callback; a holder object so TypeScript does not narrow it to undefined.
  const state: { failure?: { error: unknown } } = {};
  const throwIfFailed = (): void => {
    if (state.failure) throw state.failure.error;
  };
  let fail: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined); // observed below; never an unhandled rejection
  let checking = false;
  const timer = setInterval(() => {
    if (checking || state.failure) return;
    checking = true;
    check().then(
      () => {
        checking = false;
      },
      (error: unknown) => {
        state.failure = { error };
        fail(error);
        inner.abort();
      },
    );
  }, everyMs);
  const iterator = open(inner.signal)[Symbol.asyncIterator]();
  try {
    while (true) {
      const next = await Promise.race([iterator.next(), failed]);
      throwIfFailed();
      if (next.done) return;
      yield next.value;
      throwIfFailed();
    }
  } finally {
    clearInterval(timer);
    inner.abort();
    signal.removeEventListener('abort', onAbort);
    void iterator.return?.()?.catch(() => undefined);
  }
}
