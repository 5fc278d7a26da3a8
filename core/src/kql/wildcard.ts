/**
 * Helpers for store compilers: wildcard values, wildcard field names and multi-word terms.
 *
 * A wildcard term keeps literal text and wildcards apart in `pattern`
 * (`web-\*x*` → `['web-*x', { wildcard: '*' }]`), so a literal star never acts as a wildcard.
 */
import { isKqlSpace, type KqlTermValue, type KqlValue, type KqlWildcardTermValue, makeKqlTerm } from './ast.ts';

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

/** Anchored regex source for a field-name pattern; every `*` matches any run of characters. */
export function fieldPatternToRegexSource(field: string): string {
  return `^${field.split('*').map(escapeRegExp).join('[\\s\\S]*')}$`;
}

/** Does the field name match the (possibly wildcard) field pattern? */
export function matchesFieldPattern(pattern: string, field: string): boolean {
  if (!isWildcardField(pattern)) return pattern === field;
  return new RegExp(fieldPatternToRegexSource(pattern)).test(field);
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
