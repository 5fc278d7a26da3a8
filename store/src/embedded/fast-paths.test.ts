import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LogEvent } from '@driftwood/core';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { AggregateRequest, SearchRequest } from '../contract.ts';
import { FAST_PATHS, PLAIN_ENV, plainPaths } from './fast-paths.ts';
import { createEmbeddedStore, type EmbeddedStoreOptions } from './store.ts';

describe('plainPaths', () => {
  it('takes the option when given, else the environment variable', () => {
    expect([...plainPaths(true, {})]).toEqual([...FAST_PATHS]);
    expect([...plainPaths(false, { [PLAIN_ENV]: 'all' })]).toEqual([]);
    expect([...plainPaths(['facets', 'id-set'], { [PLAIN_ENV]: 'all' })]).toEqual(['facets', 'id-set']);
    expect([...plainPaths(undefined, {})]).toEqual([]);
    expect([...plainPaths(undefined, { [PLAIN_ENV]: '' })]).toEqual([]);
    expect([...plainPaths(undefined, { [PLAIN_ENV]: 'all' })]).toEqual([...FAST_PATHS]);
    expect([...plainPaths(undefined, { [PLAIN_ENV]: ' rollups, newest-first ,' })]).toEqual([
      'rollups',
      'newest-first',
    ]);
  });

  it('refuses a name that is no fast path', () => {
    expect(() => plainPaths(undefined, { [PLAIN_ENV]: 'rollups,rolups' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringMatching(/"rolups"/) }),
    );
    expect(() => plainPaths(['nope' as never], {})).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const HOUR = 3_600_000;
const events = (n: number, prefix: string): LogEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i}`,
    doc: {
      '@timestamp': new Date(T0 + ((i * 7919) % (2 * HOUR))).toISOString(),
      message: i % 3 === 0 ? `connection refused ${i}` : `request ok ${i}`,
      log: { level: ['info', 'warn', 'error'][i % 3] as string },
      http: { response: { status_code: i % 5 === 0 ? 500 : 200 } },
      tags: i % 4 === 0 ? ['a', 'b'] : ['a'],
    },
  }));

const range = { from: T0, to: T0 + 2 * HOUR };
const aggs: AggregateRequest['aggs'] = {
  n: { type: 'count' },
  hist: { type: 'date_histogram', intervalMs: 600_000, split: { field: 'log.level', size: 2 } },
  level: { type: 'terms', field: 'log.level', size: 2 },
  tags: { type: 'terms', field: 'tags', size: 5 },
  p: { type: 'percentiles', field: 'http.response.status_code', percents: [50, 99] },
};

/** The SQL a store's calls send, while `fn` runs (`runAndReadAll` goes through `run`). */
async function sqlOf(fn: () => Promise<unknown>): Promise<string[]> {
  const run = vi.spyOn(DuckDBConnection.prototype, 'run');
  const stream = vi.spyOn(DuckDBConnection.prototype, 'stream');
  try {
    await fn();
    return [...run.mock.calls, ...stream.mock.calls].map(([sql]) => String(sql));
  } finally {
    run.mockRestore();
    stream.mockRestore();
  }
}

describe('the plain path (every fast path off)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'driftwood-plain-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const open = (name: string, options: Partial<EmbeddedStoreOptions> = {}) =>
    createEmbeddedStore({ path: path.join(dir, `${name}.duckdb`), ...options });

  it('gives the answers of the fast paths, without taking any of them', async () => {
    const fast = await open('fast');
    const plain = await open('plain', { plain: true });
    const writes: string[] = [];
    const outcomes: unknown[][] = [];
    for (const store of [fast, plain]) {
      const sql = await sqlOf(async () => {
        const first = await store.write(events(800, 'e'));
        // repeats within the batch and of stored ids
        const again = await store.write([...events(10, 'e'), ...events(5, 'n'), ...events(5, 'n')]);
        outcomes.push([...first, ...again]);
      });
      writes.push(...(store === plain ? sql : []));
    }
    expect(outcomes[1]).toEqual(outcomes[0]);
    // id-set off: no id hash set loaded from the table; every id looked up
    expect(writes.some((s) => s.startsWith('SELECT id FROM events') && !s.includes('WHERE'))).toBe(false);
    expect(writes.some((s) => s.startsWith('SELECT id FROM events WHERE id IN'))).toBe(true);

    await Promise.all([fast.flush(), plain.flush()]); // loads (which keep the rollups) done
    const searches: SearchRequest[] = [
      { query: '', ...range, size: 5 },
      { query: 'refused', ...range, size: 5, sort: [{ field: '@timestamp', order: 'asc' }] },
      { query: 'log.level:error', ...range, size: 3 },
    ];
    for (const query of ['', 'refused', 'not log.level:info']) {
      const request = { query, ...range, aggs };
      let answer: unknown;
      const sql = await sqlOf(async () => {
        answer = await plain.aggregate(request);
      });
      expect(answer).toEqual(await fast.aggregate(request));
      expect(sql.join('\n')).not.toMatch(/_rollup|GROUPING SETS|_agg_/);
    }
    for (const request of searches) {
      let answer: unknown;
      const sql = await sqlOf(async () => {
        // a search beside an aggregation of the same filter counts by itself
        [answer] = await Promise.all([plain.search(request), plain.aggregate({ ...request, aggs })]);
      });
      expect(answer).toEqual(await fast.search(request));
      // newest-first off: one query for the hits; shared-count off: one count of its own
      expect(sql.filter((s) => s.startsWith('SELECT events.*'))).toHaveLength(1);
      expect(sql.filter((s) => s.startsWith('SELECT count(*) AS c FROM events WHERE'))).toHaveLength(2);
    }
    await Promise.all([fast.close(), plain.close()]);

    // fast-rows off: every row keeps its JSON in _source
    const instance = await DuckDBInstance.create(path.join(dir, 'plain.duckdb'), { access_mode: 'READ_ONLY' });
    const conn = await instance.connect();
    const [row] = (
      await conn.runAndReadAll('SELECT count(*) FILTER (WHERE _source IS NULL) AS rebuilt, count(*) AS n FROM events')
    ).getRowObjectsJS();
    conn.closeSync();
    instance.closeSync();
    expect(row).toEqual({ rebuilt: 0n, n: 805n });
  });

  it('is read from DRIFTWOOD_EMBEDDED_PLAIN when the option is absent', async () => {
    vi.stubEnv(PLAIN_ENV, 'filter-copy');
    try {
      const store = await open('env');
      await store.write(events(100, 'e'));
      await store.flush();
      const sql = await sqlOf(() => store.aggregate({ query: 'refused', ...range, aggs }));
      expect(sql.join('\n')).not.toMatch(/_agg_/);
      expect(sql.join('\n')).toMatch(/GROUPING SETS/); // the other fast paths stay on
      await store.close();
      vi.stubEnv(PLAIN_ENV, 'all,typo');
      await expect(open('env2')).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
