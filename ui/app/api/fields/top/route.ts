/**
 * GET /api/fields/top — a field's top 5 values over the current query (q, f, from, to, field):
 * counts and percentages of the matching events, and how many have the field at all.
 */
import type { KqlNode } from '@driftwood/core';
import { requiredParam, routeQuery } from '../../../../lib/server/query.ts';
import { json } from '../../../../lib/server/respond.ts';
import { route } from '../../../../lib/server/route.ts';

export const dynamic = 'force-dynamic';

const TOP = 5;

export const GET = route('read', async (request, ctx) => {
  const url = new URL(request.url);
  const q = routeQuery(url);
  const field = requiredParam(url, 'field');
  const store = ctx.store;
  const info = (await store.fields()).find((f) => f.name === field);
  const exists: KqlNode = { type: 'exists', field };
  const withField: KqlNode = q.input.query ? { type: 'and', children: [q.input.query, exists] } : exists;
  const [total, present] = await Promise.all([
    store.count(q.input),
    info ? store.count({ ...q.input, query: withField }) : Promise.resolve(0),
  ]);
  let buckets: Array<{ key: string | number; count: number; percent: number }> = [];
  let other = 0;
  if (info?.aggregatable && present > 0) {
    const res = await store.aggregate({ ...q.input, aggs: { top: { type: 'terms', field, size: TOP } } });
    const top = res.top;
    if (top?.type === 'terms') {
      buckets = top.buckets.map((b) => ({ ...b, percent: total > 0 ? (b.count / total) * 100 : 0 }));
      other = top.other;
    }
  }
  return json({
    field,
    type: info?.type ?? null,
    aggregatable: info?.aggregatable ?? false,
    total,
    present,
    buckets,
    other,
  });
});
