import type { EvaluationResult, HistoryEntry } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { createEmbeddedStore } from '../embedded/store.ts';
import { boundResults, HistoryLog, MAX_RESULTS_PER_ENTRY, readHistory } from './history.ts';

const entry = (n: number): HistoryEntry => ({
  kind: 'evaluation',
  at: `2024-05-01T10:${String(n).padStart(2, '0')}:00.000Z`,
  window: { from: '', to: '' },
  measure: 'count',
  durationMs: n,
  results: [],
});

describe('rule history', () => {
  it('newest first, bounded to the limit, appends of one rule serialised and kept apart from other rules', async () => {
    const store = await createEmbeddedStore({ path: ':memory:' });
    try {
      const history = new HistoryLog(store, 5);
      await history.append('a', [entry(1), entry(2)]); // given oldest first
      // not awaited one by one: the appends must still all land, in order
      void history.append('a', [entry(3)]);
      void history.append('a', [entry(4), entry(5), entry(6)]);
      void history.append('b', [entry(9)]);
      await history.idle();
      expect((await readHistory(store, 'a')).map((e) => (e as { durationMs: number }).durationMs)).toEqual([
        6, 5, 4, 3, 2,
      ]);
      expect(await readHistory(store, 'b')).toEqual([entry(9)]);
      expect(await readHistory(store, 'none')).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('an evaluation keeps at most MAX_RESULTS_PER_ENTRY results: transitions first, then not-ok groups', () => {
    const result = (i: number, state: EvaluationResult['state'], transition?: 'firing'): EvaluationResult => ({
      group: `g${i}`,
      value: i,
      threshold: '> 1',
      state,
      ...(transition ? { transition } : {}),
    });
    const few = [result(1, 'ok')];
    expect(boundResults(few)).toEqual({ results: few });
    const many = [
      ...Array.from({ length: MAX_RESULTS_PER_ENTRY }, (_, i) => result(i, 'ok')),
      result(1000, 'pending'),
      result(1001, 'firing', 'firing'),
    ];
    const bounded = boundResults(many);
    expect(bounded.omitted).toBe(2);
    expect(bounded.results).toHaveLength(MAX_RESULTS_PER_ENTRY);
    expect(bounded.results.slice(0, 2).map((r) => r.group)).toEqual(['g1001', 'g1000']);
  });
});
