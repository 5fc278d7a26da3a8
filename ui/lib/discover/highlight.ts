/**
 * Highlighting matched terms in log data without HTML: the text is split into segments
 * (`{ text, hit }`) that views render as React text nodes (`<mark>` around hits). Nothing here
 * produces markup, so a hostile log line stays text.
 *
 * Text fields (`message`, `error.*`) match words case-insensitively (Unicode word boundaries, like
 * the store's standard analyzer); phrases match consecutive words; wildcard terms match one word.
 * Other fields highlight the whole value when it equals a term or matches a wildcard.
 *
 * Wildcards are matched by core's linear-time glob matcher, never by a regex built from the query:
 * both the query and the log text may be hostile, and a pattern like `*a*a*a*b` as a backtracking
 * regex would freeze the browser on a long value.
 */
import {
  type GlobMatcher,
  type KqlNode,
  type KqlValue,
  matchesFieldPattern,
  parseKql,
  termWords,
  valueMatcher,
} from '@driftwood/core';
import type { Filter } from './state.ts';

export interface Segment {
  text: string;
  hit: boolean;
}

interface Match {
  field: string | null;
  value: KqlValue;
}

export const TEXT_FIELDS: readonly string[] = ['message', 'error.message', 'error.stack_trace'];

/** Positive matches in a query (those under `not` are skipped). */
export function queryMatches(query: string): Match[] {
  let ast: KqlNode;
  try {
    ast = parseKql(query);
  } catch {
    return [];
  }
  const out: Match[] = [];
  const visit = (n: KqlNode, prefix: string): void => {
    switch (n.type) {
      case 'and':
      case 'or':
        for (const c of n.children) visit(c, prefix);
        return;
      case 'match':
        out.push({ field: n.field === null ? null : prefix + n.field, value: n.value });
        return;
      case 'nested':
        visit(n.query, `${prefix}${n.path}.`);
        return;
      default:
        return;
    }
  };
  visit(ast, '');
  return out;
}

export interface Highlighter {
  /** Lower-cased words. */
  words: Set<string>;
  /** Lower-cased word sequences (2+ words). */
  phrases: string[][];
  /** Single-word wildcard patterns (case-insensitive, linear time). */
  patterns: GlobMatcher[];
  /** Whole-value matches for non-text fields: exact strings and whole-value patterns (linear time). */
  values: Set<string>;
  valuePatterns: GlobMatcher[];
}

export function emptyHighlighter(): Highlighter {
  return { words: new Set(), phrases: [], patterns: [], values: new Set(), valuePatterns: [] };
}

export function isEmptyHighlighter(h: Highlighter): boolean {
  return (
    h.words.size === 0 &&
    h.phrases.length === 0 &&
    h.patterns.length === 0 &&
    h.values.size === 0 &&
    h.valuePatterns.length === 0
  );
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Words of a text, lower-cased, with their offsets. */
export function words(text: string): Array<{ word: string; start: number; end: number }> {
  const out: Array<{ word: string; start: number; end: number }> = [];
  for (const s of segmenter.segment(text)) {
    if (s.isWordLike) out.push({ word: s.segment.toLowerCase(), start: s.index, end: s.index + s.segment.length });
  }
  return out;
}

function appliesTo(match: Match, field: string): boolean {
  if (match.field === null) return TEXT_FIELDS.includes(field);
  return match.field === field || matchesFieldPattern(match.field, field);
}

/** What to highlight in one field, from the query and the positive `is` filters. */
export function highlighterFor(query: string, filters: readonly Filter[], field: string): Highlighter {
  const h = emptyHighlighter();
  const matches = queryMatches(query);
  for (const f of filters) {
    if (f.op === 'is' && !f.negate) matches.push({ field: f.field, value: { kind: 'phrase', text: f.value ?? '' } });
  }
  const text = TEXT_FIELDS.includes(field);
  for (const m of matches) {
    if (!appliesTo(m, field)) continue;
    if (!text) {
      if (m.value.kind === 'term' && m.value.wildcard) h.valuePatterns.push(valueMatcher(m.value));
      else h.values.add(m.value.text);
      continue;
    }
    if (m.value.kind === 'phrase') {
      const ws = words(m.value.text).map((w) => w.word);
      if (ws.length === 1) h.words.add(ws[0] as string);
      else if (ws.length > 1) h.phrases.push(ws);
      continue;
    }
    for (const w of termWords(m.value)) {
      if (w.kind === 'term' && w.wildcard) h.patterns.push(valueMatcher(w, { caseInsensitive: true }));
      else for (const x of words(w.text)) h.words.add(x.word);
    }
  }
  return h;
}

function merge(text: string, ranges: Array<[number, number]>): Segment[] {
  if (ranges.length === 0) return text === '' ? [] : [{ text, hit: false }];
  ranges.sort((a, b) => a[0] - b[0]);
  const out: Segment[] = [];
  let pos = 0;
  for (const [start, end] of ranges) {
    if (end <= pos) continue;
    const s = Math.max(start, pos);
    if (s > pos) out.push({ text: text.slice(pos, s), hit: false });
    const last = out[out.length - 1];
    if (last?.hit && s === pos) last.text += text.slice(s, end);
    else out.push({ text: text.slice(s, end), hit: true });
    pos = end;
  }
  if (pos < text.length) out.push({ text: text.slice(pos), hit: false });
  return out;
}

/** Splits a value's text into plain and highlighted segments. */
export function highlight(text: string, h: Highlighter, field: string): Segment[] {
  if (isEmptyHighlighter(h)) return text === '' ? [] : [{ text, hit: false }];
  if (!TEXT_FIELDS.includes(field)) {
    const hit = h.values.has(text) || h.valuePatterns.some((matches) => matches(text));
    return text === '' ? [] : [{ text, hit }];
  }
  const ws = words(text);
  const ranges: Array<[number, number]> = [];
  for (const w of ws) {
    if (h.words.has(w.word) || h.patterns.some((matches) => matches(w.word))) ranges.push([w.start, w.end]);
  }
  for (const phrase of h.phrases) {
    for (let i = 0; i + phrase.length <= ws.length; i++) {
      if (phrase.every((p, j) => ws[i + j]?.word === p)) {
        ranges.push([(ws[i] as { start: number }).start, (ws[i + phrase.length - 1] as { end: number }).end]);
      }
    }
  }
  return merge(text, ranges);
}
