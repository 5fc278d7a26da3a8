import { describe, expect, it } from 'vitest';
import { applyPatch, patchAction, previewKey, removeAction, saveFailure, shownErrors, touchedBy } from './editor.ts';
import { emptyAction, emptyForm, type RuleForm } from './form.ts';

const valid = (patch: Partial<RuleForm> = {}): RuleForm => ({
  ...emptyForm(),
  name: 'Errors',
  query: 'log.level:error',
  threshold: '10',
  ...patch,
});

describe('rule editor steps', () => {
  it('applies a change and remembers the touched keys', () => {
    const form = emptyForm();
    expect(applyPatch(form, { name: 'x' })).toEqual({ ...form, name: 'x' });
    expect([...touchedBy(new Set(['query']), { name: 'x', window: '1m' })].sort()).toEqual(['name', 'query', 'window']);
  });
  it('changes and removes one action', () => {
    const actions = [emptyAction('webhook'), emptyAction('email')];
    expect(patchAction(actions, 1, { to: 'a@b.c' })).toEqual([actions[0], { ...actions[1], to: 'a@b.c' }]);
    expect(removeAction(actions, 0)).toEqual([actions[1]]);
  });
  it("shows the form's own error over the server's for the same field", () => {
    expect(shownErrors({ query: 'server', name: 'taken' }, { query: 'local' })).toEqual({
      query: 'local',
      name: 'taken',
    });
  });
  it('asks for a preview only once the condition is valid, without name or actions', () => {
    expect(previewKey(valid({ threshold: '' }))).toBeNull();
    const key = previewKey(valid({ name: '', actions: [{ type: 'webhook', url: 'not a url', headers: '' }] }));
    expect(key).not.toBeNull();
    const rule = JSON.parse(key ?? '') as { name: string; actions?: unknown[] };
    expect(rule.name).toBe('preview');
    expect(rule.actions ?? []).toEqual([]);
    expect(previewKey(valid({ threshold: '11' }))).not.toBe(previewKey(valid()));
  });
  it('shows a failed save by field when the server named the fields, else as an error', () => {
    expect(saveFailure([{ path: 'condition.threshold', message: 'too big' }], new Error('x'))).toEqual({
      serverErrors: { threshold: 'too big' },
    });
    const error = new Error('down');
    expect(saveFailure([], error)).toEqual({ error });
  });
});
