/**
 * An Elasticsearch-compatible `_bulk` counter, run as its own process (`fork`) so its CPU is not
 * the benchmark's. It counts documents per request and answers like Elasticsearch 8: per-item
 * `201 created` (honouring `filter_path`), `x-elastic-product: Elasticsearch`, `GET /` as a cluster.
 * It tolerates what real clients send: blank lines between documents (rsyslog), `\/` escapes,
 * `index` and `create` actions, `Expect: 100-continue`.
 *
 * IPC with the parent:
 *   → {type:'listening', port}                       once, at start
 *   ← {type:'expect', docs}                          resets the counters for a new run
 *   → {type:'done', stats}                           when `docs` documents have arrived
 *   ← {type:'stats'}  → {type:'stats', stats}        current counters (late duplicates show here)
 *   ← {type:'stop'}                                  closes and exits
 * Times are epoch milliseconds with sub-millisecond precision (performance.timeOrigin + now()).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface SinkStats {
  docs: number;
  requests: number;
  bodyBytes: number;
  /** When the first request carrying documents started to arrive. */
  firstAt: number;
  /** When the request that completed the expected count had been read (or the latest one). */
  lastAt: number;
  /** Lines that were neither an action nor a document. */
  badLines: number;
  /** Other requests by method and path (`GET /`, `GET /_cat/health`, …). */
  other: Record<string, number>;
  /** The first document of the run, for a sanity check. */
  sample: string;
  /** The sink's own CPU time during the run, ms. */
  sinkCpuMs: number;
}

const now = (): number => performance.timeOrigin + performance.now();
const NEWLINE = 10;
const QUOTE = 34;

let expected = Number.POSITIVE_INFINITY;
let doneSent = false;
let cpuAtStart = process.cpuUsage();
let stats: SinkStats = fresh();
let seqNo = 0;
let autoId = 0;

function fresh(): SinkStats {
  return {
    docs: 0,
    requests: 0,
    bodyBytes: 0,
    firstAt: 0,
    lastAt: 0,
    badLines: 0,
    other: {},
    sample: '',
    sinkCpuMs: 0,
  };
}

function snapshot(): SinkStats {
  const cpu = process.cpuUsage(cpuAtStart);
  return { ...stats, other: { ...stats.other }, sinkCpuMs: (cpu.user + cpu.system) / 1000 };
}

const CLUSTER = JSON.stringify({
  name: 'bench-sink',
  cluster_name: 'driftwood-bench',
  cluster_uuid: 'bench-sink-0000000000',
  version: {
    number: '8.17.0',
    build_flavor: 'default',
    build_type: 'tar',
    lucene_version: '9.12.0',
    minimum_wire_compatibility_version: '7.17.0',
    minimum_index_compatibility_version: '7.0.0',
  },
  tagline: 'You Know, for Search',
});

interface Item {
  op: string;
  index: string;
  id: string;
}

/** Reads action/source pairs from an NDJSON body; blank lines are skipped. */
function parseBulk(body: Buffer, items: Item[]): number {
  let docs = 0;
  let pos = 0;
  let pending: Item | undefined;
  while (pos < body.length) {
    let end = body.indexOf(NEWLINE, pos);
    if (end < 0) end = body.length;
    let s = pos;
    while (s < end && (body[s] === 32 || body[s] === 9 || body[s] === 13)) s++;
    pos = end + 1;
    if (s >= end) continue;
    if (pending) {
      if (body[s] !== 123) stats.badLines++;
      if (stats.sample === '') stats.sample = body.toString('utf8', s, Math.min(end, s + 2000));
      items.push(pending);
      pending = undefined;
      docs++;
      continue;
    }
    const item = parseAction(body, s, end);
    if (!item) {
      stats.badLines++;
      continue;
    }
    if (item.op === 'delete') items.push(item);
    else pending = item;
  }
  if (pending) stats.badLines++;
  return docs;
}

/** `{"index":{"_index":"x","_id":"y"}}` → {op, index, id}, without a full JSON parse. */
function parseAction(body: Buffer, s: number, end: number): Item | undefined {
  const q1 = body.indexOf(QUOTE, s);
  if (q1 < 0 || q1 >= end || q1 - s > 8) return undefined;
  const q2 = body.indexOf(QUOTE, q1 + 1);
  if (q2 < 0 || q2 >= end || q2 - q1 > 8) return undefined;
  const op = body.toString('latin1', q1 + 1, q2);
  if (op !== 'index' && op !== 'create' && op !== 'update' && op !== 'delete') return undefined;
  return { op, index: stringField(body, q2, end, '"_index"') ?? '', id: stringField(body, q2, end, '"_id"') ?? '' };
}

function stringField(body: Buffer, from: number, end: number, key: string): string | undefined {
  const line = body.subarray(from, end);
  const k = line.indexOf(key, 0, 'latin1');
  if (k < 0) return undefined;
  const q1 = line.indexOf(QUOTE, k + key.length);
  if (q1 < 0) return undefined;
  let q2 = q1 + 1;
  while (q2 < line.length && !(line[q2] === QUOTE && line[q2 - 1] !== 92)) q2++;
  return line.toString('utf8', q1 + 1, q2).replaceAll('\\/', '/');
}

/** The Elasticsearch response, reduced by `filter_path` as Elasticsearch does (for the fields used here). */
function bulkResponse(items: Item[], took: number, filter: string[] | undefined): string {
  const want = (p: string): boolean => !filter || filter.includes(p);
  const itemKeys = filter
    ? filter.filter((f) => f.startsWith('items.*.')).map((f) => f.slice('items.*.'.length))
    : ['_index', '_id', '_version', 'result', '_shards', '_seq_no', '_primary_term', 'status'];
  const parts: string[] = [];
  if (want('took')) parts.push(`"took":${took}`);
  if (want('errors')) parts.push('"errors":false');
  if (itemKeys.length > 0) {
    const out: string[] = [];
    for (const it of items) {
      const id = it.id || `bench-${(autoId++).toString(36)}`;
      const fields: string[] = [];
      for (const key of itemKeys) {
        if (key === '_index') fields.push(`"_index":${JSON.stringify(it.index || 'unknown')}`);
        else if (key === '_id') fields.push(`"_id":${JSON.stringify(id)}`);
        else if (key === '_version') fields.push('"_version":1');
        else if (key === 'result') fields.push(`"result":"${it.op === 'delete' ? 'not_found' : 'created'}"`);
        else if (key === '_shards') fields.push('"_shards":{"total":1,"successful":1,"failed":0}');
        else if (key === '_seq_no') fields.push(`"_seq_no":${seqNo++}`);
        else if (key === '_primary_term') fields.push('"_primary_term":1');
        else if (key === 'status') fields.push(`"status":${it.op === 'delete' ? 404 : 201}`);
      }
      if (fields.length > 0) out.push(`{"${it.op}":{${fields.join(',')}}}`);
    }
    parts.push(`"items":[${out.join(',')}]`);
  }
  return `{${parts.join(',')}}`;
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'x-elastic-product': 'Elasticsearch',
  });
  res.end(body);
}

function onBulk(req: IncomingMessage, res: ServerResponse, url: URL): void {
  const started = now();
  const chunks: Buffer[] = [];
  let length = 0;
  req.on('data', (c: Buffer) => {
    chunks.push(c);
    length += c.length;
  });
  req.on('end', () => {
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
    const items: Item[] = [];
    const docs = parseBulk(body, items);
    stats.requests++;
    stats.bodyBytes += length;
    if (docs > 0) {
      if (stats.firstAt === 0) stats.firstAt = started;
      const before = stats.docs;
      stats.docs += docs;
      if (before < expected) stats.lastAt = now();
    }
    const filter = url.searchParams.get('filter_path')?.split(',');
    send(res, 200, bulkResponse(items, Math.max(1, Math.round(now() - started)), filter));
    if (!doneSent && stats.docs >= expected) {
      doneSent = true;
      process.send?.({ type: 'done', stats: snapshot() });
    }
  });
}

const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  const url = new URL(req.url ?? '/', 'http://sink');
  if (req.method === 'POST' && url.pathname.endsWith('/_bulk')) return onBulk(req, res, url);
  const key = `${req.method} ${url.pathname}`;
  stats.other[key] = (stats.other[key] ?? 0) + 1;
  req.resume();
  req.on('end', () => {
    if (url.pathname === '/') send(res, 200, req.method === 'HEAD' ? '' : CLUSTER);
    else if (url.pathname.startsWith('/_cat/health'))
      send(
        res,
        200,
        `${Math.floor(Date.now() / 1000)} 00:00:00 driftwood-bench green 1 1 1 1 0 0 0 0 - 100.0%\n`,
        'text/plain',
      );
    else if (url.pathname.startsWith('/_cluster/health'))
      send(res, 200, '{"cluster_name":"driftwood-bench","status":"green","number_of_nodes":1}');
    else send(res, 200, '{}');
  });
});
server.headersTimeout = 60_000;
server.requestTimeout = 0;

process.on('message', (msg: { type: string; docs?: number }) => {
  if (msg.type === 'expect') {
    expected = msg.docs ?? Number.POSITIVE_INFINITY;
    doneSent = false;
    stats = fresh();
    cpuAtStart = process.cpuUsage();
  } else if (msg.type === 'stats') {
    process.send?.({ type: 'stats', stats: snapshot() });
  } else if (msg.type === 'stop') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 });
});
