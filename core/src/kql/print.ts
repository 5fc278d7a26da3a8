/**
 * Canonical KQL printer: `parseKql(printKql(node))` deep-equals `normalizeKql(node)`, and for any
 * parsed query q, `parseKql(printKql(parseKql(q)))` deep-equals `parseKql(q)`.
 *
 * Output style: lower-case `and` / `or` / `not`, parentheses only where precedence needs them
 * (`not` > `and` > `or`), `field:value`, `field:*`, `field >= value`, `path:{ query }`.
 */
import { isKqlSpace, type KqlNode, type KqlRangeOp, type KqlValue } from './ast.ts';

const OPS: Record<KqlRangeOp, string> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };

/** Characters that must be escaped in an unquoted value. */
const SPECIAL = new Set(['\\', '(', ')', ':', '<', '>', '"', '{', '}', '*']);
const WORD_CHAR = /^[\p{L}\p{N}_]/u;
const KEYWORD = /^(?:and|or|not)$/i;
/** A name or range value that can be written without quotes. */
const BARE = /^[^\s\u00a0\\():<>"{}]+$/;

export function printKql(node: KqlNode): string {
  return printNode(node);
}

function printNode(node: KqlNode): string {
  switch (node.type) {
    case 'all':
      return '*';
    case 'or':
      return node.children.map((c) => (c.type === 'or' ? `(${printNode(c)})` : printNode(c))).join(' or ');
    case 'and':
      return node.children
        .map((c) => (c.type === 'or' || c.type === 'and' ? `(${printNode(c)})` : printNode(c)))
        .join(' and ');
    case 'not': {
      const c = node.child;
      const inner = printNode(c);
      // `not not x` rather than `not (not x)`: the extra parentheses would count towards the depth limit
      return c.type === 'or' || c.type === 'and' ? `not (${inner})` : `not ${inner}`;
    }
    case 'match':
      return node.field === null
        ? printKqlValue(node.value)
        : `${printKqlField(node.field)}:${printKqlValue(node.value)}`;
    case 'exists':
      return `${printKqlField(node.field)}:*`;
    case 'range':
      return `${printKqlField(node.field)} ${OPS[node.op]} ${printRangeValue(node.value)}`;
    case 'nested':
      return `${printKqlField(node.path)}:{ ${printNode(node.query)} }`;
  }
}

/** Quotes a string for KQL: only `"` and `\` are escaped inside quotes. */
export function quoteKql(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

/** A field name: bare when safe, quoted otherwise. A `*` in a field name is always a wildcard. */
export function printKqlField(field: string): string {
  return BARE.test(field) && !KEYWORD.test(field) ? field : quoteKql(field);
}

function printRangeValue(value: string): string {
  return BARE.test(value) && !value.includes('*') && !KEYWORD.test(value) ? value : quoteKql(value);
}

export function printKqlValue(value: KqlValue): string {
  if (value.kind === 'phrase') return quoteKql(value.text);
  if (!value.wildcard) return escapeUnquoted(Array.from(value.text), null);
  const chars: string[] = [];
  const wild: boolean[] = [];
  for (const part of value.pattern) {
    if (typeof part === 'string') {
      for (const ch of part) {
        chars.push(ch);
        wild.push(false);
      }
    } else {
      chars.push('*');
      wild.push(true);
    }
  }
  return escapeUnquoted(chars, wild);
}

/**
 * Escapes unquoted text (given as code points; `wild[i]` marks wildcard stars) so the parser reads
 * back exactly the same characters: specials get `\`, edge whitespace is escaped (the parser trims
 * unescaped edge whitespace), whole words `and` / `or` / `not` get `\`, tab/CR/LF become `\t` `\r` `\n`.
 */
export function escapeUnquoted(chars: readonly string[], wild: readonly boolean[] | null): string {
  const n = chars.length;
  let first = 0;
  while (first < n && isKqlSpace(chars[first])) first++;
  let last = n - 1;
  while (last >= 0 && isKqlSpace(chars[last])) last--;
  let out = '';
  let wordStart = -1;
  for (let i = 0; i < n; i++) {
    const ch = chars[i]!;
    const edge = i < first || i > last;
    if (isKqlSpace(ch)) {
      wordStart = -1;
      out += escapeSpace(chars, i, edge);
      continue;
    }
    if (wordStart === -1) {
      wordStart = i;
      if (isKeywordWord(chars, wild, i)) out += '\\';
    }
    if (wild?.[i] === true) out += '*';
    else if (SPECIAL.has(ch)) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

function escapeSpace(chars: readonly string[], i: number, edge: boolean): string {
  const ch = chars[i]!;
  if (ch === '\t') return '\\t';
  if (ch === '\r') return '\\r';
  if (ch === '\n') {
    // `\not` followed by a non-word character reads as the escaped keyword "not", not LF + "ot".
    const ahead = (chars[i + 1] ?? '') + (chars[i + 2] ?? '');
    const after = chars[i + 3];
    if (/^ot$/i.test(ahead) && (after === undefined || !WORD_CHAR.test(after))) return '\\u000a';
    return '\\n';
  }
  return edge ? `\\${ch}` : ch;
}

/** Is the whitespace-delimited word starting at `i` one of the keywords (and no wildcard)? */
function isKeywordWord(chars: readonly string[], wild: readonly boolean[] | null, i: number): boolean {
  let word = '';
  for (let j = i; j < chars.length && j < i + 4; j++) {
    const ch = chars[j]!;
    if (isKqlSpace(ch)) break;
    if (wild?.[j] === true) return false;
    word += ch;
  }
  return KEYWORD.test(word);
}
