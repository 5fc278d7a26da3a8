/**
 * A panel run on a real embedded store: the answer is the store's aggregation over the body's
 * window and queries (dashboard query, filters, extra, the panel's own), through a restricted
 * store only its documents, the previous window of a metric panel, the rows of a last-seen panel;
 * a bad body names its JSON paths and a markdown panel has nothing to run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DriftwoodError, type LogEvent } from '@driftwood/core';
import { createEmbeddedStore, type LogStore, restrictStore } from '@driftwood/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PanelQueryBody } from '../../../../lib/dashboards/contract.ts';
import { parsePanelQuery, previousWindow, runPanelQuery } from './run.ts';

const NOW = new Date('2026-12-02T12:00:00.000Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const iso = (ms: number) => new Date(ms).toISOString();

/** 120 events in the two hours before NOW, one a minute: hosts web-0..2 in turn, every 4th an error. */
function events(): LogEvent[] {
  return Array.from({ length: 120 }, (_, i) => ({
    id: `q-${i}`,
    doc: {
      '@timestamp': iso(NOW.getTime() - (i + 1) * MIN + 1000),
      message: i % 4 === 0 ? 'timeout' : 'ok',
      log: { level: i % 4 === 0 ? 'error' : 'info' },
      host: { name: `web-${i % 3}` },
      http: { response: { bytes: i } },
    },
  }));
}

const lastHour = { from: iso(NOW.getTime() - HOUR), to: iso(NOW.getTime()) };

function countPanel(extra: Partial<PanelQueryBody['panel']> = {}): PanelQueryBody['panel'] {
  return {
    id: 'count',
    title: 'Events',
    type: 'metric',
    data: { metrics: [{ id: 'n', type: 'count' }], buckets: [] },
    ...extra,
  } as PanelQueryBody['panel'];
}

const metricValue = (aggs: Record<string, unknown> | undefined, key: string) =>
  (aggs?.[key] as { value?: number } | undefined)?.value;

describe('runPanelQuery on a real embedded store', () => {
  let dir: string;
  let store: LogStore;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'driftwood-panel-query-'));
    store = await createEmbeddedStore({ path: path.join(dir, 'driftwood.duckdb') });
    const outcomes = await store.write(events());
    expect(outcomes.every((o) => o.status === 'stored')).toBe(true);
    await store.flush();
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the store aggregation over the window, with the resolved window and query', async () => {
    const answer = await runPanelQuery(store, { panel: countPanel(), time: lastHour }, NOW);
    const from = NOW.getTime() - HOUR;
    expect(answer.request).toEqual({ from, to: NOW.getTime() + 1 });
    expect(metricValue(answer.aggs, 'n')).toBe(await store.count({ from, to: NOW.getTime() + 1 }));
    expect(metricValue(answer.aggs, 'n')).toBe(60);
    expect(answer.now).toBe(NOW.getTime());
    expect(answer.previous).toBeUndefined();
    expect(answer.took).toBeGreaterThanOrEqual(0);
  });

  it('ANDs the dashboard query, its enabled filters, the extra KQL and the panel query', async () => {
    const body: PanelQueryBody = {
      panel: countPanel({ query: 'log.level:error' }),
      dashboard: {
        query: 'host.name:(web-0 or web-1)',
        filters: [
          { query: 'host.name:web-1', negate: true },
          { query: 'message:nothing', disabled: true },
        ],
      },
      extra: ['http.response.bytes >= 0'],
      time: lastHour,
    };
    const answer = await runPanelQuery(store, body, NOW);
    const expected = events().filter((e, i) => {
      const ts = Date.parse(e.doc['@timestamp'] as string);
      return ts >= NOW.getTime() - HOUR && i % 4 === 0 && i % 3 === 0;
    }).length;
    expect(expected).toBeGreaterThan(0);
    expect(metricValue(answer.aggs, 'n')).toBe(expected);
    expect(answer.request.query).toContain('log.level:error');
    expect(answer.request.query).toContain('not (host.name:web-1)');
    expect(answer.request.query).not.toContain('message:nothing');
  });

  it('counts only the documents a restricted store reads', async () => {
    const answer = await runPanelQuery(
      restrictStore(store, 'host.name:web-0'),
      { panel: countPanel(), time: lastHour },
      NOW,
    );
    expect(metricValue(answer.aggs, 'n')).toBe(20);
  });

  it("the panel's own time overrides the body's; a metric panel comparing gets the window before", async () => {
    const panel = countPanel({
      time: { from: iso(NOW.getTime() - 30 * MIN), to: iso(NOW.getTime()) },
      options: { compare: 'previous_period' },
    });
    const answer = await runPanelQuery(store, { panel, time: lastHour }, NOW);
    expect(answer.request.from).toBe(NOW.getTime() - 30 * MIN);
    expect(metricValue(answer.aggs, 'n')).toBe(30);
    const before = previousWindow({ aggs: {}, from: NOW.getTime() - 30 * MIN, to: NOW.getTime() + 1 });
    expect(before).toMatchObject({ from: NOW.getTime() - 60 * MIN - 1, to: NOW.getTime() - 30 * MIN });
    expect(metricValue(answer.previous, 'n')).toBe(await store.count({ from: before?.from, to: before?.to }));
    expect(metricValue(answer.previous, 'n')).toBe(30);
  });

  it('answers buckets keyed b0… with the metrics innermost', async () => {
    const panel = {
      id: 'hosts',
      title: 'By host',
      type: 'bar',
      data: {
        metrics: [{ id: 'bytes', type: 'sum', field: 'http.response.bytes' }],
        buckets: [{ type: 'terms', field: 'host.name', size: 5 }],
      },
    } as PanelQueryBody['panel'];
    const answer = await runPanelQuery(store, { panel, time: lastHour }, NOW);
    const terms = answer.aggs.b0;
    expect(terms?.type).toBe('terms');
    if (terms?.type !== 'terms') return;
    expect(terms.buckets.map((b) => [b.key, b.count]).sort()).toEqual([
      ['web-0', 20],
      ['web-1', 20],
      ['web-2', 20],
    ]);
    const web0 = events()
      .slice(0, 60)
      .filter((_, i) => i % 3 === 0)
      .reduce((s, e) => s + ((e.doc.http as { response: { bytes: number } }).response.bytes ?? 0), 0);
    expect(metricValue(terms.buckets.find((b) => b.key === 'web-0')?.aggs, 'bytes')).toBe(web0);
  });

  it("gives a last_seen panel its rows at the answer's now", async () => {
    const panel = {
      id: 'silent',
      title: 'Silent hosts',
      type: 'last_seen',
      options: { field: 'host.name', threshold_factor: 2 },
    } as PanelQueryBody['panel'];
    const answer = await runPanelQuery(store, { panel, time: lastHour }, NOW);
    expect(answer.lastSeen?.map((r) => r.value).sort()).toEqual(['web-0', 'web-1', 'web-2']);
    for (const row of answer.lastSeen ?? []) {
      expect(row.count).toBe(20);
      expect(row.agoMs).toBe(NOW.getTime() - row.lastSeen);
      expect(row.usualIntervalMs).toBe(3 * MIN);
      expect(row.silent).toBe(false);
    }
  });

  it('refuses a markdown panel: nothing to query', async () => {
    const panel = {
      id: 'md',
      title: 'Notes',
      type: 'markdown',
      options: { markdown: '# hi' },
    } as PanelQueryBody['panel'];
    await expect(runPanelQuery(store, { panel, time: lastHour }, NOW)).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  it('keeps the store error codes (a KQL mistake stays KQL_SYNTAX)', async () => {
    await expect(
      runPanelQuery(store, { panel: countPanel({ query: 'host.name:(' }), time: lastHour }, NOW),
    ).rejects.toMatchObject({ code: 'KQL_SYNTAX' });
  });
});

describe('parsePanelQuery', () => {
  it('takes a valid body', () => {
    const body = { panel: countPanel(), extra: ['a:b'], time: { from: 'now-15m', to: 'now' } };
    expect(parsePanelQuery(body)).toEqual(body);
  });

  it('names every JSON path it refuses, in the message and details.errors', () => {
    let error: unknown;
    try {
      parsePanelQuery({
        panel: { ...countPanel(), data: { metrics: [], buckets: [] }, colour: 'red' },
        time: { from: 'now-15m' },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DriftwoodError);
    const e = error as DriftwoodError;
    expect(e.code).toBe('INPUT_INVALID');
    const errors = e.details.errors as string[];
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^panel query: panel\.colour: unknown key `colour`/),
        expect.stringMatching(/^panel query: panel\.data\.metrics: must have at least one metric/),
        expect.stringMatching(/^panel query: time\.to: /),
      ]),
    );
    for (const line of errors) expect(e.message).toContain(line);
  });

  it('refuses keys the contract does not have', () => {
    expect(() => parsePanelQuery({ panel: countPanel(), time: lastHour, now: 5 })).toThrow(
      /panel query: now: unknown key `now` \(known keys: panel, dashboard, extra, time\)/,
    );
  });
});
