/**
 * The KQL abstract syntax tree: what `parseKql` produces and every store compiles.
 *
 * The tree is plain JSON (no classes, no functions), so the UI can send it to a server route.
 *
 * Semantics the stores implement (Kibana's):
 * - `match` with `field: null` is free text: search `message` and the other text fields.
 * - `match` with a field containing `*` (e.g. `http.*`, `*.name`, `*`) matches on any field the
 *   pattern matches (see `matchesFieldPattern`). A `*` in a field name is always a wildcard.
 * - A `phrase` value (quoted in the query) is an exact phrase, never a wildcard.
 * - A `term` value (unquoted) with several words, e.g. `message:foo bar`, means *any* of the
 *   words on a text field (a match query, default operator OR; see `termWords`), and the whole
 *   value on a keyword field.
 * - A `term` with `wildcard: true` is a wildcard pattern: its `pattern` alternates literal text and
 *   `{ wildcard: '*' }` markers. An escaped `\*` in the query is a literal star and stays inside the
 *   literal text. Use `termToRegexSource` / `termToWildcardQuery` rather than reading `text`.
 * - `field:*` is `exists`; a bare `*` (or `*:*`, or an empty query) is `all`.
 * - `range` values are kept as written (unescaped); the store decides number vs date.
 * - `nested` is `path:{ query }`; field names inside `query` are relative to `path`.
 */

/** A wildcard marker inside a term pattern: matches any sequence of characters (Lucene `*`). */
export interface KqlWildcard {
  wildcard: '*';
}

/** One piece of a wildcard term: literal text (already unescaped) or a wildcard marker. */
export type KqlPatternPart = string | KqlWildcard;

/** A quoted value: an exact phrase. `*` inside is a literal star. */
export interface KqlPhraseValue {
  kind: 'phrase';
  text: string;
}

/** An unquoted value without wildcards. `text` is unescaped (`a\:b` → `a:b`, `\*` → `*`). */
export interface KqlPlainTermValue {
  kind: 'term';
  text: string;
  wildcard: false;
}

/**
 * An unquoted value with at least one unescaped `*`.
 * `pattern` is canonical: adjacent literal pieces are merged, no empty strings.
 * `text` is the unescaped text with every star shown as `*` (for display only: it cannot tell
 * a literal star from a wildcard).
 */
export interface KqlWildcardTermValue {
  kind: 'term';
  text: string;
  wildcard: true;
  pattern: KqlPatternPart[];
}

export type KqlTermValue = KqlPlainTermValue | KqlWildcardTermValue;
export type KqlValue = KqlPhraseValue | KqlTermValue;

export type KqlRangeOp = 'gt' | 'gte' | 'lt' | 'lte';

export type KqlNode =
  | { type: 'all' }
  /** At least 2 children; never directly contains another `and` (the parser flattens). */
  | { type: 'and'; children: KqlNode[] }
  /** At least 2 children; never directly contains another `or` (the parser flattens). */
  | { type: 'or'; children: KqlNode[] }
  | { type: 'not'; child: KqlNode }
  /** `field` may contain `*` (wildcard field); a value of a lone `*` is never used: that is `exists`. */
  | { type: 'match'; field: string | null; value: KqlValue }
  | { type: 'exists'; field: string }
  | { type: 'range'; field: string; op: KqlRangeOp; value: string }
  | { type: 'nested'; path: string; query: KqlNode };

export type KqlNodeType = KqlNode['type'];
export type KqlAndNode = Extract<KqlNode, { type: 'and' }>;
export type KqlOrNode = Extract<KqlNode, { type: 'or' }>;
export type KqlNotNode = Extract<KqlNode, { type: 'not' }>;
export type KqlMatchNode = Extract<KqlNode, { type: 'match' }>;
export type KqlExistsNode = Extract<KqlNode, { type: 'exists' }>;
export type KqlRangeNode = Extract<KqlNode, { type: 'range' }>;
export type KqlNestedNode = Extract<KqlNode, { type: 'nested' }>;

/** Whitespace as KQL sees it (Kibana's `Space`): space, tab, CR, LF, no-break space. */
export function isKqlSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === '\u00a0';
}

/** Builds a canonical term value from pattern pieces (merges literals, drops empty ones). */
export function makeKqlTerm(parts: readonly KqlPatternPart[]): KqlTermValue {
  const pattern: KqlPatternPart[] = [];
  let text = '';
  let wildcard = false;
  for (const part of parts) {
    if (typeof part === 'string') {
      if (part === '') continue;
      text += part;
      const last = pattern[pattern.length - 1];
      if (typeof last === 'string') pattern[pattern.length - 1] = last + part;
      else pattern.push(part);
    } else {
      text += '*';
      wildcard = true;
      pattern.push({ wildcard: '*' });
    }
  }
  return wildcard ? { kind: 'term', text, wildcard: true, pattern } : { kind: 'term', text, wildcard: false };
}
