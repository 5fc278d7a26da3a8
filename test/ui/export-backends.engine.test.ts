/**
 * The Discover export on every backend: 25,000 events written to the embedded store, OpenSearch and
 * Elasticsearch come back whole from the route's logic, in the same order (@timestamp, then id),
 * each once — the three answers identical.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LogEvent } from '@driftwood/core';
import { createEmbeddedStore, type LogStore, openStore } from '@driftwood/store';
import { afterAll, describe, expect, it } from 'vitest';
import { exportResponse } from '../../ui/app/api/export/export.ts';
import { EXPORT_TOTAL_HEADER } from '../../ui/lib/discover/export.ts';
import { engine } from '../engines/use.ts';

const N = 25_000;
const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
const idOf = (i: number): string => `x${String(i).padStart(5, '0')}`;
const tsOf = (i: number): number => T0 + Math.floor(i / 3) * 1000;

function* batches(): Generator<LogEvent[]> {
  for (let i = 0; i < N; i += 5000) {
    const batch: LogEvent[] = [];
    for (let j = i; j < i + 5000; j++) {
      batch.push({
        id: idOf(j),
        doc: {
          '@timestamp': new Date(tsOf(j)).toISOString(),
          message: `event ${idOf(j)}${j % 4 === 0 ? ', "quoted"\nsecond line' : ''}`,
          log: { level: j % 2 === 0 ? 'error' : 'info' },
          host: { name: `host-${j % 5}` },
        },
      });
    }
    yield batch;
  }
}

const expected = (() => {
  const idx = [...Array(N).keys()];
  idx.sort((a, b) => tsOf(b) - tsOf(a) || (idOf(a) < idOf(b) ? -1 : 1));
  return idx.map(idOf);
})();

async function exportIds(store: LogStore, extra = ''): Promise<{ ids: string[]; total: string | null }> {
  const url = new URL(`http://127.0.0.1/api/export?format=ndjson&from=${T0}&to=${T0 + N * 1000}${extra}`);
  const res = await exportResponse(store, url);
  expect(res.status).toBe(200);
  const text = await res.text();
  const ids = text
    .trimEnd()
    .split('\n')
    .map((l) => (JSON.parse(l) as { _id: string })._id);
  return { ids, total: res.headers.get(EXPORT_TOTAL_HEADER) };
}

const answers = new Map<string, string[]>();
const os = engine('opensearch');
const es = engine('elasticsearch');
const prefix = `export-test-${Date.now()}`;
const backends = [
  {
    name: 'embedded',
    skip: false,
    open: async (): Promise<{ store: LogStore; cleanup: () => Promise<void> }> => {
      const dir = mkdtempSync(path.join(tmpdir(), 'driftwood-export-backends-'));
      const store = await createEmbeddedStore({ path: path.join(dir, 'driftwood.duckdb') });
      return { store, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  ...(
    [
      ['opensearch', os],
      ['elasticsearch', es],
    ] as const
  ).map(([name, info]) => ({
    name,
    skip: !info,
    open: async (): Promise<{ store: LogStore; cleanup: () => Promise<void> }> => {
      const url = info?.url ?? '';
      const p = `${prefix}-${name}`;
      const store = await openStore({ kind: name, url, indexPrefix: p, dataDir: tmpdir() });
      return {
        store,
        cleanup: async () => {
          await fetch(`${url}/${p}-*`, { method: 'DELETE' }).catch(() => undefined);
          await fetch(`${url}/_index_template/${p}-logs`, { method: 'DELETE' }).catch(() => undefined);
        },
      };
    },
  })),
];

for (const backend of backends) {
  describe.skipIf(backend.skip)(`export on ${backend.name}`, () => {
    let store: LogStore;
    let cleanup: () => Promise<void> = async () => undefined;

    afterAll(async () => {
      await store?.close();
      await cleanup();
    });

    it('exports all 25,000 events, newest first then by id, each once', async () => {
      ({ store, cleanup } = await backend.open());
      await store.init();
      for (const batch of batches()) {
        const outcomes = await store.write(batch);
        expect(outcomes.filter((o) => o.status !== 'stored')).toEqual([]);
      }
      await store.flush();
      const { ids, total } = await exportIds(store);
      expect(ids.length).toBe(N);
      expect(total).toBe(String(N));
      expect(ids).toEqual(expected);
      answers.set(backend.name, ids);
      const errors = await exportIds(store, '&q=log.level%3Aerror');
      expect(errors.total).toBe(String(N / 2));
      expect(errors.ids).toEqual(expected.filter((id) => Number(id.slice(1)) % 2 === 0));
    }, 300_000);
  });
}

describe('export across backends', () => {
  it('gives the same rows in the same order on every backend that ran', () => {
    const runs = [...answers.values()];
    expect(runs.length).toBeGreaterThanOrEqual(1);
    for (const run of runs) expect(run).toEqual(runs[0]);
  });
});
