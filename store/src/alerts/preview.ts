/**
 * A rule's value over a past range (default the last 24 h), evaluated the way the evaluator would
 * at each slot, against the threshold — for the rule editor's chart. Count rules take one
 * date_histogram (a sliding sum gives the exact window count at each slot); metric rules one
 * aggregation per point (fewer points).
 */
import {
  breaches,
  describeMeasure,
  describeThreshold,
  latestSlot,
  type Preview,
  type PreviewPoint,
  type PreviewSeries,
  parseRule,
  printKql,
  type Rule,
  ruleTiming,
} from '@driftwood/core';
import type { LogStore } from '../contract.ts';
import { measure, ruleQuery } from './measure.ts';

export interface PreviewOptions {
  now?: number;
  rangeMs?: number;
  /** At most this many points per series (default 288 for counts, 96 for metrics, 48 grouped metrics). */
  maxPoints?: number;
  /** Series shown for a grouped rule (default 10 for counts, 5 for metrics). */
  maxGroups?: number;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export async function previewRule(store: LogStore, input: unknown, options: PreviewOptions = {}): Promise<Preview> {
  const raw = (input ?? {}) as Record<string, unknown>;
  const rule = parseRule({ ...raw, id: typeof raw.id === 'string' && raw.id ? raw.id : 'preview' });
  const timing = ruleTiming(rule);
  const now = options.now ?? Date.now();
  const rangeMs = options.rangeMs ?? 86_400_000;
  const end = latestSlot(now, timing);
  const metric = rule.condition.type === 'metric';
  const maxPoints = options.maxPoints ?? (metric ? (rule.group_by ? 48 : 96) : 288);
  const rawStep = Math.max(timing.everyMs, Math.ceil(rangeMs / maxPoints));
  const stepMs = Math.ceil(rawStep / timing.everyMs) * timing.everyMs;
  const slots: number[] = [];
  for (let t = end; t > end - rangeMs && slots.length < maxPoints; t -= stepMs) slots.unshift(t);
  const series = metric
    ? await metricSeries(store, rule, slots, timing.windowMs, options.maxGroups ?? 5)
    : await countSeries(store, rule, slots, timing.windowMs, options.maxGroups ?? 10);
  return {
    measure: describeMeasure(rule.condition),
    threshold: describeThreshold(rule.condition),
    from: new Date((slots[0] ?? end) - timing.windowMs).toISOString(),
    to: new Date(end).toISOString(),
    stepMs,
    windowMs: timing.windowMs,
    series,
    breaches: series.reduce((n, s) => n + s.points.filter((p) => p.breached).length, 0),
  };
}

async function countSeries(
  store: LogStore,
  rule: Rule,
  slots: number[],
  windowMs: number,
  maxGroups: number,
): Promise<PreviewSeries[]> {
  const first = slots[0];
  const last = slots[slots.length - 1];
  if (first === undefined || last === undefined) return [];
  const stepMs = slots.length > 1 ? (slots[1] as number) - first : windowMs;
  let interval = gcd(gcd(windowMs, stepMs), first);
  const from = first - windowMs;
  while ((last - from) / interval > 20_000) interval *= 2; // stays a divisor-friendly size; sums become approximate
  const result = await store.aggregate({
    query: ruleQuery(rule, null),
    from,
    to: last,
    aggs: {
      h: {
        type: 'date_histogram',
        intervalMs: interval,
        ...(rule.group_by ? { split: { field: rule.group_by.field, size: rule.group_by.limit } } : {}),
      },
    },
  });
  const buckets = result.h?.type === 'date_histogram' ? result.h.buckets : [];
  const sumOver = (pick: (b: (typeof buckets)[number]) => number, t: number) => {
    let total = 0;
    for (const b of buckets) if (b.key >= t - windowMs && b.key < t) total += pick(b);
    return total;
  };
  const point = (t: number, value: number): PreviewPoint => ({
    time: new Date(t).toISOString(),
    value,
    breached: breaches(rule.condition, value),
  });
  if (!rule.group_by)
    return [
      {
        group: null,
        points: slots.map((t) =>
          point(
            t,
            sumOver((b) => b.count, t),
          ),
        ),
      },
    ];
  const totals = new Map<string, number>();
  for (const b of buckets)
    for (const g of b.split?.buckets ?? []) totals.set(String(g.key), (totals.get(String(g.key)) ?? 0) + g.count);
  const groups = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, maxGroups)
    .map(([g]) => g);
  return groups.map((group) => ({
    group,
    points: slots.map((t) =>
      point(
        t,
        sumOver((b) => b.split?.buckets.find((s) => String(s.key) === group)?.count ?? 0, t),
      ),
    ),
  }));
}

async function metricSeries(
  store: LogStore,
  rule: Rule,
  slots: number[],
  windowMs: number,
  maxGroups: number,
): Promise<PreviewSeries[]> {
  const first = slots[0];
  const last = slots[slots.length - 1];
  if (first === undefined || last === undefined) return [];
  let groups: Array<string | null> = [null];
  if (rule.group_by) {
    const top = await store.aggregate({
      query: ruleQuery(rule, null),
      from: first - windowMs,
      to: last,
      aggs: { g: { type: 'terms', field: rule.group_by.field, size: maxGroups } },
    });
    groups = top.g?.type === 'terms' ? top.g.buckets.map((b) => String(b.key)) : [];
  }
  const ungrouped: Rule = { ...rule, group_by: undefined };
  const out: PreviewSeries[] = [];
  for (const group of groups) {
    const points: PreviewPoint[] = new Array(slots.length);
    const queue = slots.map((t, i) => ({ t, i }));
    const scoped: Rule =
      group === null || !rule.group_by ? ungrouped : { ...ungrouped, query: printKql(ruleQuery(rule, group)) };
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let job = queue.shift(); job; job = queue.shift()) {
          const [m] = await measure(store, scoped, { from: job.t - windowMs, to: job.t });
          const value = m?.value ?? null;
          points[job.i] = { time: new Date(job.t).toISOString(), value, breached: breaches(rule.condition, value) };
        }
      }),
    );
    out.push({ group, points });
  }
  return out;
}
