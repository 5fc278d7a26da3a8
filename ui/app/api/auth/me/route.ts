/** GET /api/auth/me — who is asking: { username, kind, roles, privileges } (401 for nobody). Never a secret. */
import { DriftwoodError } from '@driftwood/core';
import { json } from '../../../../lib/server/respond.ts';
import { route } from '../../../../lib/server/route.ts';

export const dynamic = 'force-dynamic';

export const GET = route('public', async (_request, ctx) => {
  const p = ctx.principal;
  if (!p) throw new DriftwoodError('UNAUTHORIZED', 'not logged in');
  return json({
    username: p.name,
    kind: p.kind,
    ...(p.label !== undefined ? { label: p.label } : {}),
    roles: p.roles,
    privileges: p.privileges,
  });
});
