/**
 * Query bar autocomplete: what is being typed at the cursor (a field name or a value for a
 * field), the matching suggestions, and the text after one is accepted.
 */

export interface FieldSummary {
  name: string;
  type: string;
  aggregatable: boolean;
}

export type CompletionContext =
  | { kind: 'field'; prefix: string; start: number; end: number }
  | { kind: 'value'; field: string; prefix: string; start: number; end: number };

const KEYWORDS = new Set(['and', 'or', 'not']);
/** Characters that end a bare token. */
const BREAK = /[\s():<>"{}]/;

/** The token at the cursor and what it is. Undefined inside quotes or right after an operator. */
export function completionContext(query: string, cursor: number): CompletionContext | undefined {
  const before = query.slice(0, cursor);
  // inside an open quote: no completion
  let quotes = 0;
  for (let i = 0; i < before.length; i++) {
    if (before[i] === '\\') i++;
    else if (before[i] === '"') quotes++;
  }
  if (quotes % 2 === 1) return undefined;
  let start = cursor;
  while (start > 0 && !BREAK.test(before[start - 1] as string)) start--;
  let end = cursor;
  while (end < query.length && !BREAK.test(query[end] as string)) end++;
  const token = query.slice(start, cursor);
  // value: `field:` right before the token (optionally with spaces after the colon)
  let j = start;
  while (j > 0 && query[j - 1] === ' ') j--;
  if (j > 0 && query[j - 1] === ':') {
    let k = j - 1;
    while (k > 0 && query[k - 1] === ' ') k--;
    let fs = k;
    while (fs > 0 && !BREAK.test(query[fs - 1] as string)) fs--;
    const field = query.slice(fs, k);
    if (field === '') return undefined;
    return { kind: 'value', field, prefix: token, start, end };
  }
  if (token.includes(':')) {
    const colon = token.indexOf(':');
    return {
      kind: 'value',
      field: token.slice(0, colon),
      prefix: token.slice(colon + 1),
      start: start + colon + 1,
      end,
    };
  }
  if (KEYWORDS.has(token.toLowerCase()) && cursor === end) return undefined;
  return { kind: 'field', prefix: token, start, end };
}

/** Field names matching a prefix: names starting with it first, then containing it; at most `limit`. */
export function suggestFields(fields: readonly FieldSummary[], prefix: string, limit = 10): FieldSummary[] {
  const p = prefix.toLowerCase();
  const starts: FieldSummary[] = [];
  const contains: FieldSummary[] = [];
  for (const f of fields) {
    const n = f.name.toLowerCase();
    if (n === p) continue;
    if (n.startsWith(p)) starts.push(f);
    else if (p !== '' && n.includes(p)) contains.push(f);
  }
  return [...starts, ...contains].slice(0, limit);
}

/** Values matching a prefix (case-insensitive), at most `limit`. */
export function suggestValues(values: readonly string[], prefix: string, limit = 10): string[] {
  const p = prefix.replace(/^"/, '').toLowerCase();
  return values.filter((v) => v.toLowerCase().startsWith(p) && v !== prefix).slice(0, limit);
}

/** A value as it should be typed: bare when safe, quoted otherwise. */
export function valueText(value: string): string {
  return /^[\p{L}\p{N}_.\-/@]+$/u.test(value) && !KEYWORDS.has(value.toLowerCase())
    ? value
    : `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** Replaces the token with the suggestion; returns the new query and cursor. */
export function applyCompletion(
  query: string,
  context: CompletionContext,
  suggestion: string,
): { query: string; cursor: number } {
  const insert = context.kind === 'field' ? `${suggestion}:` : `${valueText(suggestion)} `;
  const next = query.slice(0, context.start) + insert + query.slice(context.end);
  return { query: next, cursor: context.start + insert.length };
}
