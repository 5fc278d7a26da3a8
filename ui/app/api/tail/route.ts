/**
 * GET /api/tail — live tail as server-sent events: `event: hit` with a search hit as data, for
 * every new event matching q + f (oldest first). `since` (epoch ms) defaults to 10 s ago.
 * Ends when the client disconnects.
 */
import { DriftwoodError, isDriftwoodError } from '@driftwood/core';
import { routeQuery } from '../../../lib/server/query.ts';
import { errorBody, errorResponse } from '../../../lib/server/respond.ts';
import { getStore } from '../../../lib/server/store.ts';

export const dynamic = 'force-dynamic';

const HEARTBEAT_MS = 15_000;

export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  let store: Awaited<ReturnType<typeof getStore>>;
  let query: ReturnType<typeof routeQuery>;
  try {
    query = routeQuery(url);
    store = await getStore();
  } catch (error) {
    return errorResponse(error);
  }
  const sinceParam = Number(url.searchParams.get('since'));
  const since = Number.isFinite(sinceParam) && sinceParam > 0 ? sinceParam : Date.now() - 10_000;
  const abort = new AbortController();
  request.signal.addEventListener('abort', () => abort.abort(), { once: true });
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string): void => {
        if (abort.signal.aborted) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          abort.abort();
        }
      };
      send('retry: 3000\n: connected\n\n');
      const heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS);
      try {
        const tailQuery = query.input.query;
        for await (const hit of store.tail({
          ...(tailQuery ? { query: tailQuery } : {}),
          since,
          intervalMs: 1000,
          signal: abort.signal,
        })) {
          send(`event: hit\ndata: ${JSON.stringify(hit)}\n\n`);
        }
      } catch (error) {
        if (!abort.signal.aborted) {
          const e = isDriftwoodError(error) ? error : new DriftwoodError('INTERNAL', String(error));
          send(`event: failure\ndata: ${JSON.stringify(errorBody(e))}\n\n`);
        }
      } finally {
        clearInterval(heartbeat);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      }
    },
    cancel() {
      abort.abort();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}
