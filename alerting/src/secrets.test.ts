import { isDriftwoodError } from '@driftwood/core';
import { createEmbeddedStore } from '@driftwood/store';
import { describe, expect, it } from 'vitest';
import { createRule, getRule, listRules, replaceRule, updateRule } from './api.ts';
import { loadRules } from './objects.ts';
import { redactUrl, SECRET } from './secrets.ts';

const condition = { type: 'count', comparator: '>', threshold: 10 };
const hook = 'https://hooks.example.com/alerts/T00/B00/XXXXsecret?token=abc';
const slack = 'https://hooks.slack.com/services/T00/B00/XXXX';

describe('rule secrets', () => {
  it('hides credentials, queries and deep paths; leaves a plain URL alone', () => {
    expect(redactUrl('http://127.0.0.1:9/hook')).toBe('http://127.0.0.1:9/hook');
    expect(redactUrl(hook)).toBe(`https://hooks.example.com/alerts/${SECRET}`);
    expect(redactUrl('https://u:p@h.example/x')).toBe(`https://u:${SECRET}@h.example/x`);
    expect(redactUrl(slack, true)).toBe(`https://hooks.slack.com/${SECRET}`);
  });

  it('never returns a secret, keeps the stored ones on save, and refuses a placeholder with nothing behind it', async () => {
    const store = await createEmbeddedStore({ path: ':memory:' });
    try {
      const created = await createRule(store, {
        id: 'r1',
        name: 'Errors',
        condition,
        actions: [
          { type: 'webhook', id: 'hook', url: hook, headers: { authorization: 'Bearer t0ken', 'x-team': 'ops' } },
          { type: 'slack', url: slack },
        ],
      });
      const shown = [created, (await getRule(store, 'r1')).rule!, (await listRules(store))[0]!.rule!];
      for (const rule of shown) {
        expect(JSON.stringify(rule)).not.toMatch(/t0ken|XXXX|token=abc/);
        expect(rule.actions[0]).toMatchObject({ headers: { authorization: SECRET, 'x-team': SECRET } });
      }

      // An editor sends back what it was shown, with one change: the secrets stay as stored.
      await replaceRule(store, 'r1', { ...created, name: 'Errors!', id: undefined });
      await updateRule(store, 'r1', { actions: created.actions, condition: { ...condition, threshold: 20 } });
      const [stored] = await loadRules(store);
      expect(stored!.rule!.name).toBe('Errors!');
      expect(stored!.rule!.actions).toEqual([
        { type: 'webhook', id: 'hook', url: hook, headers: { authorization: 'Bearer t0ken', 'x-team': 'ops' } },
        { type: 'slack', url: slack },
      ]);

      // A placeholder with nothing stored behind it is an error, not a literal value.
      const bad = [
        () =>
          createRule(store, { name: 'x', condition, actions: [{ type: 'slack', url: `https://h.example/${SECRET}` }] }),
        () =>
          updateRule(store, 'r1', {
            actions: [{ ...created.actions[0]!, headers: { authorization: SECRET, 'x-new': SECRET } }],
          }),
        () =>
          updateRule(store, 'r1', {
            actions: [{ ...created.actions[0]!, url: `https://other.example/alerts/${SECRET}` }],
          }),
      ];
      for (const attempt of bad) {
        const error = await attempt().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isDriftwoodError(error, 'INPUT_INVALID')).toBe(true);
      }
    } finally {
      await store.close();
    }
  });
});
