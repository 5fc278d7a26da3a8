import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatConfigIssues, formatPath, formatZodIssues, type YamlSource, zodConfigIssues } from './issues.ts';

const schema = z
  .object({
    inputs: z.array(
      z
        .object({
          type: z.enum(['file', 'syslog', 'http']),
          listen: z.string().optional(),
          paths: z.array(z.string()).default([]),
        })
        .strict(),
    ),
    output: z.object({ url: z.string(), index: z.string() }).strict().optional(),
  })
  .strict();

function issuesOf(data: unknown, options: Parameters<typeof zodConfigIssues>[1] = {}) {
  const result = schema.safeParse(data);
  if (result.success) throw new Error('expected a failure');
  return zodConfigIssues(result.error, { schema, data, ...options });
}

describe('formatPath', () => {
  it('writes keys dotted and indexes in brackets', () => {
    expect(formatPath([])).toBe('');
    expect(formatPath(['inputs', 0, 'listen'])).toBe('inputs[0].listen');
    expect(formatPath([2, 'a'])).toBe('[2].a');
    expect(formatPath(['a', 'b', 3, 4])).toBe('a.b[3][4]');
  });
});

describe('zodConfigIssues', () => {
  it('reports each unknown key at its own path, with a did-you-mean', () => {
    const issues = issuesOf({ inputs: [{ type: 'file', pathz: [], lisen: 'x' }] });
    expect(issues).toEqual([
      { path: 'inputs[0].pathz', message: 'unknown key `pathz`', hint: 'did you mean `paths`?' },
      { path: 'inputs[0].lisen', message: 'unknown key `lisen`', hint: 'did you mean `listen`?' },
    ]);
  });

  it('lists the known keys when nothing is close, through optional wrappers', () => {
    const issues = issuesOf({ inputs: [], output: { url: 'u', index: 'i', compression: 'gzip' } });
    expect(issues).toEqual([
      { path: 'output.compression', message: 'unknown key `compression`', hint: 'known keys: url, index' },
    ]);
  });

  it('suggests the closest enum value for a misspelt one', () => {
    const [issue] = issuesOf({ inputs: [{ type: 'sislog' }] });
    expect(issue).toMatchObject({ path: 'inputs[0].type', hint: 'did you mean `syslog`?' });
    const [far] = issuesOf({ inputs: [{ type: 'kafka' }] });
    expect(far?.path).toBe('inputs[0].type');
    expect(far?.hint).toBeUndefined();
  });

  it('names a missing required key', () => {
    expect(issuesOf({ inputs: [{}] })).toEqual([{ path: 'inputs[0].type', message: 'missing required key `type`' }]);
    expect(issuesOf({})).toEqual([{ path: 'inputs', message: 'missing required key `inputs`' }]);
  });

  it('keeps zod message for a value of the wrong type that is present', () => {
    const [issue] = issuesOf({ inputs: [{ type: 'file', listen: 5 }] });
    expect(issue?.path).toBe('inputs[0].listen');
    expect(issue?.message).not.toContain('missing');
    expect(issue?.hint).toBeUndefined();
  });

  it('prefixes paths with base, and reads the value at base from the YAML source', () => {
    const positions: Array<[string, boolean]> = [];
    const source: YamlSource = {
      file: 'ship.yml',
      data: { shipper: { inputs: [{ type: 'fil' }] } },
      position(path, onKey = false) {
        positions.push([formatPath(path), onKey]);
        return { line: path.length + 1, column: onKey ? 3 : 9 };
      },
    };
    const result = schema.safeParse({ inputs: [{ type: 'fil' }] });
    if (result.success) throw new Error('expected a failure');
    const issues = zodConfigIssues(result.error, { schema, source, base: ['shipper'] });
    expect(issues).toEqual([
      { path: 'shipper.inputs[0].type', line: 5, column: 9, message: expect.any(String), hint: 'did you mean `file`?' },
    ]);
    expect(positions).toEqual([['shipper.inputs[0].type', false]]);
  });

  it('asks the source for the key position of an unknown key', () => {
    const source: YamlSource = {
      file: 'f.yml',
      data: { inputs: [], extra: 1 },
      position: (_path, onKey) => ({ line: 7, column: onKey ? 1 : 8 }),
    };
    const result = schema.safeParse(source.data);
    if (result.success) throw new Error('expected a failure');
    expect(zodConfigIssues(result.error, { schema, source })).toEqual([
      { path: 'extra', line: 7, column: 1, message: 'unknown key `extra`', hint: 'known keys: inputs, output' },
    ]);
  });
});

describe('formatConfigIssues / formatZodIssues', () => {
  it('writes file:line:column: path: message (hint), one a line', () => {
    const text = formatConfigIssues('ship.yml', [
      { path: 'a.b', line: 3, column: 5, message: 'unknown key `b`', hint: 'did you mean `c`?' },
      { path: 'x', line: 4, message: 'bad' },
      { path: '', message: 'not an object' },
    ]);
    expect(text).toBe(
      [
        'ship.yml:3:5: a.b: unknown key `b` (did you mean `c`?)',
        'ship.yml:4:1: x: bad',
        'ship.yml: not an object',
      ].join('\n'),
    );
  });

  it('leaves the file out when there is none, and joins with a given separator', () => {
    expect(
      formatConfigIssues(
        undefined,
        [
          { path: 'a', message: 'm' },
          { path: 'b', message: 'n', hint: 'h' },
        ],
        '; ',
      ),
    ).toBe('a: m; b: n (h)');
  });

  it('formats every issue of a zod error', () => {
    const result = schema.safeParse({ inputs: [{ type: 'file', pathz: [] }], outptu: {} });
    if (result.success) throw new Error('expected a failure');
    const text = formatZodIssues(result.error, {
      schema,
      data: { inputs: [{ type: 'file', pathz: [] }], outptu: {} },
      file: 'c.yml',
    });
    expect(text.split('\n')).toEqual([
      'c.yml: inputs[0].pathz: unknown key `pathz` (did you mean `paths`?)',
      'c.yml: outptu: unknown key `outptu` (did you mean `output`?)',
    ]);
  });
});
