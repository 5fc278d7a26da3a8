/**
 * "Visualize" from Discover's field sidebar (issue #17): the link `/visualize/new?field=<f>&q=<kql>
 * &from=<t>&to=<t>` and what the editor opens on for it, by the field's type: a keyword (or any
 * other aggregatable non-number) field a bar chart of its top 10 values, a number field a line of
 * its average over time, a date field a count histogram.
 */
import type { DashboardTimeRange, Visualization } from '@driftwood/core';
import { combineQuery } from '../discover/filters.ts';
import { decodeState } from '../discover/state.ts';
import { type FieldLike, freshId, isNumericField, newVisualization } from './model.ts';

export const NEW_VISUALIZATION_PATH = '/visualize/new';
/** The editor's time range when the link gives none (a dashboard's default). */
export const DEFAULT_EDITOR_TIME: Readonly<DashboardTimeRange> = Object.freeze({ from: 'now-24h', to: 'now' });

export interface VisualizeLink {
  field?: string;
  query?: string;
  from?: string;
  to?: string;
}

export function visualizeHref({ field, query, from, to }: VisualizeLink): string {
  const p = new URLSearchParams();
  if (field) p.set('field', field);
  if (query && query.trim() !== '') p.set('q', query);
  if (from && to) {
    p.set('from', from);
    p.set('to', to);
  }
  const s = p.toString();
  return s === '' ? NEW_VISUALIZATION_PATH : `${NEW_VISUALIZATION_PATH}?${s}`;
}

const MS = /^-?\d+$/;

/**
 * The link for a field from Discover's route parameters (its query, filter pills and resolved
 * range, epoch ms with `to` exclusive): the query and pills as one KQL, the range as ISO 8601
 * with an inclusive end, so the editor counts exactly the events Discover shows.
 */
export function visualizeHrefFromDiscover(field: string, discoverParams: string | null): string {
  const p = new URLSearchParams(discoverParams ?? '');
  const state = decodeState(p);
  const from = p.get('from');
  const to = p.get('to');
  const range =
    from && to && MS.test(from) && MS.test(to)
      ? { from: new Date(Number(from)).toISOString(), to: new Date(Number(to) - 1).toISOString() }
      : from && to
        ? { from, to }
        : {};
  return visualizeHref({ field, query: combineQuery(state.query, state.filters), ...range });
}

type ParamsLike = Pick<URLSearchParams, 'get'>;

/** What the link asks for: the field, the query and the time range (the default when it has none). */
export function readVisualizeLink(params: ParamsLike): { field?: string; query: string; time: DashboardTimeRange } {
  const field = params.get('field')?.trim() || undefined;
  const from = params.get('from')?.trim();
  const to = params.get('to')?.trim();
  return {
    ...(field ? { field } : {}),
    query: params.get('q') ?? '',
    time: from && to ? { from: linkTime(from), to: linkTime(to) } : { ...DEFAULT_EDITOR_TIME },
  };
}

/** Epoch ms in a link (Discover's resolved range) as ISO 8601, which the panel's time takes. */
export function linkTime(text: string): string {
  return /^-?\d{10,}$/.test(text) ? new Date(Number(text)).toISOString() : text;
}

/** The visualization the editor opens on for `field` (undefined for a field it cannot chart). */
export function visualizationForField(
  field: FieldLike,
  query = '',
  id: string = freshId('viz'),
): Visualization | undefined {
  const q = query.trim() !== '' ? { query: query.trim() } : {};
  if (field.type === 'date') {
    const has = field.name === '@timestamp' ? [] : [`${field.name}:*`];
    const parts = [query.trim(), ...has].filter((p) => p !== '');
    return {
      id,
      title: 'Count over time',
      type: 'bar',
      ...(parts.length > 0 ? { query: parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(' and ') } : {}),
      data: { metrics: [{ id: 'm1', type: 'count' }], buckets: [{ type: 'date_histogram' }] },
    };
  }
  if (!field.aggregatable) return undefined;
  if (isNumericField(field)) {
    return {
      id,
      title: `Average of ${field.name} over time`,
      type: 'line',
      ...q,
      data: { metrics: [{ id: 'm1', type: 'avg', field: field.name }], buckets: [{ type: 'date_histogram' }] },
    };
  }
  return {
    id,
    title: `Top 10 values of ${field.name}`,
    type: 'bar',
    ...q,
    data: {
      metrics: [{ id: 'm1', type: 'count' }],
      buckets: [{ type: 'terms', field: field.name, size: 10 }],
    },
  };
}

/**
 * The editor's first visualization for a link: the field's (when it is known and chartable), else
 * a new one with the link's query.
 */
export function initialVisualization(
  link: { field?: string; query: string },
  fields: readonly FieldLike[],
  id: string = freshId('viz'),
): Visualization {
  const field = link.field ? fields.find((f) => f.name === link.field) : undefined;
  const fromField = field ? visualizationForField(field, link.query, id) : undefined;
  if (fromField) return fromField;
  const viz = newVisualization(id);
  return link.query.trim() !== '' ? { ...viz, query: link.query.trim() } : viz;
}
