/**
 * Store benchmark: ingest rate and Discover-like query latency, embedded (DuckDB) vs OpenSearch
 * on the same generated events in the same run.
 *
 *   BENCH_STORE_SIZES=1000000,10000000   event counts (default 1,000,000)
 *   BENCH_OPENSEARCH_MAX=1000000          skip OpenSearch above this size (its ingest is slow here)
 *   OPENSEARCH_URL=...                    use a running OpenSearch instead of starting one
 *
 * The Discover query set, per query: hit count + date histogram split by log.level + first 100
 * hits + top-5 values of 5 fields, issued together as the Discover page does.
 */
import { rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { LogStore } from '@driftwood/store';
import { createEmbeddedStore } from '@driftwood/store';
import { startOpenSearch } from '../test/engines/opensearch.ts';
import { EventCorpus } from './generate.ts';
import { machineLine, percentile, table, writeSection } from './results.ts';

const SIZES = (process.env.BENCH_STORE_SIZES ?? '1000000').split(',').map(Number);
const OPENSEARCH_MAX = Number(process.env.BENCH_OPENSEARCH_MAX ?? 1_000_000);
const END = Date.parse('2026-03-02T00:00:00Z');
const START = END - 24 * 3_600_000;
const QUERIES = ['', 'log.level:error', 'refused', 'service.name:checkout and http.response.status_code >= 500'];
const TOP_FIELDS = ['host.name', 'service.name', 'log.level', 'http.response.status_code', 'url.original'];
const REPEATS = 5;

/** The documents every ingest replays, made before any is timed (see EventCorpus). */
const corpus = new EventCorpus(100_000);

async function ingest(store: LogStore, total: number): Promise<number> {
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
  const started = performance.now();
  await Promise.all([
    store.search({ query, from: START, to: END, size: 100 }),
    store.aggregate({
      query,
      from: START,
      to: END,
      aggs: {
        hist: { type: 'date_histogram', split: { field: 'log.level', size: 5 } },
        ...Object.fromEntries(TOP_FIELDS.map((f) => [f, { type: 'terms' as const, field: f, size: 5 }])),
      },
    }),
  ]);
  return performance.now() - started;
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

for (const size of SIZES) {
  const file = path.join(tmpdir(), `driftwood-bench-${process.pid}.duckdb`);
  rmSync(file, { force: true });
  const writer = await createEmbeddedStore({ path: file });
  const started = performance.now();
  const flushedRate = await ingest(writer, size);
  // Closing checkpoints what is still only in the write-ahead log; count it as ingest work.
  await writer.close();
  const rate = size / ((performance.now() - started) / 1000);
  const embedded = await createEmbeddedStore({ path: file });
  const q = await measure(embedded);
  await embedded.close();
  const { statSync } = await import('node:fs');
  const mb = statSync(file).size / 2 ** 20;
  rmSync(file, { force: true });
  console.log(
    `embedded ${size}: ingest ${fmt(rate)}/s (${fmt(flushedRate)}/s before the final checkpoint), discover p50 ${q.p50.toFixed(0)} ms p95 ${q.p95.toFixed(0)} ms, file ${mb.toFixed(0)} MB`,
  );
  rows.push(['embedded (DuckDB)', fmt(size), fmt(rate), q.p50.toFixed(0), q.p95.toFixed(0), `${mb.toFixed(0)} MB`]);
  details.push(
    `embedded, ${fmt(size)} events: ${Object.entries(q.perQuery)
      .map(([k, v]) => `\`${k || '*'}\` ${v.toFixed(0)} ms`)
      .join(
        ', ',
      )}; ingest ${fmt(flushedRate)}/s until written and searchable, ${fmt(rate)}/s including the final checkpoint (the table's figure)`,
  );

  if (size <= OPENSEARCH_MAX) {
    const engine = await startOpenSearch();
    try {
      const { createOpenSearchStore } = await import('../store/src/search-engine/index.ts');
      const os = createOpenSearchStore({ url: engine.url, indexPrefix: `bench${size}` });
      await os.init();
      const osRate = await ingest(os, size);
      const oq = await measure(os);
      // the same queries with OpenSearch's caches (request, query, fielddata) emptied before each:
      // what a query costs it the first time, as every query costs the embedded store
      const clear = async () => {
        const res = await fetch(`${engine.url}/_cache/clear`, { method: 'POST' });
        if (!res.ok) throw new Error(`cache clear: HTTP ${res.status}`);
      };
      const cold = await measure(os, clear);
      await os.close();
      console.log(
        `opensearch ${size}: ingest ${fmt(osRate)}/s, discover p50 ${oq.p50.toFixed(0)} ms p95 ${oq.p95.toFixed(0)} ms`,
      );
      console.log(
        `opensearch ${size}, caches cleared: discover p50 ${cold.p50.toFixed(0)} ms p95 ${cold.p95.toFixed(0)} ms`,
      );
      rows.push([`OpenSearch ${engine.version}`, fmt(size), fmt(osRate), oq.p50.toFixed(0), oq.p95.toFixed(0), '']);
      rows.push([
        `OpenSearch ${engine.version}, caches cleared before each query`,
        fmt(size),
        '',
        cold.p50.toFixed(0),
        cold.p95.toFixed(0),
        '',
      ]);
      for (const [label, m] of [
        ['OpenSearch', oq],
        ['OpenSearch with caches cleared', cold],
      ] as const)
        details.push(
          `${label}, ${fmt(size)} events: ${Object.entries(m.perQuery)
            .map(([k, v]) => `\`${k || '*'}\` ${v.toFixed(0)} ms`)
            .join(', ')}`,
        );
    } finally {
      await engine.stop();
    }
  } else {
    rows.push(['OpenSearch', fmt(size), 'not run (BENCH_OPENSEARCH_MAX)', '', '', '']);
  }
}

writeSection(
  'store',
  `## Store: ingest and Discover query set (\`bench/store.bench.ts\`)

${machineLine()}; 1-minute load average ${loadBefore.toFixed(2)} at the start, ${(loadavg()[0] ?? 0).toFixed(2)} at the end
(the machine is shared). Events replay a corpus of 100,000 generated documents made before timing
(each event gets its own id and timestamp, time-ordered over 24 h; the generator's own work is
left out, as a corpus file would be), written in batches of 10,000 through the \`LogStore\`
contract (idempotent writes, ids checked). Discover query set = hit count +
date histogram split by \`log.level\` + first 100 hits + top-5 values of 5 fields, issued together;
${REPEATS} repeats of ${QUERIES.length} queries after a warm-up. OpenSearch answers repeated aggregation
requests from its shard request cache; the embedded store computes every request (it has no result
cache), reading per-minute rollups for the facets of \`*\` and the events for the rest. The second
OpenSearch row runs the same queries with its caches emptied (\`POST /_cache/clear\`) before each one.
Ingest ends when every event is written and searchable (\`flush\`: the embedded store's ingest log
is loaded), then the store is closed (its final checkpoint counts too).

${table(['store', 'events', 'ingest events/s', 'Discover p50 ms', 'Discover p95 ms', 'size on disk'], rows)}

${details.map((d) => `- ${d}`).join('\n')}
`,
);
