/**
 * The ready dashboards (dashboards/*.json) on `driftwood up --demo` data, at the store level: the
 * demo's own generators through the shipper's sources and the indexer's `_bulk` handler
 * (test/demo-workload.ts: nginx files, the order service over the winston transport, the IoT fleet
 * over MQTT when Mosquitto is installed, hosts over syslog), the dashboards provisioned from the
 * folder as `up` does it, every panel run as the UI runs it (panelRequest → aggregate, lastSeenRows
 * for `last_seen`) with a fixed clock.
 *
 * Every panel answers without an error and is not empty (some bucket with a non-zero value), and
 * the counts of every panel with a count metric under terms / filters / date_histogram buckets
 * equal the plain search totals (Discover's hit count) for the same query and bucket.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dashboard, DashboardPanel } from '@driftwood/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregateRequest, AggregationResult, LogStore } from '../../store/src/contract.ts';
import {
  bucketKey,
  getDashboard,
  lastSeenRows,
  panelRequest,
  provisionDashboards,
} from '../../store/src/dashboards/index.ts';
import { storeBackends } from '../../store/src/testdata/backends.ts';
import { type DemoWorkload, generateDemoWorkload, writeThroughIndexer } from '../demo-workload.ts';

const DASHBOARDS_DIR = fileURLToPath(new URL('../../dashboards', import.meta.url));
const READY = ['web-access', 'syslog-hosts', 'iot-fleet', 'app-errors'] as const;
/** Bucket counts checked against search totals per panel at most (spread over the answer). */
const MAX_CHECKS = 40;

type Bucketed = { count: number; aggs?: Record<string, AggregationResult> };
/** One bucket of a panel's answer: its KQL and time range, its count and what is under it. */
interface Cell {
  query: string[];
  from: number;
  to: number;
  count: number;
  aggs: Record<string, AggregationResult>;
}

const kqlValue = (key: string | number | boolean) => (typeof key === 'string' ? JSON.stringify(key) : String(key));

/** Every bucket at every level, outermost first, with the KQL and range that select it. */
function cells(panel: DashboardPanel, request: AggregateRequest, answer: Record<string, AggregationResult>): Cell[][] {
  if (panel.type === 'markdown' || panel.type === 'last_seen') return [];
  const levels: Cell[][] = [];
  let current: Cell[] = [
    { query: [], from: request.from as number, to: request.to as number, count: -1, aggs: answer },
  ];
  panel.data.buckets.forEach((bucket, level) => {
    const next: Cell[] = [];
    for (const parent of current) {
      const r = parent.aggs[bucketKey(level)];
      const child = (query: string[], from: number, to: number, b: Bucketed) =>
        next.push({ query: [...parent.query, ...query], from, to, count: b.count, aggs: b.aggs ?? {} });
      if (bucket.type === 'terms' && r?.type === 'terms') {
        for (const b of r.buckets) child([`${bucket.field}:${kqlValue(b.key)}`], parent.from, parent.to, b);
        if (r.missing) child([`not ${bucket.field}:*`], parent.from, parent.to, r.missing);
      } else if (bucket.type === 'filters' && r?.type === 'filters') {
        r.buckets.forEach((b, i) => {
          const q = bucket.filters[i]?.query ?? '';
          child(q.trim() === '' ? [] : [q], parent.from, parent.to, b);
        });
      } else if (bucket.type === 'date_histogram' && r?.type === 'date_histogram') {
        for (const b of r.buckets) {
          child([], Math.max(b.key, parent.from), Math.min(b.key + r.intervalMs, parent.to), b);
        }
      } else if (bucket.type === 'histogram' && r?.type === 'histogram') {
        for (const b of r.buckets) {
          child([`${bucket.field} >= ${b.key} and ${bucket.field} < ${b.key + r.interval}`], parent.from, parent.to, b);
        }
      } else {
        throw new Error(`panel ${panel.id}: level ${level} answered ${r?.type} for a ${bucket.type} bucket`);
      }
    }
    levels.push(next);
    current = next;
  });
  return levels;
}

/** A metric's answer as numbers (percentiles: each value). */
function numbers(r: AggregationResult | undefined): number[] {
  if (!r) return [];
  if (r.type === 'percentiles') return Object.values(r.values).filter((v): v is number => typeof v === 'number');
  if ('value' in r) {
    const v = r.value;
    if (typeof v === 'number') return [v];
    if (typeof v === 'string' || typeof v === 'boolean') return [1];
    return [];
  }
  return [];
}

/** Whether some bucket (or the panel as a whole) has a non-zero value of some metric. */
function hasValue(panel: DashboardPanel, answer: Record<string, AggregationResult>, levels: Cell[][]): boolean {
  if (panel.type === 'markdown' || panel.type === 'last_seen') return false;
  const innermost = levels.length > 0 ? (levels[levels.length - 1] as Cell[]) : [{ aggs: answer, count: -1 } as Cell];
  for (const cell of innermost) {
    for (const metric of panel.data.metrics) {
      if (metric.type === 'count') {
        const n = levels.length > 0 ? cell.count : numbers(answer[metric.id])[0];
        if ((n ?? 0) > 0) return true;
      } else if (numbers(cell.aggs[metric.id]).some((v) => v !== 0)) return true;
    }
  }
  return false;
}

const andAll = (parts: string[]) =>
  parts
    .filter((q) => q.trim() !== '')
    .map((q, _i, all) => (all.length > 1 ? `(${q})` : q))
    .join(' and ');

let workload: DemoWorkload;
let now: Date;

beforeAll(async () => {
  workload = await generateDemoWorkload({ liveSeconds: 60 });
  // the clock the dashboards' `now-24h … now` resolve against: just after the last live event
  now = new Date(workload.to);
}, 180_000);

for (const backend of storeBackends(`ready-dashboards-${Date.now()}`)) {
  describe(`ready dashboards on demo data: ${backend.name}`, () => {
    let store: LogStore;
    const dashboards = new Map<string, Dashboard>();

    beforeAll(async () => {
      store = await backend.make();
      const summary = await writeThroughIndexer(store, workload);
      expect(summary.failures).toEqual([]);
      const lines: string[] = [];
      const provisioning = await provisionDashboards(store, [DASHBOARDS_DIR], {
        log: (l) => lines.push(l),
        watch: false,
      });
      provisioning.stop();
      expect(provisioning.report.failed, lines.join('\n')).toBe(0);
      for (const id of READY) {
        const found = await getDashboard(store, id);
        expect(found, `dashboard ${id} provisioned from ${path.join(DASHBOARDS_DIR, `${id}.json`)}`).toBeDefined();
        if (found) dashboards.set(id, found.dashboard);
      }
    }, 300_000);

    afterAll(async () => {
      await store?.close();
    });

    it('finds an empty panel: a field the data does not have, a query nothing matches', async () => {
      const dashboard = dashboards.get('web-access') as Dashboard;
      const p95 = dashboard.panels.find((p) => p.id === 'p95-response-time') as DashboardPanel;
      const urls = dashboard.panels.find((p) => p.id === 'top-urls') as DashboardPanel;
      if (p95.type === 'markdown' || p95.type === 'last_seen' || urls.type === 'markdown' || urls.type === 'last_seen')
        throw new Error('unexpected panel types');
      const wrongField = {
        ...p95,
        data: { ...p95.data, metrics: [{ ...p95.data.metrics[0], field: 'http.no_such_field' }] },
      };
      const noMatch = { ...urls, query: 'url.path:"/never/requested"' };
      for (const panel of [wrongField, noMatch] as DashboardPanel[]) {
        const request = panelRequest(dashboard, panel, { now }) as AggregateRequest;
        const answer = await store.aggregate(request);
        expect(hasValue(panel, answer, cells(panel, request, answer)), panel.id).toBe(false);
      }
      const request = panelRequest(dashboard, p95, { now }) as AggregateRequest;
      const answer = await store.aggregate(request);
      expect(hasValue(p95, answer, cells(p95, request, answer))).toBe(true);
    });

    for (const id of READY) {
      it(`${id}: every panel answers, none is empty, counts equal the search totals`, async (ctx) => {
        if (id === 'iot-fleet' && (workload.perSource.iot ?? 0) === 0) {
          ctx.skip('mosquitto is not installed (apt-get install mosquitto): the demo has no IoT fleet, skipped');
          return;
        }
        const dashboard = dashboards.get(id) as Dashboard;
        expect(dashboard).toBeDefined();
        const empty: string[] = [];
        const mismatches: string[] = [];
        let compared = 0;
        for (const panel of dashboard.panels) {
          const request = panelRequest(dashboard, panel, { now });
          if (!request) continue; // markdown
          let answer: Record<string, AggregationResult>;
          try {
            answer = await store.aggregate(request);
          } catch (error) {
            throw new Error(`${id} / ${panel.id}: the panel's request failed: ${(error as Error).message}`);
          }
          if (panel.type === 'last_seen') {
            const rows = lastSeenRows(panel, answer, now.getTime());
            if (rows.length === 0) empty.push(`${panel.id} (last_seen: no rows for ${panel.options.field})`);
            continue;
          }
          if (panel.type === 'markdown') continue;
          const levels = cells(panel, request, answer);
          if (!hasValue(panel, answer, levels)) {
            empty.push(
              `${panel.id} (${panel.data.metrics.map((m) => `${m.type} ${'field' in m ? m.field : ''}`).join(', ')})`,
            );
          }
          if (!panel.data.metrics.some((m) => m.type === 'count') || levels.length === 0) continue;
          const base = typeof request.query === 'string' ? request.query : '';
          const checks = levels.flat().filter((c) => c.from < c.to);
          const step = Math.max(1, Math.ceil(checks.length / MAX_CHECKS));
          for (let i = 0; i < checks.length; i += step) {
            const c = checks[i] as Cell;
            const query = andAll([base, ...c.query]);
            const { total } = await store.search({ query, from: c.from, to: c.to, size: 0 });
            compared++;
            if (total !== c.count) {
              mismatches.push(
                `${panel.id}: ${JSON.stringify(query)} ${new Date(c.from).toISOString()}…${new Date(c.to).toISOString()}: panel ${c.count}, search ${total}`,
              );
            }
          }
          // a date histogram's buckets add up to the panel's whole range
          const top = levels[0] as Cell[];
          if (panel.data.buckets[0]?.type === 'date_histogram') {
            const { total } = await store.search({ query: base, from: request.from, to: request.to, size: 0 });
            const sum = top.reduce((s, c) => s + c.count, 0);
            if (sum !== total) mismatches.push(`${panel.id}: histogram bars add up to ${sum}, search total ${total}`);
          }
        }
        expect(empty, `${id}: empty panels on demo data`).toEqual([]);
        expect(compared, `${id}: bucket counts compared with search totals`).toBeGreaterThanOrEqual(5);
        expect(mismatches, `${id}: panel counts that differ from the search totals`).toEqual([]);
      }, 300_000);
    }
  });
}
