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
 * The plan as a WHERE condition. A condition on a missing value is NULL in SQL; under an odd
 * number of `not`s it must count as false (`not x:1` matches documents without x), so it is
 * wrapped in `coalesce(…, FALSE)` there. Elsewhere NULL already filters the row out exactly as
 * FALSE would (AND, OR and NOT are monotone), and the bare condition stays a plain column filter
 * DuckDB pushes into the scan — measured twice as fast for a keyword match.
 */
export function compilePlan(plan: Plan, columns: (field: string) => ColumnInfo | undefined): Compiled {
  const params: SqlParam[] = [];
  /** Inside an odd number of `not`s. */
  let negated = false;
  const orFalse = (cond: string): string => (negated ? `coalesce(${cond}, FALSE)` : `(${cond})`);
  const param = (value: SqlParam): string => {
    params.push(value);
    return `$${params.length}`;
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
        return orFalse(p.tokens.map((t) => `contains(${id}, ${param(` ${t} `)})`).join(' OR '));
      }
      case 'text_phrase': {
        const col = columns(p.field);
        if (!col) return 'FALSE';
        return orFalse(`contains(${quoteIdent(col.column)}, ${param(` ${p.tokens.join(' ')} `)})`);
      }
      case 'text_wildcard': {
        const col = columns(p.field);
        if (!col) return 'FALSE';
        return orFalse(`regexp_matches(${quoteIdent(col.column)}, ${param(` ${tokenRegex(p.pattern)} `)})`);
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
