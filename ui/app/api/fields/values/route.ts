/** GET /api/fields/values — autocomplete: up to 10 values of a keyword field starting with `prefix` (in from/to). */
import { type KqlNode, makeKqlTerm } from '@driftwood/core';
import { requiredParam, routeQuery } from '../../../../lib/server/query.ts';
import { json } from '../../../../lib/server/respond.ts';
import { route } from '../../../../lib/server/route.ts';

export const dynamic = 'force-dynamic';

export const GET = route('read', async (request, ctx) => {
  const url = new URL(request.url);
  const field = requiredParam(url, 'field');
  const prefix = (url.searchParams.get('prefix') ?? '').replace(/^"/, '');
  const q = routeQuery(url);
  const store = ctx.store;
  const info = (await store.fields()).find((f) => f.name === field);
  if (info?.type !== 'keyword') return json({ field, values: [] });
  const query: KqlNode =
    prefix === ''
      ? { type: 'exists', field }
      : { type: 'match', field, value: makeKqlTerm([prefix, { wildcard: '*' }]) };
  const res = await store.aggregate({
    query,
    ...(q.from !== undefined ? { from: q.from } : {}),
    ...(q.to !== undefined ? { to: q.to } : {}),
    aggs: { values: { type: 'terms', field, size: 10 } },
  });
  const values = res.values?.type === 'terms' ? res.values.buckets.map((b) => String(b.key)) : [];
  return json({ field, values });
});
