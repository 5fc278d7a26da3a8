/**
 * Measures a rule over one window against a LogStore: one value per group (or one value for an
 * ungrouped rule, group null). Count rules use count / a terms aggregation; metric rules one
 * aggregation (per group: the top groups by count, then one aggregation each, filtered by group).
 */
import { type Condition, type EvaluationWindow, type KqlNode, parseKql, type Rule } from '@driftwood/core';
import type { AggregationResult, AggregationSpec, LogStore } from '../contract.ts';

export interface Measurement {
  /** The group value as text, or null for an ungrouped rule. */
  group: string | null;
  /** null: no data to aggregate (a metric over zero events). */
  value: number | null;
  /** Whether the group had matching events in the window (false: a tracked group that went silent). */
  present: boolean;
}

/** The KQL AST of a rule's query, narrowed to one group when given. */
export function ruleQuery(rule: Pick<Rule, 'query' | 'group_by'>, group: string | null): KqlNode {
  const base = parseKql(rule.query);
  if (group === null || !rule.group_by) return base;
  const match: KqlNode = { type: 'match', field: rule.group_by.field, value: { kind: 'phrase', text: group } };
  if (base.type === 'all') return match;
  if (base.type === 'and') return { type: 'and', children: [...base.children, match] };
  return { type: 'and', children: [base, match] };
}

export function metricSpec(condition: Condition): AggregationSpec | undefined {
  if (condition.type !== 'metric') return undefined;
  if (condition.agg === 'p95') return { type: 'percentiles', field: condition.field, percents: [95] };
  return { type: condition.agg, field: condition.field };
}

export function metricValue(result: AggregationResult | undefined): number | null {
  if (!result) return null;
  if (result.type === 'percentiles') return result.values['95'] ?? null;
  // a rule's metric is numeric (min, max, avg, sum); `last_value` may be text
  if ('value' in result) return typeof result.value === 'number' ? result.value : null;
  return null;
}

/**
 * Values for every group present in the window (top `limit` by count) plus `known` groups that
 * are absent (count 0 / metric null), so a group that went silent is still judged.
 */
export async function measure(
  store: LogStore,
  rule: Rule,
  window: EvaluationWindow,
  known: Iterable<string> = [],
): Promise<Measurement[]> {
  const range = { from: window.from, to: window.to };
  const spec = metricSpec(rule.condition);
  if (!rule.group_by) {
    const query = ruleQuery(rule, null);
    if (!spec) {
      const value = await store.count({ query, ...range });
      return [{ group: null, value, present: value > 0 }];
    }
    const result = await store.aggregate({ query, ...range, aggs: { m: spec } });
    const value = metricValue(result.m);
    return [{ group: null, value, present: value !== null }];
  }
  const query = ruleQuery(rule, null);
  const terms = await store.aggregate({
    query,
    ...range,
    aggs: { g: { type: 'terms', field: rule.group_by.field, size: rule.group_by.limit } },
  });
  const buckets = terms.g?.type === 'terms' ? terms.g.buckets : [];
  const out: Measurement[] = [];
  const present = new Set<string>();
  for (const bucket of buckets) {
    const group = String(bucket.key);
    present.add(group);
    if (!spec) out.push({ group, value: bucket.count, present: true });
    else {
      const result = await store.aggregate({ query: ruleQuery(rule, group), ...range, aggs: { m: spec } });
      out.push({ group, value: metricValue(result.m), present: true });
    }
  }
  for (const group of known) {
    if (!present.has(group)) out.push({ group, value: spec ? null : 0, present: false });
  }
  return out;
}
