/**
 * Store benchmark: ingest rate and Discover-like query latency, embedded (DuckDB) vs OpenSearch
 * on the same generated events in the same run.
 *
 *   BENCH_STORE_SIZES=1000000,10000000   event counts (default 1,000,000)
 *   OPENSEARCH_URL=...                    use a running OpenSearch instead of starting one
 *   BENCH_NO_RESULTS=1                    do not write bench/RESULTS.md (trial runs at small sizes)
 *
 *   BENCH_STORE_CORPORA=events,demo       corpora (default both, see CORPORA)
 *
 * The demo events are shaped like `driftwood up --demo` (DemoCorpus: nginx, a winston app, an IoT
 * fleet; over 31 rolled fields). The Discover query set, per query: hit count + date histogram
 * split by log.level + first 100 hits + top-5 values of 5 fields, issued together as the Discover
 * page does.
 *
 * Answers first, times after: at every size both stores answer the query set (plus a few checked
 * statistics) on the same events, the embedded answers must equal OpenSearch's (bench/answers.ts:
 * exactly, percentiles within 1%) and every histogram's bars must add up to the hit count; any
 * difference ends the run with exit code 1 and the diff, before a time is reported or written.
 * OpenSearch is the reference, so it runs at every size.
 */
import { rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { AggregationSpec, LogStore } from '../store/src/contract.ts';
import { createEmbeddedStore } from '../store/src/embedded/store.ts';
import { startOpenSearch } from '../test/engines/opensearch.ts';
import { type Answer, answerOf, expectBarsAddUp, expectSameAnswers, type RequestSet, WrongAnswer } from './answers.ts';
import { DemoCorpus, EventCorpus } from './generate.ts';
import { machineLine, percentile, table, writeSection } from './results.ts';

const SIZES = (process.env.BENCH_STORE_SIZES ?? '1000000').split(',').map(Number);
/**
 * Corpora: `events` (EventCorpus: 11 fields, the shape every earlier figure and the ingest target
 * were measured on) and `demo` (DemoCorpus: the up --demo shape, over 31 rolled fields).
 */
const CORPORA = (process.env.BENCH_STORE_CORPORA ?? 'events,demo').split(',') as Array<'events' | 'demo'>;
const END = Date.parse('2026-03-02T00:00:00Z');
const START = END - 24 * 3_600_000;
const QUERIES = [
  '',
  'log.level:error',
  'timeout',
  'event.dataset:nginx.access and http.response.status_code >= 500',
  'service.name:payments or device.type:drone',
];
const TOP_FIELDS = ['event.dataset', 'log.level', 'host.name', 'service.name', 'http.response.status_code'];
const REPEATS = 5;

/** One query's Discover set: what is timed, and what is checked. */
const discoverSet = (query: string): RequestSet => ({
  search: { query, from: START, to: END, size: 100 },
  aggregate: {
    query,
    from: START,
    to: END,
    aggs: {
      hist: { type: 'date_histogram', split: { field: 'log.level', size: 8 } },
      ...Object.fromEntries(TOP_FIELDS.map((f) => [f, { type: 'terms' as const, field: f, size: 5 }])),
    },
  },
});
/** Checked with the query set (not timed): statistics the Discover set does not ask for. */
const CHECKED_STATS: Record<string, AggregationSpec> = {
  check_bytes_p: { type: 'percentiles', field: 'http.response.body.bytes', percents: [50, 95, 99] },
  check_bytes_min: { type: 'min', field: 'http.response.body.bytes' },
  check_bytes_max: { type: 'max', field: 'http.response.body.bytes' },
  check_bytes_sum: { type: 'sum', field: 'http.response.body.bytes' },
  check_battery_avg: { type: 'avg', field: 'battery' },
  check_devices: { type: 'cardinality', field: 'device.id' },
  check_hourly: { type: 'date_histogram', intervalMs: 3_600_000, split: { field: 'event.dataset', size: 3 } },
};

/** The documents every ingest replays, made before any is timed (see EventCorpus). */
type Corpus = EventCorpus | DemoCorpus;
const corpora: Record<'events' | 'demo', () => Corpus> = {
  events: () => new EventCorpus(100_000),
  demo: () => new DemoCorpus(100_000),
};

async function ingest(store: LogStore, total: number, corpus: Corpus): Promise<number> {
  const started = performance.now();
  for (const batch of corpus.events(total, START, END, 10_000)) {
    const outcomes = await store.write(batch);
    const bad = outcomes.find((o) => o.status === 'rejected');
    if (bad) throw new Error(`rejected: ${JSON.stringify(bad)}`);
  }
  await store.flush();
  return total / ((performance.now() - started) / 1000);
}

async function discover(store: LogStore, query: string): Promise<number> {
  const set = discoverSet(query);
  const started = performance.now();
  await Promise.all([store.search(set.search), store.aggregate(set.aggregate)]);
  return performance.now() - started;
}

/** Every query's Discover set and checked statistics, answered by `store`. */
async function answers(store: LogStore): Promise<Record<string, Answer>> {
  const out: Record<string, Answer> = {};
  for (const query of QUERIES) {
    const a = await answerOf(store, discoverSet(query));
    const stats = await store.aggregate({ query, from: START, to: END, aggs: CHECKED_STATS });
    out[query] = { ...a, aggs: { ...a.aggs, ...stats } };
  }
  return out;
}

/** The corpus's keyword, long and boolean fields (the kinds the embedded store's rollups count). */
async function rolledKindFields(store: LogStore, corpus: DemoCorpus): Promise<string[]> {
  const present = corpus.fieldNames();
  return (await store.fields())
    .filter((f) => present.has(f.name) && f.aggregatable && ['keyword', 'long', 'boolean'].includes(f.type))
    .map((f) => f.name);
}

/** Query latencies; `before` runs before each query, outside the time measured. */
async function measure(
  store: LogStore,
  before: () => Promise<void> = async () => {},
): Promise<{ p50: number; p95: number; perQuery: Record<string, number> }> {
  const all: number[] = [];
  const perQuery: Record<string, number> = {};
  for (const q of QUERIES) await discover(store, q); // warm up
  for (const q of QUERIES) {
    const times: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      await before();
      times.push(await discover(store, q));
    }
    perQuery[q] = percentile(times, 50);
    all.push(...times);
  }
  return { p50: percentile(all, 50), p95: percentile(all, 95), perQuery };
}

const loadBefore = loadavg()[0] ?? 0;
const rows: Array<Array<string | number>> = [];
const details: string[] = [];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
let rolledCount = 0;

async function benchSize(name: 'events' | 'demo', size: number): Promise<void> {
  const corpus = corpora[name]();
  const file = path.join(tmpdir(), `driftwood-bench-${process.pid}.duckdb`);
  rmSync(file, { force: true });
  try {
    const writer = await createEmbeddedStore({ path: file });
    const started = performance.now();
    const flushedRate = await ingest(writer, size, corpus);
    // Closing checkpoints what is still only in the write-ahead log; count it as ingest work.
    await writer.close();
    const rate = size / ((performance.now() - started) / 1000);
    let embedded = await createEmbeddedStore({ path: file });
    const rolled = corpus instanceof DemoCorpus ? await rolledKindFields(embedded, corpus) : [];
    if (corpus instanceof DemoCorpus) rolledCount = rolled.length;
    if (corpus instanceof DemoCorpus && rolled.length <= 31) {
      throw new WrongAnswer(
        `the corpus has ${rolled.length} keyword/long/boolean fields; it must have more than 31 (the up --demo shape)`,
      );
    }
    const mine = await answers(embedded);
    await embedded.close();
    expectBarsAddUp(`embedded, ${fmt(size)} events`, mine);

    const engine = await startOpenSearch();
    const prefix = `bench-${name}${size}-${process.pid}`;
    let oq: Awaited<ReturnType<typeof measure>>;
    let cold: Awaited<ReturnType<typeof measure>>;
    let osRate: number;
    try {
      const { createOpenSearchStore } = await import('../store/src/opensearch-elasticsearch/index.ts');
      const os = createOpenSearchStore({ url: engine.url, indexPrefix: prefix });
      await os.init();
      osRate = await ingest(os, size, corpus);
      const theirs = await answers(os);
      expectBarsAddUp(`OpenSearch, ${fmt(size)} events`, theirs);
      expectSameAnswers(`embedded (${fmt(size)} events)`, mine, `OpenSearch ${engine.version}`, theirs);
      console.log(
        `answers checked on ${name} at ${fmt(size)} events: ${QUERIES.length} queries × (count, first 100 hits, histogram by level, top 5 of ${TOP_FIELDS.length} fields, ${Object.keys(CHECKED_STATS).length} statistics) identical on embedded and OpenSearch; bars add up to hits${rolled.length > 0 ? `; ${rolled.length} keyword/long/boolean fields` : ''}`,
      );
      oq = await measure(os);
      // the same queries with OpenSearch's caches (request, query, fielddata) emptied before each:
      // what a query costs it the first time, as every query costs the embedded store
      const clear = async () => {
        const res = await fetch(`${engine.url}/_cache/clear`, { method: 'POST' });
        if (!res.ok) throw new Error(`cache clear: HTTP ${res.status}`);
      };
      cold = await measure(os, clear);
      await os.close();
    } finally {
      // a shared OpenSearch (OPENSEARCH_URL) keeps nothing of ours
      await fetch(`${engine.url}/${prefix}-*`, { method: 'DELETE' }).catch(() => undefined);
      await fetch(`${engine.url}/_index_template/${prefix}-logs`, { method: 'DELETE' }).catch(() => undefined);
      await engine.stop();
    }

    // the embedded store is timed with OpenSearch stopped (it has the machine to itself)
    embedded = await createEmbeddedStore({ path: file });
    const q = await measure(embedded);
    await embedded.close();
    const mb = statSync(file).size / 2 ** 20;
    console.log(
      `embedded ${name} ${size}: ingest ${fmt(rate)}/s (${fmt(flushedRate)}/s before the final checkpoint), discover p50 ${q.p50.toFixed(0)} ms p95 ${q.p95.toFixed(0)} ms, file ${mb.toFixed(0)} MB`,
    );
    console.log(
      `opensearch ${name} ${size}: ingest ${fmt(osRate)}/s, discover p50 ${oq.p50.toFixed(0)} ms p95 ${oq.p95.toFixed(0)} ms`,
    );
    console.log(
      `opensearch ${name} ${size}, caches cleared: discover p50 ${cold.p50.toFixed(0)} ms p95 ${cold.p95.toFixed(0)} ms`,
    );
    rows.push([
      'embedded (DuckDB)',
      name,
      fmt(size),
      fmt(rate),
      q.p50.toFixed(0),
      q.p95.toFixed(0),
      `${mb.toFixed(0)} MB`,
    ]);
    rows.push([`OpenSearch ${engine.version}`, name, fmt(size), fmt(osRate), oq.p50.toFixed(0), oq.p95.toFixed(0), '']);
    rows.push([
      `OpenSearch ${engine.version}, caches cleared before each query`,
      name,
      fmt(size),
      '',
      cold.p50.toFixed(0),
      cold.p95.toFixed(0),
      '',
    ]);
    const perQuery = (m: Record<string, number>) =>
      Object.entries(m)
        .map(([k, v]) => `\`${k || '*'}\` ${v.toFixed(0)} ms`)
        .join(', ');
    details.push(
      `embedded, ${name}, ${fmt(size)} events: ${perQuery(q.perQuery)}; ingest ${fmt(flushedRate)}/s until written and searchable, ${fmt(rate)}/s including the final checkpoint (the table's figure)`,
    );
    details.push(`OpenSearch, ${name}, ${fmt(size)} events: ${perQuery(oq.perQuery)}`);
    details.push(`OpenSearch with caches cleared, ${name}, ${fmt(size)} events: ${perQuery(cold.perQuery)}`);
  } finally {
    rmSync(file, { force: true });
  }
}

try {
  for (const size of SIZES) for (const name of CORPORA) await benchSize(name, size);
} catch (error) {
  if (error instanceof WrongAnswer) {
    console.error(`\nstore bench: WRONG ANSWER — no figures reported or written.\n${error.message}`);
    process.exit(1);
  }
  throw error;
}

writeSection(
  'store',
  `## Store: ingest and Discover query set (\`bench/store.bench.ts\`)

${machineLine()}; 1-minute load average ${loadBefore.toFixed(2)} at the start, ${(loadavg()[0] ?? 0).toFixed(2)} at the end
(the machine is shared). Events replay a corpus of 100,000 generated documents made before timing
(each event gets its own id and timestamp, time-ordered over 24 h; the generator's own work is
left out, as a corpus file would be), in two shapes: \`events\` (\`EventCorpus\`: 11 fields, the
shape of every earlier figure in this file and of the ingest target) and \`demo\`, shaped like
\`driftwood up --demo\` (\`DemoCorpus\`: nginx access and error lines, a winston app, an IoT fleet
arriving after the first 40%; ${rolledCount} keyword/long/boolean fields), written in batches of 10,000 through the \`LogStore\`
contract (idempotent writes, ids checked). Before any time is taken, both stores answer every
query's set (and ${Object.keys(CHECKED_STATS).length} statistics) on the same events and the answers are compared
(\`bench/answers.ts\`: identical, percentiles within 1%; histogram bars = hits); a difference fails
the run. Discover query set = hit count +
date histogram split by \`log.level\` + first 100 hits + top-5 values of 5 fields, issued together;
${REPEATS} repeats of ${QUERIES.length} queries after a warm-up. OpenSearch answers repeated aggregation
requests from its shard request cache; the embedded store computes every request (it has no result
cache), reading per-minute rollups for the facets of \`*\` and the events for the rest. The second
OpenSearch row runs the same queries with its caches emptied (\`POST /_cache/clear\`) before each one.
Ingest ends when every event is written and searchable (\`flush\`: the embedded store's ingest log
is loaded), then the store is closed (its final checkpoint counts too).

${table(['store', 'corpus', 'events', 'ingest events/s', 'Discover p50 ms', 'Discover p95 ms', 'size on disk'], rows)}

${details.map((d) => `- ${d}`).join('\n')}
`,
);
