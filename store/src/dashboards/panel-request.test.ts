import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Dashboard, type LogEvent, parseDashboard } from '@driftwood/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogStore } from '../contract.ts';
import { createEmbeddedStore } from '../embedded/store.ts';
import { lastSeenRows } from './last-seen.ts';
import { dashboardQuery, nestAggregations, panelRequest } from './panel-request.ts';

const now = new Date('2026-12-02T12:00:00.000Z');
const NOW = now.getTime();
const MIN = 60_000;

function ready(name: string): Dashboard {
  const file = path.resolve(import.meta.dirname, '../../../dashboards', `${name}.json`);
  const r = parseDashboard(readFileSync(file, 'utf8'), name);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.dashboard;
}

describe('panelRequest', () => {
  it('nests buckets outermost first with the metrics innermost', () => {
    expect(
      nestAggregations(
        [{ id: 'avg', type: 'avg', field: 'battery' }],
        [
          { type: 'date_histogram', interval: '5m' },
          { type: 'terms', field: 'device.type', size: 3, missing: true },
        ],
      ),
    ).toEqual({
      b0: {
        type: 'date_histogram',
        intervalMs: 5 * MIN,
        aggs: {
          b1: {
            type: 'terms',
            field: 'device.type',
            size: 3,
            missing: true,
            aggs: { avg: { type: 'avg', field: 'battery' } },
          },
        },
      },
    });
  });

  it("ANDs the dashboard query, enabled filters (negated ones with not), extra KQL and the panel's query", () => {
    const d: Dashboard = {
      id: 'd',
      title: 'D',
      query: 'service.name:*',
      filters: [{ query: 'host.name:a' }, { query: 'log.level:debug', negate: true }, { query: 'x:1', disabled: true }],
      panels: [
        {
          id: 'p',
          title: 'P',
          grid: { x: 0, y: 0, w: 4, h: 4 },
          type: 'metric',
          query: 'log.level:error',
          time: { from: 'now-1h', to: 'now' },
          timeShift: '1d',
          data: { metrics: [{ id: 'c', type: 'count' }], buckets: [] },
        },
      ],
    };
    expect(dashboardQuery(d, ['device.type:"drone"'])).toBe(
      '(service.name:*) and (host.name:a) and (not (log.level:debug)) and (device.type:"drone")',
    );
    const request = panelRequest(d, d.panels[0] as Dashboard['panels'][number], { now });
    expect(request).toEqual({
      query: '((service.name:*) and (host.name:a) and (not (log.level:debug))) and (log.level:error)',
      from: NOW - 60 * MIN,
      to: NOW + 1,
      aggs: { c: { type: 'count' } },
      timeShift: '1d',
    });
  });
});

describe('the ready dashboards on an embedded store', () => {
  let store: LogStore;
  beforeAll(async () => {
    store = await createEmbeddedStore({ path: ':memory:' });
    const events: LogEvent[] = [];
    // three devices every 2 minutes for 3 hours; sensor-3 stops an hour ago
    for (let t = NOW - 180 * MIN; t < NOW; t += 2 * MIN) {
      for (const [id, type] of [
        ['sensor-1', 'sensor'],
        ['drone-2', 'drone'],
        ['sensor-3', 'sensor'],
      ] as const) {
        if (id === 'sensor-3' && t > NOW - 60 * MIN) continue;
        events.push({
          id: `${id}-${t}`,
          doc: {
            '@timestamp': new Date(t).toISOString(),
            message: 'telemetry',
            log: { level: t % (20 * MIN) === 0 ? 'error' : 'info' },
            device: { id, type, firmware: '2.4.1' },
            battery: 50,
            temperature: 20,
          },
        });
      }
    }
    const outcomes = await store.write(events);
    expect(outcomes.every((o) => o.status === 'stored')).toBe(true);
    await store.flush();
  });
  afterAll(() => store.close());

  it('every iot-fleet panel answers, and the silent device is the one highlighted', async () => {
    const d = ready('iot-fleet');
    for (const panel of d.panels) {
      const request = panelRequest(d, panel, { now });
      if (!request) continue;
      const answer = await store.aggregate(request);
      expect(Object.keys(answer), panel.id).toEqual(Object.keys(request.aggs));
      if (panel.type !== 'last_seen') continue;
      const rows = lastSeenRows(panel, answer, NOW);
      expect(rows.map((r) => [r.value, r.silent])).toEqual([
        ['sensor-3', true],
        ['drone-2', false],
        ['sensor-1', false],
      ]);
      expect(rows[0]?.usualIntervalMs).toBe(2 * MIN);
      expect(rows[0]?.agoMs).toBe(60 * MIN);
    }
  });

  it('the median gap of a median_gap last_seen panel is the reporting interval', async () => {
    const d = ready('iot-fleet');
    const panel = d.panels.find((p) => p.type === 'last_seen');
    if (panel?.type !== 'last_seen') throw new Error('no last_seen panel');
    const median = { ...panel, options: { ...panel.options, usual_interval: 'median_gap' as const } };
    const rows = lastSeenRows(median, await store.aggregate(panelRequest(d, median, { now })!), NOW);
    expect(rows.map((r) => [r.value, r.usualIntervalMs, r.silent])).toEqual([
      ['sensor-3', 2 * MIN, true],
      ['drone-2', 2 * MIN, false],
      ['sensor-1', 2 * MIN, false],
    ]);
  });
});

describe('lastSeenRows', () => {
  const panel = {
    id: 's',
    title: 'S',
    grid: { x: 0, y: 0, w: 4, h: 4 },
    type: 'last_seen' as const,
    options: { field: 'device.id', threshold_factor: 3, min_events: 3 },
  };
  const bucket = (key: string, count: number, first: number, last: number) => ({
    key,
    count,
    aggs: { first: { type: 'min' as const, value: first }, last: { type: 'max' as const, value: last } },
  });

  it('is silent only past threshold_factor × the mean gap, and never with too few events', () => {
    const rows = lastSeenRows(
      panel,
      {
        b0: {
          type: 'terms',
          other: 0,
          buckets: [
            bucket('late', 11, NOW - 100 * MIN, NOW - 25 * MIN), // gap 7.5 min; 25 min ago > 22.5: silent
            bucket('just-ok', 11, NOW - 100 * MIN, NOW - 20 * MIN), // gap 8 min, 20 < 24
            bucket('few', 2, NOW - 300 * MIN, NOW - 299 * MIN),
          ],
        },
      },
      NOW,
    );
    expect(rows.map((r) => [r.value, r.silent, r.usualIntervalMs])).toEqual([
      ['late', true, 7.5 * MIN],
      ['few', false, null],
      ['just-ok', false, 8 * MIN],
    ]);
  });
});
