/** GET /api/histogram — date histogram of the query split by log.level: q, f, from, to, i (auto | 5m | …). */

import { OTHER_LEVEL } from '../../../lib/discover/histogram.ts';
import { chooseInterval } from '../../../lib/discover/interval.ts';
import { routeQuery } from '../../../lib/server/query.ts';
import { json } from '../../../lib/server/respond.ts';
import { route } from '../../../lib/server/route.ts';

export const dynamic = 'force-dynamic';

const LEVELS = 8;

export const GET = route('read', async (request, ctx) => {
  const url = new URL(request.url);
  const q = routeQuery(url);
  const chosen = q.from !== undefined && q.to !== undefined ? chooseInterval(q.interval, q.from, q.to) : undefined;
  const store = ctx.store;
  const started = performance.now();
  const res = await store.aggregate({
    ...q.input,
    aggs: {
      histogram: {
        type: 'date_histogram',
        ...(chosen ? { intervalMs: chosen.ms } : {}),
        split: { field: 'log.level', size: LEVELS },
      },
    },
  });
  const h = res.histogram;
  if (h?.type !== 'date_histogram') throw new Error('the store answered without a date histogram');
  const buckets = h.buckets.map((b) => {
    const levels: Record<string, number> = {};
    let named = 0;
    for (const s of b.split?.buckets ?? []) {
      levels[String(s.key)] = s.count;
      named += s.count;
    }
    if (b.count > named) levels[OTHER_LEVEL] = b.count - named;
    return { key: b.key, count: b.count, levels };
  });
  return json({
    intervalMs: h.intervalMs,
    scaled: chosen?.scaled === true || (chosen !== undefined && chosen.ms !== h.intervalMs),
    total: buckets.reduce((s, b) => s + b.count, 0),
    buckets,
    tookMs: Math.round(performance.now() - started),
  });
});
