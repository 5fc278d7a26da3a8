/**
 * Alerting benchmark: 1,000 rules evaluated every minute over N events in the embedded store.
 *
 *   BENCH_ALERTING_EVENTS=1000000   events, spread over 24 h (default 1,000,000; 10,000,000 is the target)
 *   BENCH_ALERTING_RULES=1000       rules (every 1m, window 5m)
 *   BENCH_ALERTING_CYCLES=3         evaluation cycles (one per minute slot)
 *
 * Rule mix: 60% counts (level / service / status / free text), 20% counts grouped by host.name
 * (limit 10), 15% metrics on event.duration (avg, max, p95), 5% no-data. No actions (delivery is
 * I/O of the receivers, not ours). Reported: time per cycle (all rules due in the same slot) and
 * the lag of each rule — from the slot becoming due to its evaluation being done — p50 / p95.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRule, Evaluator } from '@driftwood/alerting';
import { createEmbeddedStore } from '@driftwood/store';
import { generateEvents } from './generate.ts';
import { machineLine, percentile, table, writeSection } from './results.ts';

const EVENTS = Number(process.env.BENCH_ALERTING_EVENTS ?? 1_000_000);
const RULES = Number(process.env.BENCH_ALERTING_RULES ?? 1000);
const CYCLES = Number(process.env.BENCH_ALERTING_CYCLES ?? 3);
const END = Date.parse('2026-03-02T00:00:00Z');
const START = END - 24 * 3_600_000;
const SERVICES = ['checkout', 'payments', 'auth', 'inventory', 'gateway', 'telemetry', 'search', 'mailer'];

function ruleFor(i: number): Record<string, unknown> {
  const base = { id: `bench-${i}`, name: `Bench rule ${i}`, every: '1m', window: '5m' };
  const service = SERVICES[i % SERVICES.length];
  const kind = i % 20;
  if (kind < 12) {
    const queries = [
      'log.level:error',
      `service.name:${service} and log.level:error`,
      `service.name:${service} and http.response.status_code >= 500`,
      `host.name:host-${i % 50} and log.level:warn`,
      'refused or timeout',
      `http.response.status_code:429 and service.name:${service}`,
    ];
    return {
      ...base,
      query: queries[i % queries.length],
      condition: { type: 'count', comparator: '>', threshold: 50 + (i % 200) },
    };
  }
  if (kind < 16) {
    return {
      ...base,
      query: `service.name:${service} and log.level:error`,
      condition: { type: 'count', comparator: '>', threshold: 5 + (i % 10) },
      group_by: { field: 'host.name', limit: 10 },
    };
  }
  if (kind < 19) {
    const agg = (['avg', 'max', 'p95'] as const)[i % 3];
    return {
      ...base,
      query: `service.name:${service}`,
      condition: { type: 'metric', agg, field: 'event.duration', comparator: '>', threshold: 900_000 },
    };
  }
  return { ...base, query: `host.name:host-${i % 50}`, condition: { type: 'no_data' } };
}

const dir = path.join(tmpdir(), `dw-alerting-bench-${process.pid}`);
const file = path.join(dir, 'bench.duckdb');
rmSync(dir, { recursive: true, force: true });
const { mkdirSync } = await import('node:fs');
mkdirSync(dir, { recursive: true });
const store = await createEmbeddedStore({ path: file });
try {
  console.log(`alerting bench: writing ${EVENTS.toLocaleString('en')} events…`);
  const t0 = performance.now();
  for (const batch of generateEvents(EVENTS, START, END, 10_000)) await store.write(batch);
  await store.flush();
  const ingestS = (performance.now() - t0) / 1000;
  console.log(`alerting bench: ingest ${ingestS.toFixed(0)} s; creating ${RULES} rules…`);
  for (let i = 0; i < RULES; i++) await createRule(store, ruleFor(i));

  const evaluator = new Evaluator({ store, ruleConcurrency: 4 });
  const rows: Array<Array<string | number>> = [];
  const allLags: number[] = [];
  // the last slots of the data's day: every window has data
  const firstSlot = END - CYCLES * 60_000;
  for (let c = 0; c < CYCLES; c++) {
    const slot = firstSlot + c * 60_000;
    const report = await evaluator.evaluate(slot + 1);
    if (report.evaluated !== RULES) throw new Error(`expected ${RULES} rules evaluated, got ${report.evaluated}`);
    const lags = report.runs.map((r) => r.doneAfterMs);
    allLags.push(...lags);
    rows.push([
      c + 1,
      report.evaluated,
      report.errors,
      Math.round(report.durationMs).toLocaleString('en'),
      Math.round(percentile(lags, 50)).toLocaleString('en'),
      Math.round(percentile(lags, 95)).toLocaleString('en'),
      percentile(
        report.runs.map((r) => r.durationMs),
        50,
      ).toFixed(1),
    ]);
    console.log(
      `cycle ${c + 1}: ${report.evaluated} rules in ${Math.round(report.durationMs)} ms, lag p95 ${Math.round(percentile(lags, 95))} ms, errors ${report.errors}`,
    );
  }
  const cycles = rows.map((r) => Number(String(r[3]).replace(/,/g, '')));
  const verdict =
    Math.max(...cycles) < 60_000
      ? `every cycle finished within its minute (worst ${Math.max(...cycles).toLocaleString('en')} ms)`
      : `cycles take longer than the 1-minute schedule (worst ${Math.max(...cycles).toLocaleString('en')} ms): rules run late`;
  writeSection(
    'alerting',
    `## Alerting: ${RULES.toLocaleString('en')} rules every minute (\`bench/alerting.bench.ts\`)

${machineLine()}. Embedded store (DuckDB file) with ${EVENTS.toLocaleString('en')} generated events over 24 h
(ingest ${ingestS.toFixed(0)} s, not part of the figures). ${RULES.toLocaleString('en')} rules, each \`every: 1m\`, \`window: 5m\`:
60% counts, 20% counts grouped by \`host.name\` (limit 10), 15% metrics on \`event.duration\` (avg / max / p95),
5% no-data. All rules are due in the same slot; 4 rules evaluated at a time; each run also writes the rule's
state and history (saved objects). Lag = from the slot becoming due until that rule's run is done.
Target size: 10,000,000 events (\`BENCH_ALERTING_EVENTS=10000000\`).

${table(['cycle', 'rules', 'errors', 'cycle ms', 'lag p50 ms', 'lag p95 ms', 'per-rule p50 ms'], rows)}

Overall lag p95: ${Math.round(percentile(allLags, 95)).toLocaleString('en')} ms — ${verdict}.`,
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
