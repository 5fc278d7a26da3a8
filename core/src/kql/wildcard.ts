/**
 * Helpers for store compilers: wildcard values, wildcard field names and multi-word terms.
 *
 * A wildcard term keeps literal text and wildcards apart in `pattern`
 * (`web-\*x*` → `['web-*x', { wildcard: '*' }]`), so a literal star never acts as a wildcard.
 * Matching in JavaScript goes through the linear-time `compileGlob` (glob.ts), never a RegExp.
 */
import { DriftwoodError } from '../errors.ts';
import { isKqlSpace, type KqlTermValue, type KqlValue, type KqlWildcardTermValue, makeKqlTerm } from './ast.ts';
import { compileGlob, type GlobMatcher, type GlobOptions } from './glob.ts';

/** The longest wildcard field-name pattern (`http.*`) a query may hold. */
export const KQL_MAX_FIELD_PATTERN_LENGTH = 256;

/** True when the value is an unquoted term holding at least one wildcard `*`. */
export function hasWildcard(value: KqlValue): value is KqlWildcardTermValue {
  return value.kind === 'term' && value.wildcard;
}

/** Escapes a string for use inside a regular expression source. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

export interface RegexSourceOptions {
  /** Wrap in `^…$` (default true). */
  anchored?: boolean;
}

/**
 * A regular-expression source for the value: literal text escaped, each wildcard as `[\s\S]*`.
 * Anchored by default (`^…$`): the value must match the whole string. Add flags (`i`, `u`) yourself.
 * A phrase or plain term yields its escaped text (exact match).
 *
 * Only for engines whose regexes run in linear time (DuckDB's and Lucene's RE2-style engines): a
 * JavaScript RegExp from this source backtracks exponentially in the number of stars. To match in
 * JavaScript, use `valueMatcher`.
 */
export function termToRegexSource(value: KqlValue, options: RegexSourceOptions = {}): string {
  const body = hasWildcard(value)
    ? value.pattern.map((part) => (typeof part === 'string' ? escapeRegExp(part) : '[\\s\\S]*')).join('')
    : escapeRegExp(value.text);
  return options.anchored === false ? body : `^${body}$`;
}

/**
 * The value in Elasticsearch / OpenSearch `wildcard` query syntax: literal `*`, `?` and `\` are
 * escaped with `\`, wildcards are `*`.
 */
export function termToWildcardQuery(value: KqlValue): string {
  const escapeLucene = (text: string): string => text.replace(/[\\*?]/g, '\\$&');
  if (!hasWildcard(value)) return escapeLucene(value.text);
  return value.pattern.map((part) => (typeof part === 'string' ? escapeLucene(part) : '*')).join('');
}

/** True when the field name is a pattern (`http.*`, `*.name`, `*`). */
export function isWildcardField(field: string): boolean {
  return field.includes('*');
}

/**
 * A whole-value matcher for a term or phrase: a wildcard term by its pattern (linear time), a
 * plain term or a phrase by equality with its text.
 */
export function valueMatcher(value: KqlValue, options: GlobOptions = {}): GlobMatcher {
  return compileGlob(hasWildcard(value) ? value.pattern : [value.text], options);
}

/**
 * A matcher for field names against a (possibly wildcard) field pattern, where every `*` matches
 * any run of characters. Throws `INPUT_INVALID` for a wildcard pattern longer than
 * KQL_MAX_FIELD_PATTERN_LENGTH.
 */
export function fieldPatternMatcher(pattern: string): GlobMatcher {
  if (!isWildcardField(pattern)) return (field) => field === pattern;
  if (pattern.length > KQL_MAX_FIELD_PATTERN_LENGTH) {
    throw new DriftwoodError(
      'INPUT_INVALID',
      `a wildcard field name may be at most ${KQL_MAX_FIELD_PATTERN_LENGTH} characters long (this one has ${pattern.length})`,
      { details: { length: pattern.length, max: KQL_MAX_FIELD_PATTERN_LENGTH } },
    );
  }
  const parts = pattern.split('*').flatMap((piece, i) => (i === 0 ? [piece] : [{ wildcard: '*' } as const, piece]));
  return compileGlob(parts);
}

/** Does the field name match the (possibly wildcard) field pattern? See `fieldPatternMatcher`. */
export function matchesFieldPattern(pattern: string, field: string): boolean {
  return fieldPatternMatcher(pattern)(field);
}

/**
 * The words of an unquoted term, each as its own term (wildcards kept per word):
 * `message:foo bar*` means "foo" OR "bar*" on a text field. A phrase is returned as is.
 */
export function termWords(value: KqlValue): KqlValue[] {
  if (value.kind === 'phrase') return [value];
  const words: KqlTermValue[] = [];
  let parts: Array<string | { wildcard: '*' }> = [];
  let current = '';
  const flush = (): void => {
    if (current !== '') parts.push(current);
    if (parts.length > 0) words.push(makeKqlTerm(parts));
    parts = [];
    current = '';
  };
  const pattern = value.wildcard ? value.pattern : [value.text];
  for (const part of pattern) {
    if (typeof part !== 'string') {
      if (current !== '') parts.push(current);
      current = '';
      parts.push(part);
      continue;
    }
    for (const ch of part) {
      if (isKqlSpace(ch)) flush();
      else current += ch;
    }
  }
  flush();
  return words;
}
