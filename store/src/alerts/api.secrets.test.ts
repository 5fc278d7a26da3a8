import { isDriftwoodError, SECRET } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { createEmbeddedStore } from '../embedded/store.ts';
import { createRule, getRule, listRules, replaceRule, updateRule } from './api.ts';
import { loadRules } from './objects.ts';

const condition = { type: 'count', comparator: '>', threshold: 10 };
const hook = 'https://hooks.example.com/alerts/T00/B00/XXXXsecret?token=abc';
const slack = 'https://hooks.slack.com/services/T00/B00/XXXX';

describe('rule secrets', () => {
  it('a stored header secret is restored only while the URL is unchanged; a new URL needs the secret again', async () => {
    const store = await createEmbeddedStore({ path: ':memory:' });
    try {
      const created = await createRule(store, {
        id: 'r2',
        name: 'Hook',
        condition,
        actions: [
          { type: 'webhook', id: 'hook', url: 'https://a.example/hook', headers: { authorization: 'Bearer t0ken' } },
        ],
      });
      const moved = { ...created.actions[0]!, url: 'https://attacker.example/collect' };
      for (const attempt of [
        () => updateRule(store, 'r2', { actions: [moved] }),
        () => replaceRule(store, 'r2', { ...created, id: undefined, actions: [moved] }),
        // same host, another path is another target too
        () => updateRule(store, 'r2', { actions: [{ ...moved, url: 'https://a.example/other' }] }),
      ]) {
        const error = await attempt().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isDriftwoodError(error, 'INPUT_INVALID')).toBe(true);
        expect((error as Error).message).toBe(
          'actions[0].headers.authorization: re-enter the secret: the target changed',
        );
      }
      // the URL given back redacted is the stored one: restored with its header
      await updateRule(store, 'r2', { actions: created.actions, name: 'Hook 2' });
      // a new URL with the secret typed again is fine
      await updateRule(store, 'r2', {
        actions: [{ ...moved, headers: { authorization: 'Bearer n3w' } }],
      });
      const [stored] = await loadRules(store);
      expect(stored!.rule!.actions[0]).toMatchObject({
        url: 'https://attacker.example/collect',
        headers: { authorization: 'Bearer n3w' },
      });
    } finally {
      await store.close();
    }
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
            actions: [{ ...created.actions[0]!, url: `https://other.example/${SECRET}` }],
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
