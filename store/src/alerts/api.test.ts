import { isDriftwoodError } from '@driftwood/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddedStore, type EmbeddedStore } from '../embedded/store.ts';
import {
  createRule,
  deleteRule,
  getHistory,
  getRule,
  listNotifications,
  listRules,
  muteRule,
  previewRule,
  replaceRule,
  snoozeRule,
  updateRule,
} from './api.ts';
import { HistoryLog } from './history.ts';
import { RULE_TYPE, saveState } from './objects.ts';
import { events, MINUTE, T0 } from './testdata/events.ts';

const condition = { type: 'count', comparator: '>', threshold: 10 };
const code = (error: unknown) => (isDriftwoodError(error) ? error.code : String(error));

describe('alerting API', () => {
  let store: EmbeddedStore;
  beforeEach(async () => {
    store = await createEmbeddedStore({ path: ':memory:' });
  });
  afterEach(() => store.close());

  it('creates a rule (id from the name), refuses a duplicate id, lists by name; unknown ids are NOT_FOUND', async () => {
    const made = await createRule(store, { name: 'Zeta Errors!', condition });
    expect(made.id).toMatch(/^zeta-errors-[0-9a-f]{6}$/);
    await createRule(store, { id: 'alpha', name: 'Alpha', condition });
    const dup = await createRule(store, { id: 'alpha', name: 'Again', condition }).catch((e: unknown) => e);
    expect(code(dup)).toBe('INPUT_INVALID');
    expect((dup as { details: unknown }).details).toEqual({ issues: [{ path: 'id', message: 'already exists' }] });
    expect((await listRules(store)).map((r) => r.name)).toEqual(['Alpha', 'Zeta Errors!']);
    expect(code(await getRule(store, 'nope').catch((e: unknown) => e))).toBe('NOT_FOUND');
    expect(code(await updateRule(store, 'nope', {}).catch((e: unknown) => e))).toBe('NOT_FOUND');
    expect(code(await deleteRule(store, 'nope').catch((e: unknown) => e))).toBe('NOT_FOUND');
    expect(code(await previewRule(store, 'nope').catch((e: unknown) => e))).toBe('NOT_FOUND');
  });

  it('update merges (null removes a key) and validates the whole; replace replaces; snooze and mute', async () => {
    await createRule(store, { id: 'r', name: 'R', condition, message: 'hi', tags: ['a'] });
    const updated = await updateRule(store, 'r', { window: '10m', message: null });
    expect(updated).toMatchObject({ window: '10m', tags: ['a'] });
    expect(updated.message).toBeUndefined();
    expect(code(await updateRule(store, 'r', { every: 'soon' }).catch((e: unknown) => e))).toBe('INPUT_INVALID');
    expect((await getRule(store, 'r')).rule?.window).toBe('10m');
    const replaced = await replaceRule(store, 'r', { name: 'R2', condition });
    expect(replaced).toMatchObject({ id: 'r', name: 'R2', window: '5m', tags: [] });
    await snoozeRule(store, 'r', '2030-01-01T00:00:00Z');
    await muteRule(store, 'r', true);
    expect(await getRule(store, 'r')).toMatchObject({ muted: true, snoozedUntil: '2030-01-01T00:00:00Z' });
    await snoozeRule(store, 'r', null);
    expect((await getRule(store, 'r')).snoozedUntil).toBeUndefined();
    await deleteRule(store, 'r');
    expect(await listRules(store)).toEqual([]);
  });

  it('status is the worst group (firing first), disabled, or invalid for a stored rule that no longer validates', async () => {
    await createRule(store, { id: 'g', name: 'Grouped', condition, group_by: { field: 'host.name' } });
    await saveState(store, {
      ruleId: 'g',
      lastWindowEnd: T0,
      groups: {
        'web-2': { status: 'ok', breaches: 0, value: 1, since: T0, notified: false },
        'web-1': { status: 'firing', breaches: 3, value: 50, since: T0 - MINUTE, notified: true },
        'web-3': { status: 'pending', breaches: 1, value: 20, since: T0, notified: false },
      },
    });
    const g = await getRule(store, 'g');
    expect(g).toMatchObject({ status: 'firing', firing: 1, lastWindowEnd: new Date(T0).toISOString() });
    expect(g.groups.map((x) => [x.group, x.status])).toEqual([
      ['web-1', 'firing'],
      ['web-3', 'pending'],
      ['web-2', 'ok'],
    ]);
    await createRule(store, { id: 'off', name: 'Off', condition, enabled: false });
    expect((await getRule(store, 'off')).status).toBe('disabled');
    await store.saveObject({ type: RULE_TYPE, id: 'bad', title: 'Bad', attributes: { name: 'Bad', query: 'a:(' } });
    const bad = await getRule(store, 'bad');
    expect(bad).toMatchObject({ status: 'invalid', name: 'Bad', lastError: { code: 'INPUT_INVALID' } });
    expect((await listRules(store)).find((r) => r.id === 'bad')?.status).toBe('invalid');
  });

  it('history is newest first, filtered by kind and limited; notifications are listed per rule', async () => {
    await createRule(store, { id: 'h', name: 'H', condition });
    const history = new HistoryLog(store);
    for (let i = 0; i < 5; i++)
      await history.append('h', [
        {
          kind: 'evaluation',
          at: new Date(T0 + i * MINUTE).toISOString(),
          window: { from: '', to: '' },
          measure: 'count',
          durationMs: 1,
          results: [],
        },
      ]);
    const entries = await getHistory(store, 'h', { limit: 3, kind: 'evaluation' });
    expect(entries.map((e) => e.at)).toEqual([4, 3, 2].map((i) => new Date(T0 + i * MINUTE).toISOString()));
    expect(await getHistory(store, 'h', { kind: 'notification' })).toEqual([]);
    expect(await listNotifications(store, 'h')).toEqual([]);
  });

  it('previews a stored rule by id and an unsaved one', async () => {
    await store.write(events(30, T0 - 10 * MINUTE, 10 * MINUTE, { level: 'error' }));
    await store.flush();
    const rule = { name: 'P', query: 'log.level:error', condition, every: '5m', window: '5m' };
    await createRule(store, { id: 'p', ...rule });
    const stored = await previewRule(store, 'p', { now: T0, rangeMs: 10 * MINUTE });
    const unsaved = await previewRule(store, rule, { now: T0, rangeMs: 10 * MINUTE });
    expect(stored).toEqual(unsaved);
    expect(stored.series[0]?.points.map((p) => p.value)).toEqual([15, 15]);
  });
});
