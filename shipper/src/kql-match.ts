/**
 * Evaluates a KQL AST (`parseKql` from @driftwood/core) against one document, the way the stores
 * would: text fields (`message`, `error.message`, …) match case-insensitively by words (a phrase
 * by consecutive words); other fields match the whole value (numbers and booleans by their text);
 * wildcards anchor on the whole value (text: on any word); ranges compare numbers, then dates,
 * then strings; arrays match when any element does. Event text is attacker-controlled, so wildcards
 * match in linear time (`valueMatcher`, `fieldPatternMatcher` from core), never with a RegExp.
 */
import {
  ECS_FIELD_TYPES,
  fieldPatternMatcher,
  flattenDocument,
  getField,
  hasWildcard,
  isWildcardField,
  type JsonValue,
  type KqlNode,
  type KqlValue,
  type LogDocument,
  termWords,
  valueMatcher,
} from '@driftwood/core';

const TEXT_FIELDS = new Set(
  Object.entries(ECS_FIELD_TYPES)
    .filter(([, t]) => t === 'text')
    .map(([f]) => f),
);

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter(Boolean);
}

function leaves(value: JsonValue | undefined): JsonValue[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(leaves);
  return [value];
}

/** The values at a field (a wildcard field: at every field it matches). */
function valuesAt(doc: LogDocument, field: string): Array<{ field: string; values: JsonValue[] }> {
  if (!isWildcardField(field)) return [{ field, values: leaves(getField(doc, field)) }];
  const matches = fieldPatternMatcher(field);
  return Object.entries(flattenDocument(doc))
    .filter(([f]) => matches(f))
    .map(([f, v]) => ({ field: f, values: leaves(v) }));
}

function matchText(text: string, value: KqlValue): boolean {
  const words = tokens(text);
  if (value.kind === 'phrase') {
    const phrase = tokens(value.text);
    if (phrase.length === 0) return text === value.text;
    outer: for (let i = 0; i + phrase.length <= words.length; i++) {
      for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
      return true;
    }
    return false;
  }
  return termWords(value).some((w) => {
    if (hasWildcard(w)) {
      const matches = valueMatcher(w, { caseInsensitive: true });
      return words.some(matches) || matches(text);
    }
    const wt = tokens(w.text);
    return wt.length > 0 && wt.every((x) => words.includes(x));
  });
}

function matchKeyword(actual: JsonValue, value: KqlValue): boolean {
  if (typeof actual === 'object' && actual !== null) return false;
  const text = String(actual);
  if (hasWildcard(value)) return valueMatcher(value)(text);
  if (text === value.text) return true;
  if (typeof actual === 'number') return Number(value.text) === actual;
  if (typeof actual === 'boolean') return value.text.toLowerCase() === String(actual);
  return false;
}

function compare(actual: JsonValue, op: 'gt' | 'gte' | 'lt' | 'lte', bound: string): boolean {
  let a: number | string;
  let b: number | string;
  const an = typeof actual === 'number' ? actual : Number(actual);
  const bn = Number(bound);
  if (typeof actual !== 'object' && actual !== '' && bound !== '' && !Number.isNaN(an) && !Number.isNaN(bn)) {
    a = an;
    b = bn;
  } else if (typeof actual === 'string' && !Number.isNaN(Date.parse(actual)) && !Number.isNaN(Date.parse(bound))) {
    a = Date.parse(actual);
    b = Date.parse(bound);
  } else {
    a = String(actual);
    b = bound;
  }
  if (op === 'gt') return a > b;
  if (op === 'gte') return a >= b;
  if (op === 'lt') return a < b;
  return a <= b;
}

export function matchKql(node: KqlNode, doc: LogDocument): boolean {
  switch (node.type) {
    case 'all':
      return true;
    case 'and':
      return node.children.every((c) => matchKql(c, doc));
    case 'or':
      return node.children.some((c) => matchKql(c, doc));
    case 'not':
      return !matchKql(node.child, doc);
    case 'exists':
      return valuesAt(doc, node.field).some((f) => f.values.length > 0);
    case 'range':
      return valuesAt(doc, node.field).some((f) => f.values.some((v) => compare(v, node.op, node.value)));
    case 'match': {
      if (node.field === null) {
        return [...TEXT_FIELDS].some((f) => leaves(getField(doc, f)).some((v) => matchText(String(v), node.value)));
      }
      return valuesAt(doc, node.field).some(({ field, values }) =>
        values.some((v) => (TEXT_FIELDS.has(field) ? matchText(String(v), node.value) : matchKeyword(v, node.value))),
      );
    }
    case 'nested': {
      const inner = getField(doc, node.path);
      const items = Array.isArray(inner) ? inner : inner === undefined ? [] : [inner];
      return items.some(
        (item) => typeof item === 'object' && item !== null && !Array.isArray(item) && matchKql(node.query, item),
      );
    }
  }
}
