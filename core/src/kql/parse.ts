/**
 * Hand-written recursive-descent KQL parser following Kibana's grammar (kbn-es-query `grammar.peggy`):
 *
 *   query        = Space* OrQuery? Space*                         (empty → all)
 *   OrQuery      = AndQuery (Or AndQuery)*                        Or  = Space+ "or"i  (Space+ | &"(")
 *   AndQuery     = NotQuery (And NotQuery)*                       And = Space+ "and"i (Space+ | &"(")
 *   NotQuery     = (Not)* SubQuery                                Not = "not"i (Space+ | &"(")
 *   SubQuery     = "(" Space* OrQuery Space* ")" | NestedQuery
 *   NestedQuery  = Field Space* ":" Space* "{" Space* OrQuery Space* "}" | Expression
 *   Expression   = Field Space* RangeOp Space* Literal | Field Space* ":" Space* ListOfValues | Value
 *   ListOfValues = "(" Space* OrValues Space* ")" | Value          (OrValues/AndValues/NotValues as above)
 *   Literal      = QuotedString | UnquotedLiteral                  (Field = Literal, Value = Literal)
 *
 * Differences from Kibana, all lenient: `not not x` is allowed; `not`, `and`, `or` may be followed
 * directly by `(`; `not` is a keyword only at the start of a word (`cannot x` is a value); any
 * character may be escaped with `\` (Kibana errors on unknown escapes); `\not` followed by a word
 * character is `\n` + `ot` (Kibana always reads `\n` first); inside quotes only `\"` and `\\` are escapes.
 *
 * Nesting (parentheses, braces, `not`) is limited to KQL_MAX_DEPTH so that hostile input cannot
 * exhaust the stack; and/or chains are parsed iteratively and flattened. A query is at most
 * KQL_MAX_LENGTH characters long, a wildcard field name at most KQL_MAX_FIELD_PATTERN_LENGTH.
 */
import { DriftwoodError } from '../errors.ts';
import { isKqlSpace, type KqlNode, type KqlPatternPart, type KqlRangeOp, makeKqlTerm } from './ast.ts';
import { isWildcardField, KQL_MAX_FIELD_PATTERN_LENGTH } from './wildcard.ts';

/** Maximum nesting of `(`, `{` and `not` in one query. */
export const KQL_MAX_DEPTH = 1000;

/** The longest query, in UTF-16 code units. */
export const KQL_MAX_LENGTH = 10_000;

const ALL: KqlNode = { type: 'all' };

interface Literal {
  quoted: boolean;
  start: number;
  /** Unescaped text; every star appears as `*`. */
  text: string;
  /** Pattern pieces when the literal is unquoted and holds an unescaped `*`, else null. */
  parts: KqlPatternPart[] | null;
}

function isTerminator(ch: string | undefined): boolean {
  return ch === '(' || ch === ')' || ch === ':' || ch === '<' || ch === '>' || ch === '"' || ch === '{' || ch === '}';
}

function isHex(ch: string | undefined): boolean {
  return ch !== undefined && /^[0-9a-fA-F]$/.test(ch);
}

const WORD_CHAR = /^[\p{L}\p{N}_]/u;

function describe(src: string, at: number): string {
  if (at >= src.length) return 'end of query';
  const cp = src.codePointAt(at) ?? 0;
  return JSON.stringify(String.fromCodePoint(cp));
}

function syntaxError(src: string, at: number, expected: string, message?: string): DriftwoodError {
  const column = at + 1;
  return new DriftwoodError('KQL_SYNTAX', message ?? `Expected ${expected} at column ${column}`, {
    details: { position: at, column, expected, found: describe(src, at) },
  });
}

function combine(type: 'and' | 'or', nodes: KqlNode[]): KqlNode {
  if (nodes.length === 1) return nodes[0]!;
  const children: KqlNode[] = [];
  for (const node of nodes) {
    if (node.type === type) for (const child of node.children) children.push(child);
    else children.push(node);
  }
  return { type, children };
}

class Parser {
  private readonly src: string;
  private readonly n: number;
  private pos = 0;
  private depth = 0;

  constructor(src: string) {
    this.src = src;
    this.n = src.length;
  }

  parse(): KqlNode {
    this.skipSpaces();
    if (this.pos >= this.n) return ALL;
    const node = this.parseOr();
    this.skipSpaces();
    if (this.pos < this.n) throw this.fail('end of query');
    return node;
  }

  // ---- boolean structure -------------------------------------------------------------------

  private parseOr(): KqlNode {
    const nodes = [this.parseAnd()];
    while (this.matchBinary('or')) nodes.push(this.parseAnd());
    return combine('or', nodes);
  }

  private parseAnd(): KqlNode {
    const nodes = [this.parseNot()];
    while (this.matchBinary('and')) nodes.push(this.parseNot());
    return combine('and', nodes);
  }

  private parseNot(): KqlNode {
    let nots = 0;
    while (this.isNotAt(this.pos)) {
      this.enter();
      nots++;
      this.pos += 3;
      this.skipSpaces();
    }
    let node = this.parseSub();
    for (let i = 0; i < nots; i++) node = { type: 'not', child: node };
    this.depth -= nots;
    return node;
  }

  private parseSub(): KqlNode {
    if (this.src[this.pos] !== '(') return this.parseExpression();
    this.enter();
    this.pos++;
    this.skipSpaces();
    const node = this.parseOr();
    this.skipSpaces();
    this.expect(')');
    this.depth--;
    return node;
  }

  private parseExpression(): KqlNode {
    const lit = this.readLiteral();
    if (lit === null) throw this.fail(this.expectedAtExpressionStart());
    let p = this.pos;
    while (p < this.n && isKqlSpace(this.src[p])) p++;
    const ch = this.src[p];
    if (ch === ':') {
      const field = this.fieldName(lit);
      this.pos = p + 1;
      this.skipSpaces();
      if (this.src[this.pos] === '{') return this.parseNested(field);
      return this.parseListOfValues(field);
    }
    if (ch === '<' || ch === '>') {
      const field = this.fieldName(lit);
      let op: KqlRangeOp;
      if (this.src[p + 1] === '=') {
        op = ch === '<' ? 'lte' : 'gte';
        this.pos = p + 2;
      } else {
        op = ch === '<' ? 'lt' : 'gt';
        this.pos = p + 1;
      }
      this.skipSpaces();
      const value = this.readLiteral();
      if (value === null) throw this.fail('a value');
      return { type: 'range', field, op, value: value.text };
    }
    return this.valueNode(null, lit);
  }

  private parseNested(path: string): KqlNode {
    this.enter();
    this.pos++;
    this.skipSpaces();
    const query = this.parseOr();
    this.skipSpaces();
    this.expect('}');
    this.depth--;
    return { type: 'nested', path, query };
  }

  // ---- value lists: field:(a or b and not c) ------------------------------------------------

  private parseListOfValues(field: string): KqlNode {
    if (this.src[this.pos] === '(') {
      this.enter();
      this.pos++;
      this.skipSpaces();
      const node = this.parseOrValues(field);
      this.skipSpaces();
      this.expect(')');
      this.depth--;
      return node;
    }
    const lit = this.readLiteral();
    if (lit === null) throw this.fail('a value');
    return this.valueNode(field, lit);
  }

  private parseOrValues(field: string): KqlNode {
    const nodes = [this.parseAndValues(field)];
    while (this.matchBinary('or')) nodes.push(this.parseAndValues(field));
    return combine('or', nodes);
  }

  private parseAndValues(field: string): KqlNode {
    const nodes = [this.parseNotValues(field)];
    while (this.matchBinary('and')) nodes.push(this.parseNotValues(field));
    return combine('and', nodes);
  }

  private parseNotValues(field: string): KqlNode {
    let nots = 0;
    while (this.isNotAt(this.pos)) {
      this.enter();
      nots++;
      this.pos += 3;
      this.skipSpaces();
    }
    let node = this.parseListOfValues(field);
    for (let i = 0; i < nots; i++) node = { type: 'not', child: node };
    this.depth -= nots;
    return node;
  }

  private valueNode(field: string | null, lit: Literal): KqlNode {
    if (lit.quoted) return { type: 'match', field, value: { kind: 'phrase', text: lit.text } };
    if (lit.parts !== null && lit.parts.length === 1 && typeof lit.parts[0] !== 'string') {
      // a lone `*`: exists, or everything when there is no field / the field is `*`
      return field === null || field === '*' ? ALL : { type: 'exists', field };
    }
    return { type: 'match', field, value: makeKqlTerm(lit.parts ?? [lit.text]) };
  }

  private fieldName(lit: Literal): string {
    if (lit.text === '') throw this.fail('a field name', lit.start);
    if (isWildcardField(lit.text) && lit.text.length > KQL_MAX_FIELD_PATTERN_LENGTH) {
      throw syntaxError(
        this.src,
        lit.start,
        `a wildcard field name of at most ${KQL_MAX_FIELD_PATTERN_LENGTH} characters`,
        `Wildcard field name longer than ${KQL_MAX_FIELD_PATTERN_LENGTH} characters at column ${lit.start + 1}`,
      );
    }
    return lit.text;
  }

  // ---- literals --------------------------------------------------------------------------

  private readLiteral(): Literal | null {
    return this.src[this.pos] === '"' ? this.readQuoted() : this.readUnquoted();
  }

  private readQuoted(): Literal {
    const { src, n } = this;
    const start = this.pos;
    let p = start + 1;
    let text = '';
    let chunk = p;
    while (p < n) {
      const ch = src[p];
      if (ch === '"') {
        text += src.slice(chunk, p);
        this.pos = p + 1;
        return { quoted: true, start, text, parts: null };
      }
      if (ch === '\\' && (src[p + 1] === '"' || src[p + 1] === '\\')) {
        text += src.slice(chunk, p) + src[p + 1];
        p += 2;
        chunk = p;
        continue;
      }
      p++;
    }
    this.pos = n;
    throw this.fail('a closing quote', n);
  }

  private readUnquoted(): Literal | null {
    const { src, n } = this;
    const start = this.pos;
    if (this.isNotAt(start)) return null;
    let p = start;
    let text = '';
    let current = '';
    let parts: KqlPatternPart[] | null = null;
    let pendingSpace = '';
    while (p < n) {
      const ch = src[p]!;
      if (isKqlSpace(ch)) {
        let end = p + 1;
        while (end < n && isKqlSpace(src[end])) end++;
        if (end >= n || isTerminator(src[end]) || this.isKeywordAt(end)) break;
        pendingSpace = src.slice(p, end);
        p = end;
        continue;
      }
      if (isTerminator(ch)) break;
      if (pendingSpace !== '') {
        text += pendingSpace;
        current += pendingSpace;
        pendingSpace = '';
      }
      if (ch === '*') {
        parts ??= [];
        if (current !== '') parts.push(current);
        parts.push({ wildcard: '*' });
        current = '';
        text += '*';
        p++;
        continue;
      }
      if (ch === '\\') {
        const [value, next] = this.readEscape(p);
        text += value;
        current += value;
        p = next;
        continue;
      }
      text += ch;
      current += ch;
      p++;
    }
    this.pos = p;
    if (text === '') return null;
    if (parts !== null && current !== '') parts.push(current);
    return { quoted: false, start, text, parts };
  }

  /** Reads the escape at `p` (a backslash); returns the unescaped text and the index after it. */
  private readEscape(p: number): [string, number] {
    const { src, n } = this;
    if (p + 1 >= n) {
      this.pos = n;
      throw this.fail('an escaped character', n);
    }
    const next = src[p + 1]!;
    if (this.matchWord(p + 1, 'not') && !WORD_CHAR.test(src.slice(p + 4, p + 6))) {
      return [src.slice(p + 1, p + 4), p + 4];
    }
    if (next === 't') return ['\t', p + 2];
    if (next === 'r') return ['\r', p + 2];
    if (next === 'n') return ['\n', p + 2];
    if (next === 'u' && isHex(src[p + 2]) && isHex(src[p + 3]) && isHex(src[p + 4]) && isHex(src[p + 5])) {
      return [String.fromCharCode(Number.parseInt(src.slice(p + 2, p + 6), 16)), p + 6];
    }
    const cp = src.codePointAt(p + 1) ?? 0;
    const value = String.fromCodePoint(cp);
    return [value, p + 1 + value.length];
  }

  // ---- keywords and helpers --------------------------------------------------------------

  /** Case-insensitive match of an ASCII keyword at `p`. */
  private matchWord(p: number, word: string): boolean {
    if (p + word.length > this.n) return false;
    for (let i = 0; i < word.length; i++) {
      const code = this.src.charCodeAt(p + i) | 0x20;
      if (code !== word.charCodeAt(i)) return false;
    }
    return true;
  }

  /** True when the keyword `word` at `p` is followed by whitespace or `(`. */
  private keywordEndsAt(p: number, word: string): boolean {
    if (!this.matchWord(p, word)) return false;
    const after = this.src[p + word.length];
    return isKqlSpace(after) || after === '(';
  }

  private isNotAt(p: number): boolean {
    return this.keywordEndsAt(p, 'not');
  }

  /** At `p` (just after whitespace inside a literal): does a keyword start here? */
  private isKeywordAt(p: number): boolean {
    return this.keywordEndsAt(p, 'or') || this.keywordEndsAt(p, 'and') || this.keywordEndsAt(p, 'not');
  }

  /** Matches `Space+ word (Space+ | &"(")` and consumes it (with the trailing spaces). */
  private matchBinary(word: string): boolean {
    let p = this.pos;
    while (p < this.n && isKqlSpace(this.src[p])) p++;
    if (p === this.pos || !this.keywordEndsAt(p, word)) return false;
    this.pos = p + word.length;
    this.skipSpaces();
    return true;
  }

  private skipSpaces(): void {
    while (this.pos < this.n && isKqlSpace(this.src[this.pos])) this.pos++;
  }

  private expect(ch: string): void {
    if (this.src[this.pos] !== ch) throw this.fail(JSON.stringify(ch));
    this.pos++;
  }

  private enter(): void {
    this.depth++;
    if (this.depth > KQL_MAX_DEPTH) {
      const column = this.pos + 1;
      throw syntaxError(
        this.src,
        this.pos,
        `at most ${KQL_MAX_DEPTH} levels of nesting`,
        `Query nested too deeply at column ${column}`,
      );
    }
  }

  private expectedAtExpressionStart(): string {
    const ch = this.src[this.pos];
    return ch === ':' || ch === '<' || ch === '>' ? 'a field name' : 'a value';
  }

  private fail(expected: string, at = this.pos): DriftwoodError {
    return syntaxError(this.src, at, expected);
  }
}

/**
 * Parses a KQL query into its AST. An empty or whitespace-only query is `{ type: 'all' }`.
 * Throws only `DriftwoodError` with code `KQL_SYNTAX`, a message like `Expected ")" at column 17`
 * (column = 1-based UTF-16 offset in the whole query) and
 * `details: { position, column, expected, found }` (position is the 0-based offset).
 */
export function parseKql(query: string): KqlNode {
  if (typeof query !== 'string') {
    throw new DriftwoodError('KQL_SYNTAX', 'Expected a query string at column 1', {
      details: { position: 0, column: 1, expected: 'a query string', found: typeof query },
    });
  }
  if (query.length > KQL_MAX_LENGTH) {
    throw new DriftwoodError(
      'KQL_SYNTAX',
      `Query longer than ${KQL_MAX_LENGTH} characters at column ${KQL_MAX_LENGTH + 1}`,
      {
        details: {
          position: KQL_MAX_LENGTH,
          column: KQL_MAX_LENGTH + 1,
          expected: `at most ${KQL_MAX_LENGTH} characters`,
          found: describe(query, KQL_MAX_LENGTH),
        },
      },
    );
  }
  try {
    return new Parser(query).parse();
  } catch (error) {
    if (error instanceof RangeError) {
      // A stack overflow despite the depth limit (a tiny stack): report it like the limit.
      throw new DriftwoodError('KQL_SYNTAX', 'Query nested too deeply at column 1', {
        cause: error,
        details: { position: 0, column: 1, expected: 'less nesting', found: describe(query, 0) },
      });
    }
    throw error;
  }
}
