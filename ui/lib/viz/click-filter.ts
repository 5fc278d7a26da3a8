/**
 * The KQL for a clicked bar, slice, table row or heatmap cell: its bucket path as filters, as
 * Discover's filter bar writes them (filterToKql: `field:"value"` quoted by core's quoteKql),
 * `(missing)` as `not field:*`, a filters bucket as its own query, a numeric histogram bucket as
 * `field >= a and field < b`. A date bucket adds nothing (a time range is a brush, not a
 * filter); `Other` is not clickable (it is "every value but the top ones").
 */
import { printKqlField } from '@driftwood/core';
import { filterToKql } from '../discover/filters.ts';
import type { PathStep } from './paths.ts';

export interface ClickFilter {
  kql: string;
  label: string;
}

function stepFilter(step: PathStep): ClickFilter | null | undefined {
  const b = step.bucket;
  switch (step.kind) {
    case 'term':
      if (b.type !== 'terms') return undefined;
      return {
        kql: filterToKql({ field: b.field, op: 'is', value: String(step.key), negate: false }),
        label: `${b.field}: ${step.key}`,
      };
    case 'missing':
      if (b.type !== 'terms') return undefined;
      return { kql: filterToKql({ field: b.field, op: 'exists', negate: true }), label: `${b.field}: (missing)` };
    case 'filter': {
      if (b.type !== 'filters') return undefined;
      const query = b.filters.find((f) => f.key === step.key)?.query.trim() ?? '';
      return query === '' ? null : { kql: query, label: String(step.key) };
    }
    case 'range': {
      if (b.type !== 'histogram' || step.end === undefined) return undefined;
      const field = printKqlField(b.field);
      return {
        kql: `${field} >= ${step.key} and ${field} < ${step.end}`,
        label: `${b.field}: ${step.key} – ${step.end}`,
      };
    }
    case 'date':
      return null;
    case 'other':
      return undefined;
  }
}

/** The filter selecting a bucket path; undefined when it cannot be selected (Other, or nothing to filter on). */
export function clickFilter(steps: readonly PathStep[]): ClickFilter | undefined {
  const parts: ClickFilter[] = [];
  for (const step of steps) {
    const f = stepFilter(step);
    if (f === undefined) return undefined;
    if (f !== null) parts.push(f);
  }
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return {
    kql: parts.map((p) => (/\s(and|or)\s/i.test(p.kql) ? `(${p.kql})` : p.kql)).join(' and '),
    label: parts.map((p) => p.label).join(', '),
  };
}
