/**
 * GET /api/auth/me — who is asking: { username, kind, roles, privileges, filtered } (401 for nobody).
 * `filtered`: whether its roles limit the documents it reads (a DLS filter beyond hiding the audit
 * trail), so the UI can leave out what such a principal is refused (alert rules). Never a secret.
 */
import { DriftwoodError } from '@driftwood/core';
import { json } from '../../../../lib/server/respond.ts';
import { filtersDocuments, route } from '../../../../lib/server/route.ts';

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
    filtered: filtersDocuments(p),
  });
});
