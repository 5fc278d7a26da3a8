/** POST /api/auth/logout — ends the session of the cookie (if any) and clears the cookie; always 200. */
import { readCookie, SESSION_COOKIE_NAME } from '../../../../lib/server/guard.ts';
import { json } from '../../../../lib/server/respond.ts';
import { route } from '../../../../lib/server/route.ts';
import { clearedSessionCookie } from '../../../../lib/server/session-cookie.ts';

export const dynamic = 'force-dynamic';

export const POST = route('public', async (request, ctx) => {
  const token = readCookie(request.headers.get('cookie'), SESSION_COOKIE_NAME);
  if (token) await ctx.security.logout(token, ctx.address ? { address: ctx.address } : {});
  return json({ loggedOut: true }, { headers: { 'set-cookie': clearedSessionCookie(request) } });
});
