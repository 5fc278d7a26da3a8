/**
 * GET /api/tail — live tail as server-sent events: `event: hit` with a search hit as data, for
 * every new event matching q + f (oldest first). `since` (epoch ms) defaults to 10 s ago.
 * Ends when the client disconnects, and with `event: failure` (UNAUTHORIZED or FORBIDDEN) once
 * the session expires or is logged out, the key is revoked or the roles change: the credentials
 * are re-checked every recheckIntervalMs, without refreshing the session (while-authorized.ts).
 * Backpressure: the next event is taken from the store's tail only when the client has read (at
 * most SSE_QUEUE events wait for a client that does not read).
 */
import { DriftwoodError, isDriftwoodError } from '@driftwood/core';
import { routeQuery } from '../../../lib/server/query.ts';
import { errorBody } from '../../../lib/server/respond.ts';
import { route } from '../../../lib/server/route.ts';
import { sseStream } from '../../../lib/server/sse-stream.ts';
import { checkStillAuthorized, recheckIntervalMs, whileAuthorized } from '../../../lib/server/while-authorized.ts';

export const dynamic = 'force-dynamic';

const HEARTBEAT_MS = 15_000;

export const GET = route('read', async (request, ctx) => {
  const url = new URL(request.url);
  const query = routeQuery(url);
  const store = ctx.store;
  const sinceParam = Number(url.searchParams.get('since'));
  const since = Number.isFinite(sinceParam) && sinceParam > 0 ? sinceParam : Date.now() - 10_000;
  const tailQuery = query.input.query;
  // pull-based: the store is read only as fast as the client reads (a bounded queue, see sse-stream.ts)
  const stream = sseStream(
    whileAuthorized(
      (signal) => store.tail({ ...(tailQuery ? { query: tailQuery } : {}), since, intervalMs: 1000, signal }),
      () => checkStillAuthorized(request, ctx.security, ctx.principal, 'read', ctx.address),
      recheckIntervalMs(),
    ),
    {
      signal: request.signal,
      heartbeatMs: HEARTBEAT_MS,
      failure: (error) => errorBody(isDriftwoodError(error) ? error : new DriftwoodError('INTERNAL', String(error))),
    },
  );
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
});
