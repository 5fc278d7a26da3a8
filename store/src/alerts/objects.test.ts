import { parseRule } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { createEmbeddedStore } from '../embedded/store.ts';
import { HistoryLog, readHistory } from './history.ts';
import {
  deleteRuleObjects,
  HISTORY_TYPE,
  loadAllStates,
  loadRules,
  loadState,
  RULE_TYPE,
  STATE_TYPE,
  saveRule,
  saveState,
} from './objects.ts';
import { T0 } from './testdata/events.ts';

describe('alerting saved objects', () => {
  it('rules round-trip; a stored rule that no longer validates comes back with its error, not dropped', async () => {
    const store = await createEmbeddedStore({ path: ':memory:' });
    try {
      const rule = parseRule({ id: 'r', name: 'R', condition: { type: 'no_data' } });
      await saveRule(store, rule);
      await store.saveObject({ type: RULE_TYPE, id: 'bad', title: 'Bad', attributes: { name: 'Bad' } });
      const loaded = await loadRules(store);
      expect(loaded.find((l) => l.object.id === 'r')?.rule).toEqual(rule);
      const bad = loaded.find((l) => l.object.id === 'bad');
      expect(bad?.rule).toBeUndefined();
      expect(bad?.error?.message).toMatch(/invalid alert rule: condition/);
    } finally {
      await store.close();
    }
  });

  it('states: empty when none is stored, round-trip, all at once; delete removes rule, state and history', async () => {
    const store = await createEmbeddedStore({ path: ':memory:' });
    try {
      expect(await loadState(store, 'r')).toEqual({ ruleId: 'r', groups: {} });
      const state = {
        ruleId: 'r',
        lastWindowEnd: T0,
        lastRunAt: new Date(T0).toISOString(),
        groups: { '': { status: 'firing' as const, breaches: 2, value: 12, since: T0, notified: true } },
      };
      await saveState(store, state);
      await store.saveObject({ type: STATE_TYPE, id: 'old', title: 'old', attributes: { lastWindowEnd: 5 } });
      expect(await loadState(store, 'r')).toEqual(state);
      const all = await loadAllStates(store);
      expect([...all.keys()].sort()).toEqual(['old', 'r']);
      expect(all.get('old')).toEqual({ ruleId: 'old', lastWindowEnd: 5, groups: {} });

      await saveRule(store, parseRule({ id: 'r', name: 'R', condition: { type: 'no_data' } }));
      await new HistoryLog(store).append('r', [
        { kind: 'evaluation', at: '', window: { from: '', to: '' }, measure: 'count', durationMs: 1, results: [] },
      ]);
      expect(await deleteRuleObjects(store, 'r')).toBe(true);
      expect(await store.getObject(RULE_TYPE, 'r')).toBeUndefined();
      expect(await store.getObject(STATE_TYPE, 'r')).toBeUndefined();
      expect(await store.getObject(HISTORY_TYPE, 'r')).toBeUndefined();
      expect(await readHistory(store, 'r')).toEqual([]);
      expect(await deleteRuleObjects(store, 'r')).toBe(false);
    } finally {
      await store.close();
    }
  });
});
