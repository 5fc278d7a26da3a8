/** Compiles a query plan to a DuckDB SQL boolean expression with positional parameters. */
import type { KqlPatternPart } from '@driftwood/core';
import type { Plan } from '../query-plan.ts';
import type { ColumnInfo } from './columns.ts';

export type SqlParam = string | number | boolean;

export interface Compiled {
  sql: string;
  params: SqlParam[];
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** RE2 source for a token pattern: literal parts escaped, `*` = any run of non-space characters. */
function tokenRegex(pattern: KqlPatternPart[]): string {
  return pattern.map((p) => (typeof p === 'string' ? p.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&') : '[^ ]*')).join('');
}

/** LIKE pattern with `\` as escape: literal `%`, `_`, `\` escaped, `*` = `%`. */
function likePattern(pattern: KqlPatternPart[]): string {
  return pattern.map((p) => (typeof p === 'string' ? p.replace(/[\\%_]/g, '\\$&') : '%')).join('');
}

/**
 * Characters of token strings from most to least frequent (lower-cased words and numbers of log
 * text); any other character (punctuation, non-ASCII) counts as rarer than all of these.
 */
const BY_FREQUENCY = 'eatoinsr012lcdu3456789mhpgfybwkvxjqz';
/** A prefilter of one of this many most frequent characters matches too many rows to pay off. */
const COMMON = 12;
/** DuckDB compares needles of up to 8 bytes word-wise. */
const PREFILTER_LENGTH = 8;

const rarity = (code: number): number => {
  const at = BY_FREQUENCY.indexOf(String.fromCharCode(code));
  return code < 128 && at >= 0 ? at : BY_FREQUENCY.length;
};

/**
 * A short substring of `parts` (literal runs of a token or phrase) that starts at its rarest
 * character, or undefined when every character is common and the substring would be one of them.
 *
 * DuckDB's `contains` looks for the needle's first byte with memchr and then compares byte by
 * byte; the needle of a token match starts with a space, which every token string is full of, so
 * it walks each string byte by byte. `contains(col, prefilter) AND contains(col, needle)` is the
 * same condition (the prefilter is part of the needle), and the prefilter's memchr skips most
 * strings without a byte-wise walk (measured at 1M events: `refused` 69 -> 51 ms of CPU, a
 * wildcard `refus*` 120 -> 62 ms).
 */
export function prefilter(parts: readonly string[]): string | undefined {
  let best: { part: string; at: number; rank: number } | undefined;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      const code = part.charCodeAt(i);
      // not a space, nor the second half of a surrogate pair
      if (code === 0x20 || (code >= 0xdc00 && code <= 0xdfff)) continue;
      const rank = rarity(code);
      if (!best || rank > best.rank) best = { part, at: i, rank };
    }
  }
  if (!best) return undefined;
  let end = Math.min(best.part.length, best.at + PREFILTER_LENGTH);
  const last = best.part.charCodeAt(end - 1);
  // never cut a surrogate pair (a lone half would not match its UTF-8 bytes)
  if (last >= 0xd800 && last <= 0xdbff && end - 1 > best.at) end--;
  const text = best.part.slice(best.at, end);
  return text.length === 1 && best.rank < COMMON ? undefined : text;
}

/**
 * The plan as a WHERE condition. A condition on a missing value is NULL in SQL; under an odd
 * number of `not`s it must count as false (`not x:1` matches documents without x), so it is
 * wrapped in `coalesce(…, FALSE)` there. Elsewhere NULL already filters the row out exactly as
 * FALSE would (AND, OR and NOT are monotone), and the bare condition stays a plain column filter
 * DuckDB pushes into the scan — measured twice as fast for a keyword match.
 */
export function compilePlan(
  plan: Plan,
  columns: (field: string) => ColumnInfo | undefined,
  /** Parameters the statement binds before these (the first is then `$firstParam + 1`). */
  firstParam = 0,
): Compiled {
  const params: SqlParam[] = [];
  /** Inside an odd number of `not`s. */
  let negated = false;
  const orFalse = (cond: string): string => (negated ? `coalesce(${cond}, FALSE)` : `(${cond})`);
  const param = (value: SqlParam): string => {
    params.push(value);
    return `$${firstParam + params.length}`;
  };

  /** `cond` for scalar columns, or `any element satisfies cond` for list columns. */
  const onValue = (field: string, cond: (x: string) => string): string => {
    const col = columns(field);
    if (!col) return 'FALSE';
    const id = quoteIdent(col.column);
    if (col.list) return orFalse(`len(list_filter(${id}, x -> ${cond('x')})) > 0`);
    // cond is called once per column, so parameters are only bound for columns that exist
    return orFalse(cond(id));
  };

  /** `contains(id, needle)`, behind a cheaper test of a rare part of it (see prefilter). */
  const contains = (id: string, needle: string): string => {
    const pre = prefilter([needle]);
    const exact = `contains(${id}, ${param(` ${needle} `)})`;
    return pre === undefined ? exact : `(contains(${id}, ${param(pre)}) AND ${exact})`;
  };

  const walk = (p: Plan): string => {
    switch (p.op) {
      case 'all':
        return 'TRUE';
      case 'none':
        return 'FALSE';
      case 'and':
        return `(${p.children.map(walk).join(' AND ')})`;
      case 'or':
        return `(${p.children.map(walk).join(' OR ')})`;
      case 'not': {
        negated = !negated;
        const inner = walk(p.child);
        negated = !negated;
        return `(NOT ${inner})`;
      }
      case 'text_any': {
        const col = columns(p.field);
        if (!col) return 'FALSE';
        const id = quoteIdent(col.column);
        return orFalse(p.tokens.map((t) => contains(id, t)).join(' OR '));
      }
      case 'text_phrase': {
        const col = columns(p.field);
        if (!col) return 'FALSE';
        return orFalse(contains(quoteIdent(col.column), p.tokens.join(' ')));
      }
      case 'text_wildcard': {
        const col = columns(p.field);
        if (!col) return 'FALSE';
        const id = quoteIdent(col.column);
        const pre = prefilter(p.pattern.filter((x): x is string => typeof x === 'string'));
        const match = `regexp_matches(${id}, ${param(` ${tokenRegex(p.pattern)} `)})`;
        return orFalse(pre === undefined ? match : `contains(${id}, ${param(pre)}) AND ${match}`);
      }
      case 'keyword_eq':
        return onValue(p.field, (x) => `${x} = ${param(p.value)}`);
      case 'keyword_wildcard': {
        let like: string | undefined;
        return onValue(p.field, (x) => {
          like ??= param(likePattern(p.pattern));
          return `${x} LIKE ${like} ESCAPE '\\'`;
        });
      }
      case 'number_eq':
        return onValue(p.field, (x) => `${x} = ${param(p.value)}`);
      case 'bool_eq':
        return onValue(p.field, (x) => `${x} = ${param(p.value)}`);
      case 'ip_eq':
        return onValue(p.field, (x) => `${x} = ${param(p.value)}`);
      case 'ip_cidr': {
        const col = columns(p.field);
        if (!col?.ip4Column) return 'FALSE';
        const id = quoteIdent(col.ip4Column);
        const [lo, hi] = [param(p.first), param(p.last)];
        if (col.list) return orFalse(`len(list_filter(${id}, x -> x BETWEEN ${lo} AND ${hi})) > 0`);
        return orFalse(`${id} BETWEEN ${lo} AND ${hi}`);
      }
      case 'range': {
        const parts: Array<[string, number | string | undefined]> = [
          ['>', p.gt],
          ['>=', p.gte],
          ['<', p.lt],
          ['<=', p.lte],
        ];
        const bounds = parts.filter(([, v]) => v !== undefined) as Array<[string, number | string]>;
        let placeholders: Array<readonly [string, string]> | undefined;
        return onValue(p.field, (x) => {
          placeholders ??= bounds.map(([op, v]) => [op, param(v)] as const);
          return placeholders.map(([op, ph]) => `${x} ${op} ${ph}`).join(' AND ');
        });
      }
      case 'exists': {
        const col = columns(p.field);
        if (!col) return 'FALSE';
        const id = quoteIdent(col.column);
        return col.list ? orFalse(`len(${id}) > 0`) : `(${id} IS NOT NULL)`;
      }
    }
  };
  return { sql: walk(plan), params };
}
