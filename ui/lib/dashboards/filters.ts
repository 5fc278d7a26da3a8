/**
 * The dashboard's filter pills and controls as KQL: what every panel gets ANDed in.
 *
 * Pills (DashboardFilter) travel to the query route as they are (`dashboard.filters`, the server
 * applies `negate` and `disabled`); `filterToKql` is the same rule on this side, for "Open in
 * Discover" and the tests. Controls become `extra` KQL strings, one per control with a choice.
 */
import type { DashboardControl, DashboardFilter } from '@driftwood/core';
import { printKqlField, quoteKql } from '@driftwood/core';
import type { Filter } from '../discover/state.ts';

/** What a control holds: the chosen values of an options control, the bounds of a range control. */
export type ControlValue = { type: 'options'; values: string[] } | { type: 'range'; min?: number; max?: number };

/** A pill's KQL as the store runs it: `(q)`, `not (q)`, or nothing for a disabled pill. */
export function filterToKql(filter: DashboardFilter): string | undefined {
  if (filter.disabled) return undefined;
  const q = filter.query.trim();
  if (q === '') return undefined;
  return filter.negate ? `not (${q})` : `(${q})`;
}

/** Every applied pill ANDed: `(a) and not (b)`; empty when none applies. */
export function filtersToKql(filters: readonly DashboardFilter[]): string {
  return filters
    .map(filterToKql)
    .filter((k): k is string => k !== undefined)
    .join(' and ');
}

/** The KQL of one control's choice; undefined when it restricts nothing. */
export function controlToKql(control: DashboardControl, value: ControlValue | undefined): string | undefined {
  if (!value || value.type !== control.type) return undefined;
  const field = printKqlField(control.field);
  if (value.type === 'options') {
    const values = [...new Set(value.values)];
    if (values.length === 0) return undefined;
    if (values.length === 1) return `${field}:${quoteKql(values[0] as string)}`;
    return `(${values.map((v) => `${field}:${quoteKql(v)}`).join(' or ')})`;
  }
  const parts: string[] = [];
  if (value.min !== undefined && Number.isFinite(value.min)) parts.push(`${field} >= ${value.min}`);
  if (value.max !== undefined && Number.isFinite(value.max)) parts.push(`${field} <= ${value.max}`);
  return parts.length === 0 ? undefined : parts.join(' and ');
}

/** The `extra` KQL of a panel query: one string per control that restricts. */
export function controlsToKql(
  controls: readonly DashboardControl[],
  values: Readonly<Record<string, ControlValue>>,
): string[] {
  return controls.map((c) => controlToKql(c, values[c.field])).filter((k): k is string => k !== undefined);
}

/** The pill a click on a bar, slice or row makes (PanelView `onFilter(kql, label)`). */
export function clickFilter(query: string, label?: string): DashboardFilter {
  return label !== undefined && label !== '' ? { query, label } : { query };
}

/** Adds a pill; one with the same query is replaced (so clicking again re-enables or un-negates it). */
export function addFilter(filters: readonly DashboardFilter[], filter: DashboardFilter): DashboardFilter[] {
  const i = filters.findIndex((f) => f.query.trim() === filter.query.trim());
  if (i < 0) return [...filters, filter];
  const next = [...filters];
  next[i] = filter;
  return next;
}

export function removeFilter(filters: readonly DashboardFilter[], index: number): DashboardFilter[] {
  return filters.filter((_, i) => i !== index);
}

export function invertFilter(filters: readonly DashboardFilter[], index: number): DashboardFilter[] {
  return filters.map((f, i) => {
    if (i !== index) return f;
    const { negate: _, ...rest } = f;
    return f.negate ? rest : { ...rest, negate: true };
  });
}

/**
 * The pill as Discover's FilterBar draws it (`field: value`, `NOT …`): a label `field: value`
 * splits at its first `: `; any other pill reads `label: query`, or `KQL: query` without a label.
 */
export function pillOf(filter: DashboardFilter): Filter {
  const label = filter.label?.trim();
  const suffix = filter.disabled ? ' (disabled)' : '';
  const cut = label ? label.indexOf(': ') : -1;
  if (label && cut > 0) {
    return { field: label.slice(0, cut), op: 'is', value: label.slice(cut + 2) + suffix, negate: !!filter.negate };
  }
  return { field: label || 'KQL', op: 'is', value: filter.query + suffix, negate: !!filter.negate };
}
