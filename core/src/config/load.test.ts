import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isDriftwoodError } from '../errors.ts';
import { deepFreeze, formatZodIssues, loadConfig, parseYamlSource, zodConfigIssues } from './load.ts';
import { didYouMean } from './suggest.ts';

const schema = z
  .object({
    listen: z.string().default('127.0.0.1:1'),
    mode: z.enum(['fast', 'safe']).default('safe'),
    retry: z
      .object({ attempts: z.number().int().min(1), max_backoff_ms: z.number().default(5) })
      .strict()
      .optional(),
    inputs: z.array(z.object({ path: z.string() }).strict()).default([]),
  })
  .strict();

function errorOf(fn: () => unknown): Error & { details: Record<string, unknown> } {
  try {
    fn();
  } catch (error) {
    expect(isDriftwoodError(error, 'CONFIG_INVALID')).toBe(true);
    return error as Error & { details: Record<string, unknown> };
  }
  throw new Error('did not throw');
}

describe('loadConfig', () => {
  it('validates, applies defaults and freezes', () => {
    const config = loadConfig(schema, 'listen: ":80"\ninputs:\n  - path: /var/log/a\n', { file: 'x.yml' });
    expect(config).toEqual({ listen: ':80', mode: 'safe', inputs: [{ path: '/var/log/a' }] });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.inputs[0])).toBe(true);
    expect(loadConfig(schema, '')).toEqual({ listen: '127.0.0.1:1', mode: 'safe', inputs: [] });
  });

  it('reports every issue with file:line:column and did-you-mean', () => {
    const text = ['listne: ":80"', 'mode: fsat', 'retry:', '  atempts: 3', 'inputs:', '  - path: 3', ''].join('\n');
    const error = errorOf(() => loadConfig(schema, text, { file: 'x.yml' }));
    const lines = error.message.split('\n').slice(1);
    expect(lines).toEqual(
      expect.arrayContaining([
        'x.yml:1:1: listne: unknown key `listne` (did you mean `listen`?)',
        expect.stringMatching(/^x\.yml:2:7: mode: .* \(did you mean `fast`\?\)$/),
        'x.yml:4:3: retry.atempts: unknown key `atempts` (did you mean `attempts`?)',
        'x.yml:4:3: retry.attempts: missing required key `attempts`',
        expect.stringMatching(/^x\.yml:6:11: inputs\[0\]\.path: /),
      ]),
    );
    expect(lines).toHaveLength(5);
    expect((error.details.issues as unknown[]).length).toBe(5);
  });

  it('lists the known keys when nothing is close', () => {
    const error = errorOf(() => loadConfig(schema, 'zzzzzzzz: 1\n', { file: 'x.yml' }));
    expect(error.message).toContain('known keys: listen, mode, retry, inputs');
  });

  it('reports YAML errors and duplicate keys with their position', () => {
    expect(errorOf(() => loadConfig(schema, 'mode: safe\nmode: fast\n', { file: 'd.yml' })).message).toMatch(
      /d\.yml:2:\d+: YAML: /,
    );
    expect(errorOf(() => loadConfig(schema, 'a: [1,\n', { file: 'e.yml' })).message).toMatch(/e\.yml:\d+:\d+: YAML:/);
  });
});

describe('zodConfigIssues / formatZodIssues', () => {
  it('formats issues of parsed data without a file', () => {
    const result = schema.safeParse({ mode: 'x', extra: 1 });
    if (result.success) throw new Error('expected failure');
    const text = formatZodIssues(result.error, { schema });
    expect(text).toContain('extra: unknown key `extra`');
    expect(text.split('\n')).toHaveLength(2);
    expect(formatZodIssues(result.error, { schema, separator: '; ' })).toBe(text.split('\n').join('; '));
  });

  it('places issues of a part of the file at their base path', () => {
    const source = parseYamlSource('top:\n  - a: 1\n  - mode: sfe\n', 'p.yml');
    const part = schema.safeParse((source.data as { top: unknown[] }).top[1]);
    if (part.success) throw new Error('expected failure');
    const issues = zodConfigIssues(part.error, { base: ['top', 1], source, schema });
    expect(issues).toEqual([
      expect.objectContaining({ path: 'top[1].mode', line: 3, column: 11, hint: 'did you mean `safe`?' }),
    ]);
  });
});

describe('deepFreeze and didYouMean', () => {
  it('freezes nested values and tolerates cycles', () => {
    const value: { a: { b: number[] }; self?: unknown } = { a: { b: [1] } };
    value.self = value;
    deepFreeze(value);
    expect(Object.isFrozen(value.a.b)).toBe(true);
  });

  it('suggests only close candidates', () => {
    expect(didYouMean('lisen', ['listen', 'mode'])).toBe('listen');
    expect(didYouMean('Listen', ['listen'])).toBe('listen');
    expect(didYouMean('qqqqqq', ['listen', 'mode'])).toBeUndefined();
  });
});
