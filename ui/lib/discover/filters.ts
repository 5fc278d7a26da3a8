/**
 * Filter pills → KQL, combined with the query bar's text by `and` (like Kibana's filter bar).
 */
import { printKqlField, quoteKql } from '@driftwood/core';
import type { Filter } from './state.ts';

export function filterToKql(filter: Filter): string {
  const field = printKqlField(filter.field);
  const positive = filter.op === 'exists' ? `${field}:*` : `${field}:${quoteKql(filter.value ?? '')}`;
  return filter.negate ? `not ${positive}` : positive;
}

export function filtersToKql(filters: readonly Filter[]): string {
  return filters.map(filterToKql).join(' and ');
}

/** The query the store runs: `(query) and filter and …`; empty when there is neither. */
export function combineQuery(query: string, filters: readonly Filter[]): string {
  const q = query.trim();
  const parts = filters.map(filterToKql);
  if (q !== '') parts.unshift(parts.length > 0 ? `(${q})` : q);
  return parts.join(' and ');
}

const sameTarget = (a: Filter, b: Filter): boolean =>
  a.field === b.field && a.op === b.op && (a.op === 'exists' || a.value === b.value);

/** Adds a filter; one for the same field and value (either polarity) is replaced. */
export function addFilter(filters: readonly Filter[], filter: Filter): Filter[] {
  const i = filters.findIndex((f) => sameTarget(f, filter));
  if (i < 0) return [...filters, filter];
  const next = [...filters];
  next[i] = filter;
  return next;
}

export function removeFilter(filters: readonly Filter[], index: number): Filter[] {
  return filters.filter((_, i) => i !== index);
}

export function invertFilter(filters: readonly Filter[], index: number): Filter[] {
  return filters.map((f, i) => (i === index ? { ...f, negate: !f.negate } : f));
}

/** What a pill shows: `log.level: error`, `NOT host.name: web-1`, `service.name: exists`. */
export function filterLabel(filter: Filter): string {
  const body = filter.op === 'exists' ? `${filter.field}: exists` : `${filter.field}: ${filter.value ?? ''}`;
  return filter.negate ? `NOT ${body}` : body;
}
