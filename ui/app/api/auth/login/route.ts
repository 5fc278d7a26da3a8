/**
 * POST /api/auth/login { username, password } — starts a session: 200 { username, roles,
 * privileges, expiresAt } with the session cookie; 401 for wrong credentials, 429 (Retry-After)
 * after too many failures for the user or address. The SecurityService audits every attempt.
 */
import { DriftwoodError, isDriftwoodError } from '@driftwood/core';
import { readJson, readObject } from '../../../../lib/server/request.ts';
import { errorResponse, json } from '../../../../lib/server/respond.ts';
import { route } from '../../../../lib/server/route.ts';
import { sessionCookie } from '../../../../lib/server/session-cookie.ts';

export const dynamic = 'force-dynamic';

export const POST = route('public', async (request, ctx) => {
  const body = readObject(await readJson(request), 'the body');
  const { username, password } = body;
  if (typeof username !== 'string' || typeof password !== 'string' || username === '' || password === '') {
    throw new DriftwoodError('INPUT_INVALID', 'username and password are required', { details: { field: 'username' } });
  }
  try {
    const { token, principal, expiresAt } = await ctx.security.login(
      username,
      password,
      ctx.address ? { address: ctx.address } : {},
    );
    return json(
      { username: principal.name, roles: principal.roles, privileges: principal.privileges, expiresAt },
      { headers: { 'set-cookie': sessionCookie(request, token, expiresAt) } },
    );
  } catch (error) {
    const res = errorResponse(error);
    const retry = isDriftwoodError(error) ? error.details.retryAfterSeconds : undefined;
    if (typeof retry === 'number') res.headers.set('retry-after', String(Math.ceil(retry)));
    return res;
  }
});
