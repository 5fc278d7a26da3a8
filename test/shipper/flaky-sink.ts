/**
 * `flakySink`: a fault-injecting `_bulk` endpoint for shipper tests. It injects what a real store
 * cannot produce on demand: a whole-request HTTP 400 (as a mistyped URL path, a proxy or a
 * misconfigured index answers) for as long as `mode` is `'fail'`. In `'ok'` mode it keeps
 * documents by `_id` like Elasticsearch does for `create` (a second `create` of an id is a 409),
 * so a test can count what arrived, and how often — or, given `forward`, passes the request on to
 * a real store (OpenSearch) and its answer back, untouched.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface FlakySink {
  url: string;
  /** `fail`: every request is answered `status` with `body`; `ok`: items are stored. */
  mode: 'fail' | 'ok';
  /** The status and body of a failing answer. */
  status: number;
  body: string;
  /** Documents stored, by `_id`. */
  docs: Map<string, Record<string, unknown>>;
  /** Requests answered with the failure. */
  failed: number;
  /** `create`s of an id already stored (answered 409). */
  duplicates: number;
  /** Authorization headers seen (to check credentials are sent, yet never shown). */
  authorizations: Set<string>;
  close(): Promise<void>;
}

async function text(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  const raw = Buffer.concat(parts);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw).toString() : raw.toString();
}

export interface FlakySinkOptions {
  /** Pass `ok` requests on to this store instead of keeping documents here. */
  forward?: string;
  /** Documents to refuse one by one (item status 400, as a store refuses a mapping conflict). */
  reject?: (doc: Record<string, unknown>) => boolean;
}

export async function flakySink(options: FlakySinkOptions = {}): Promise<FlakySink> {
  let server: Server | undefined;
  const sink: FlakySink = {
    url: '',
    mode: 'fail',
    status: 400,
    body: JSON.stringify({
      error: 'no handler found for uri [/wrong/_bulk] and method [POST]',
      status: 400,
    }),
    docs: new Map(),
    failed: 0,
    duplicates: 0,
    authorizations: new Set(),
    close: () => new Promise<void>((r) => (server ? server.close(() => r()) : r())),
  };
  server = createServer(async (req, res) => {
    const body = await text(req);
    if (req.headers.authorization) sink.authorizations.add(req.headers.authorization);
    if (sink.mode === 'fail') {
      sink.failed++;
      res.writeHead(sink.status, { 'content-type': 'application/json' }).end(sink.body);
      return;
    }
    if (options.forward) {
      const answer = await fetch(`${options.forward}${req.url ?? '/'}`, {
        method: req.method ?? 'POST',
        headers: { 'content-type': String(req.headers['content-type'] ?? 'application/x-ndjson') },
        body,
      });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
      return;
    }
    const lines = body.split('\n').filter(Boolean);
    const items: unknown[] = [];
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const id = (JSON.parse(lines[i]!) as { create: { _id: string } }).create._id;
      const doc = JSON.parse(lines[i + 1]!) as Record<string, unknown>;
      if (options.reject?.(doc)) {
        items.push({
          create: { status: 400, error: { type: 'mapper_parsing_exception', reason: 'failed to parse field [n]' } },
        });
      } else if (sink.docs.has(id)) {
        sink.duplicates++;
        items.push({ create: { status: 409, error: { type: 'version_conflict_engine_exception', reason: 'exists' } } });
      } else {
        sink.docs.set(id, doc);
        items.push({ create: { status: 201 } });
      }
    }
    const errors = items.some((i) => (i as { create: { status: number } }).create.status !== 201);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errors, items }));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  sink.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return sink;
}
