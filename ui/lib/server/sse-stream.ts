/**
 * A server-sent-events body read from an async iterator only as fast as the client reads: a
 * pull-based ReadableStream with a bounded queue (`queue` chunks). The next item is taken from
 * the iterator only when the queue has room, so a client that stops reading holds at most
 * `queue` events here (plus the page the iterator itself holds), and the store is not polled
 * for more. Heartbeats go out only while the queue has room (a full queue has data waiting).
 * Aborting `signal` or cancelling the body stops the iterator.
 */

/** Events buffered for a client that does not read. */
export const SSE_QUEUE = 64;

export interface SseStreamOptions {
  /** The request's signal: a client that goes away stops the iterator. */
  signal?: AbortSignal;
  /** Chunks queued at most (default SSE_QUEUE). */
  queue?: number;
  /** Comment line sent this often, ms (default 15 s). */
  heartbeatMs?: number;
  /** The SSE event name of an item (default `hit`). */
  event?: string;
  /** The `data` of the `failure` event the stream ends with when the iterator throws. */
  failure: (error: unknown) => unknown;
}

export function sseStream<T>(
  open: (signal: AbortSignal) => AsyncIterable<T>,
  options: SseStreamOptions,
): ReadableStream<Uint8Array> {
  const abort = new AbortController();
  const outer = options.signal;
  if (outer?.aborted) abort.abort();
  else outer?.addEventListener('abort', () => abort.abort(), { once: true });
  const encoder = new TextEncoder();
  const event = options.event ?? 'hit';
  let iterator: AsyncIterator<T> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  const stop = (): void => {
    closed = true;
    clearInterval(heartbeat);
    abort.abort();
  };
  const finish = (controller: ReadableStreamDefaultController<Uint8Array>): void => {
    if (closed) return;
    stop();
    try {
      controller.close();
    } catch {
      // already closed or cancelled
    }
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode('retry: 3000\n: connected\n\n'));
        heartbeat = setInterval(() => {
          if (!closed && (controller.desiredSize ?? 0) > 0) controller.enqueue(encoder.encode(': ping\n\n'));
        }, options.heartbeatMs ?? 15_000);
        iterator = open(abort.signal)[Symbol.asyncIterator]();
      },
      async pull(controller) {
        if (closed || !iterator) return;
        try {
          const next = await iterator.next();
          if (closed) return;
          if (next.done) finish(controller);
          else controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(next.value)}\n\n`));
        } catch (error) {
          if (closed) return;
          if (!abort.signal.aborted) {
            controller.enqueue(encoder.encode(`event: failure\ndata: ${JSON.stringify(options.failure(error))}\n\n`));
          }
          finish(controller);
        }
      },
      cancel() {
        stop();
        // the iterator sees the abort and ends; return() releases it once its pending next settles
        void iterator?.return?.()?.catch(() => undefined);
      },
    },
    new CountQueuingStrategy({ highWaterMark: Math.max(1, options.queue ?? SSE_QUEUE) }),
  );
}
