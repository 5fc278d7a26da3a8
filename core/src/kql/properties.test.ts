import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DriftwoodError } from '../errors.ts';
import type { KqlNode, KqlPatternPart, KqlRangeOp, KqlValue } from './ast.ts';
import { makeKqlTerm } from './ast.ts';
import { normalizeKql } from './normalize.ts';
import { KQL_MAX_DEPTH, KQL_MAX_LENGTH, parseKql } from './parse.ts';
import { printKql } from './print.ts';

// ---- generators ------------------------------------------------------------------------------

/** Pieces that stress the escaper: specials, whitespace, keywords, unicode, control characters. */
const TRICKY = [
  'a',
  'b',
  'x',
  'Z',
  '0',
  '9',
  '.',
  '-',
  '_',
  '@',
  '/',
  '?',
  '[',
  ']',
  '=',
  ',',
  "'",
  ' ',
  '  ',
  '\t',
  '\n',
  '\r',
  '\u00a0',
  '\u2003',
  '\u0000',
  '\u0007',
  '\u007f',
  '\u2028',
  '\\',
  '(',
  ')',
  ':',
  '<',
  '>',
  '"',
  '{',
  '}',
  '*',
  'and',
  'or',
  'not',
  'AND',
  'Or',
  'NOT',
  'ot',
  'nd',
  'cannot',
  'order',
  'notice',
  'é',
  'ß',
  'ж',
  '中',
  '🔥',
  '\ud800',
  '\udfff',
  'u00e9',
  '\\u0041',
  '\\n',
  '\\not',
];

const chunk = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.string({ maxLength: 3 }),
  fc.string({ unit: 'binary', maxLength: 2 }),
);
const text = fc.array(chunk, { maxLength: 6 }).map((parts) => parts.join(''));
const nonEmptyText = text.filter((t) => t !== '');

const field = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('message', 'host.name', 'http.*', '*.name', 'a', 'not', 'or', 'my field') },
  { weight: 1, arbitrary: nonEmptyText },
);

const patternPart: fc.Arbitrary<KqlPatternPart> = fc.oneof(
  { weight: 3, arbitrary: text },
  { weight: 1, arbitrary: fc.constant({ wildcard: '*' } as const) },
);

const termValue: fc.Arbitrary<KqlValue> = fc
  .array(patternPart, { minLength: 1, maxLength: 5 })
  .map((parts) => makeKqlTerm(parts))
  .filter((t) => t.text !== '');

const value: fc.Arbitrary<KqlValue> = fc.oneof(
  termValue,
  text.map((t) => ({ kind: 'phrase', text: t }) as const),
);

const op = fc.constantFrom<KqlRangeOp>('gt', 'gte', 'lt', 'lte');

const leaf: fc.Arbitrary<KqlNode> = fc.oneof(
  fc.constant<KqlNode>({ type: 'all' }),
  fc.record({ type: fc.constant('match' as const), field: fc.option(field, { nil: null }), value }),
  fc.record({ type: fc.constant('exists' as const), field }),
  fc.record({ type: fc.constant('range' as const), field, op, value: text }),
);

const { node: astArb } = fc.letrec<{ node: KqlNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ type: fc.constant('and' as const), children: fc.array(tie('node'), { minLength: 2, maxLength: 4 }) }),
    fc.record({ type: fc.constant('or' as const), children: fc.array(tie('node'), { minLength: 2, maxLength: 4 }) }),
    fc.record({ type: fc.constant('not' as const), child: tie('node') }),
    fc.record({ type: fc.constant('nested' as const), path: field, query: tie('node') }),
  ),
}));

/** Query strings built from KQL syntax with random spacing, casing and escapes: always valid. */
const sp = fc.constantFrom('', ' ', '  ', '\t', '\n ');
const sp1 = fc.constantFrom(' ', '  ', '\t', ' \n');
const kw = (word: string) => fc.constantFrom(word, word.toUpperCase(), word[0]!.toUpperCase() + word.slice(1));
const word = fc.constantFrom(
  'error',
  'web-01',
  '200',
  'a',
  'b*',
  '*x*',
  'x\\*',
  'a\\:b',
  '\\(p\\)',
  '\\and',
  '\\not',
  'cannot',
  'é',
  '🔥',
  'a\\ b',
);
const unquoted = fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' '));
const quoted = fc.constantFrom('"a b"', '"x*"', '"say \\"hi\\""', '"C:\\\\temp"', '""', '"not or and"');
const literal = fc.oneof(unquoted, quoted);
const fieldName = fc.constantFrom('status', 'host.name', 'http.*', '*', '"my field"', 'a\\:b');
const rangeOp = fc.constantFrom('<', '<=', '>', '>=');

const { query: queryArb } = fc.letrec<{ query: string; values: string; expr: string }>((tie) => ({
  values: fc.oneof(
    { depthSize: 'small' },
    literal,
    fc.tuple(tie('values'), sp1, kw('or'), sp1, tie('values')).map((p) => p.join('')),
    fc.tuple(tie('values'), sp1, kw('and'), sp1, tie('values')).map((p) => p.join('')),
    fc.tuple(kw('not'), sp1, tie('values')).map((p) => p.join('')),
    fc.tuple(sp, tie('values'), sp).map(([a, v, b]) => `(${a}${v}${b})`),
  ),
  expr: fc.oneof(
    { depthSize: 'small' },
    literal,
    fc.tuple(fieldName, sp, sp, literal).map(([f, a, b, v]) => `${f}${a}:${b}${v}`),
    fc.tuple(fieldName, sp, sp, tie('values')).map(([f, a, b, v]) => `${f}${a}:${b}(${v})`),
    fc.tuple(fieldName, sp, rangeOp, sp, literal).map((p) => p.join('')),
    fc.tuple(fieldName, sp, sp, tie('query')).map(([f, a, b, q]) => `${f}${a}:${b}{ ${q} }`),
    fc.tuple(sp, tie('query'), sp).map(([a, q, b]) => `(${a}${q}${b})`),
  ),
  query: fc.oneof(
    { depthSize: 'small' },
    tie('expr'),
    fc.tuple(tie('query'), sp1, kw('or'), sp1, tie('query')).map((p) => p.join('')),
    fc.tuple(tie('query'), sp1, kw('and'), sp1, tie('query')).map((p) => p.join('')),
    fc.tuple(kw('not'), sp1, tie('expr')).map((p) => p.join('')),
  ),
}));

/** Strings over KQL's own alphabet: far likelier than random unicode to reach deep parser states. */
const kqlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '(',
        ')',
        '{',
        '}',
        ':',
        '<',
        '>',
        '<=',
        '>=',
        '"',
        '\\',
        '*',
        ' ',
        '\t',
        '\n',
        '\u00a0',
        'and',
        'or',
        'not',
        ' and ',
        ' or ',
        'not ',
        'AND',
        'a',
        'b',
        'f',
        'x.y',
        '1',
        '\\u00e9',
        '\\n',
        '\\not',
      ),
      fc.string({ unit: 'binary', maxLength: 2 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

// ---- helpers ---------------------------------------------------------------------------------

/** Parses; returns the AST, or null when the only error is the typed KQL_SYNTAX error. */
function parseOrNull(query: string): KqlNode | null {
  try {
    return parseKql(query);
  } catch (error) {
    if (!(error instanceof DriftwoodError) || error.code !== 'KQL_SYNTAX') throw error;
    const { position, column } = error.details;
    expect(typeof position).toBe('number');
    expect(column).toBe((position as number) + 1);
    expect(position as number).toBeGreaterThanOrEqual(0);
    expect(position as number).toBeLessThanOrEqual(query.length);
    expect(error.message).toMatch(
      /^(Expected .+|Query nested too deeply|Query longer than \d+ characters|Wildcard field name longer than \d+ characters) at column \d+$/,
    );
    return null;
  }
}

function timeMs(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

// ---- properties ------------------------------------------------------------------------------

describe('KQL properties', () => {
  it('random AST → print → parse equals the normalised AST', () => {
    fc.assert(
      fc.property(astArb, (ast) => {
        const printed = printKql(ast);
        expect(parseKql(printed)).toEqual(normalizeKql(ast));
      }),
      { numRuns: 2000 },
    );
  });

  it('printing is a fixed point: print(parse(print(ast))) === print(normalize(ast))', () => {
    fc.assert(
      fc.property(astArb, (ast) => {
        const printed = printKql(normalizeKql(ast));
        expect(printKql(parseKql(printed))).toBe(printed);
      }),
      { numRuns: 500 },
    );
  });

  it('generated valid queries parse, and parse(print(parse(q))) equals parse(q)', () => {
    fc.assert(
      fc.property(queryArb, (query) => {
        const ast = parseKql(query);
        expect(parseKql(printKql(ast))).toEqual(ast);
      }),
      { numRuns: 2000 },
    );
  });

  it('KQL-alphabet strings: only KQL_SYNTAX errors, and whatever parses round-trips', () => {
    fc.assert(
      fc.property(kqlish, (query) => {
        const ast = parseOrNull(query);
        if (ast !== null) expect(parseKql(printKql(ast))).toEqual(ast);
      }),
      { numRuns: 5000 },
    );
  });

  it('arbitrary unicode / binary strings: only KQL_SYNTAX errors', () => {
    const anyString = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ unit: 'grapheme', maxLength: 100 }),
      fc.string({ maxLength: 200 }),
    );
    fc.assert(
      fc.property(anyString, (query) => {
        const ast = parseOrNull(query);
        if (ast !== null) expect(parseKql(printKql(ast))).toEqual(ast);
      }),
      { numRuns: 3000 },
    );
  });

  it('deep nesting up to 10,000 levels never overflows the stack', () => {
    const shape = fc.constantFrom(
      { prefix: '', open: '(', close: ')', levels: 1 },
      { prefix: 'f:', open: '(', close: ')', levels: 1 },
      { prefix: '', open: 'a:{', close: '}', levels: 1 },
      { prefix: '', open: 'not ', close: '', levels: 1 },
      { prefix: '', open: 'not (', close: ')', levels: 2 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), shape, (depth, { prefix, open, close, levels }) => {
        const query = `${prefix}${open.repeat(depth)}x${close.repeat(depth)}`;
        const ast = parseOrNull(query);
        if (depth * levels <= KQL_MAX_DEPTH) expect(ast).not.toBeNull();
        else expect(ast).toBeNull();
        if (ast !== null) expect(parseKql(printKql(ast))).toEqual(ast);
      }),
      { numRuns: 200 },
    );
  });

  it('unbalanced deep nesting fails with KQL_SYNTAX', () => {
    for (const query of ['('.repeat(10_000), ')'.repeat(10_000), '{'.repeat(10_000), 'a:{'.repeat(10_000)]) {
      expect(parseOrNull(query)).toBeNull();
    }
  });

  it('parses inputs of the longest allowed length in linear-ish time', () => {
    const size = KQL_MAX_LENGTH;
    const fill = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
    const inputs = [
      fill('a '),
      `${' '.repeat(size)}x`,
      `x${' '.repeat(size)}`,
      `x${' '.repeat(size)}y`,
      `${fill('a or ')}a`,
      `${fill('a and ')}a`,
      `${fill('f:x or ')}f:x`,
      `f:(${fill('a or ')}a)`,
      fill('not '),
      fill('('),
      fill(')'),
      fill('"'),
      `"${fill('x')}`,
      fill('\\*'),
      fill('*'),
      fill('x\\'),
      fill('a:'),
      fill('a\u00a0'),
      fill('🔥'),
      fill('\\u0041'),
      fill(' or'),
      fill('( a ) and '),
      `f:${fill('a  ')}b`,
      `${fill('a ')}:x`,
    ];
    for (const input of inputs) {
      let ast: KqlNode | null = null;
      const ms = timeMs(() => {
        ast = parseOrNull(input);
      });
      expect(ms, `parsing ${JSON.stringify(input.slice(0, 12))}… took ${ms.toFixed(0)} ms`).toBeLessThan(1000);
      // printing may escape characters and so outgrow the length limit
      const printed = ast === null ? '' : printKql(ast);
      if (ast !== null && printed.length <= KQL_MAX_LENGTH) expect(parseKql(printed)).toEqual(ast);
    }
  });

  it('random strings of the longest allowed length parse quickly and fail only with KQL_SYNTAX', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', ' ', 'or', 'and', 'not', '(', ')', '*', '\\', '"', ':', '>', '{', '}'), {
          minLength: 1,
          maxLength: 50,
        }),
        (pieces) => {
          let input = '';
          while (input.length < KQL_MAX_LENGTH) input += pieces.join('');
          input = input.slice(0, KQL_MAX_LENGTH);
          const ms = timeMs(() => parseOrNull(input));
          expect(ms).toBeLessThan(1000);
        },
      ),
      { numRuns: 30 },
    );
  });
});
