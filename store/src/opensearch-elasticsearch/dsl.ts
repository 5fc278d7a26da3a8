/**
 * Plan (query-plan.ts) → Query DSL. Every decision about what a value means was made by the
 * plan; this only spells it in the engines' language, the same for OpenSearch and Elasticsearch.
 */
import type { KqlPatternPart } from '@driftwood/core';
import type { Plan } from '../query-plan.ts';

export type Dsl = Record<string, unknown>;

export const MATCH_ALL: Dsl = { match_all: {} };
export const MATCH_NONE: Dsl = { match_none: {} };

/** A pattern in Lucene wildcard syntax: literal `*`, `?` and `\` escaped, wildcards as `*`. */
export function wildcardValue(pattern: KqlPatternPart[]): string {
  return pattern.map((part) => (typeof part === 'string' ? part.replace(/[\\*?]/g, '\\$&') : '*')).join('');
}

/** A 32-bit number as a dotted IPv4 address. */
export function ipv4FromNumber(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

export function compilePlan(plan: Plan): Dsl {
  switch (plan.op) {
    case 'all':
      return MATCH_ALL;
    case 'none':
      return MATCH_NONE;
    case 'and':
      return { bool: { filter: plan.children.map(compilePlan) } };
    case 'or':
      return { bool: { should: plan.children.map(compilePlan), minimum_should_match: 1 } };
    case 'not':
      return { bool: { must_not: [compilePlan(plan.child)] } };
    case 'text_any':
      // The plan's tokens are already analysed (tokenizer.ts); `terms` matches them as they are.
      return plan.tokens.length === 1
        ? { term: { [plan.field]: plan.tokens[0] } }
        : { terms: { [plan.field]: plan.tokens } };
    case 'text_phrase':
      return { match_phrase: { [plan.field]: { query: plan.tokens.join(' '), slop: 0 } } };
    case 'text_wildcard':
    case 'keyword_wildcard':
      return { wildcard: { [plan.field]: { value: wildcardValue(plan.pattern) } } };
    case 'keyword_eq':
    case 'number_eq':
    case 'bool_eq':
    case 'ip_eq':
      return { term: { [plan.field]: plan.value } };
    case 'ip_cidr':
      return { range: { [plan.field]: { gte: ipv4FromNumber(plan.first), lte: ipv4FromNumber(plan.last) } } };
    case 'range': {
      const bounds: Record<string, unknown> = {};
      for (const op of ['gt', 'gte', 'lt', 'lte'] as const) if (plan[op] !== undefined) bounds[op] = plan[op];
      if (plan.kind === 'date') bounds.format = 'epoch_millis';
      return { range: { [plan.field]: bounds } };
    }
    case 'exists':
      return { exists: { field: plan.field } };
  }
}

/** The plan as a query, restricted to [from, to) on `@timestamp` when given. */
export function withTimeRange(query: Dsl, from?: number, to?: number): Dsl {
  if (from === undefined && to === undefined) return query;
  const bounds: Record<string, unknown> = { format: 'epoch_millis' };
  if (from !== undefined) bounds.gte = Math.ceil(from);
  if (to !== undefined) bounds.lt = Math.ceil(to);
  const range = { range: { '@timestamp': bounds } };
  if (query === MATCH_ALL) return { bool: { filter: [range] } };
  return { bool: { filter: [query, range] } };
}
