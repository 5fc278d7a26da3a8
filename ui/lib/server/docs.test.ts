import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LogEvent } from '@driftwood/core';
import { createEmbeddedStore, type LogStore } from '@driftwood/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDoc, surrounding } from './docs.ts';

const T0 = Date.parse('2026-03-01T12:00:00Z');

/** Two hosts interleaved, one event a second: web-a at even seconds, web-b at odd. */
function events(): LogEvent[] {
  return Array.from({ length: 40 }, (_, i) => ({
    id: `e${String(i).padStart(2, '0')}`,
    doc: {
      '@timestamp': new Date(T0 + i * 1000).toISOString(),
      message: `line ${i}`,
      host: { name: i % 2 === 0 ? 'web-a' : 'web-b' },
    },
  }));
}

describe('a document and its surroundings', () => {
  let dir: string;
  let store: LogStore;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'driftwood-docs-'));
    store = await createEmbeddedStore({ path: path.join(dir, 'driftwood.duckdb') });
    const outcomes = await store.write(events());
    expect(outcomes.every((o) => o.status === 'stored')).toBe(true);
    await store.flush();
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds a document by id and timestamp, and says when there is none', async () => {
    expect((await findDoc(store, 'e10', T0 + 10_000)).doc.message).toBe('line 10');
    await expect(findDoc(store, 'e10', T0 + 11_000)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('gives n newer and n older events from the same source, newest first', async () => {
    const around = await surrounding(store, 'e20', T0 + 20_000, 3);
    expect(around.source).toEqual([{ field: 'host.name', value: 'web-a' }]);
    expect(around.newer.map((h) => h.id)).toEqual(['e26', 'e24', 'e22']);
    expect(around.older.map((h) => h.id)).toEqual(['e18', 'e16', 'e14']);
  });
});
