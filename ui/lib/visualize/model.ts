/**
 * The Visualize editor's model (issue #17), pure: the editor's state is a core `Visualization`
 * (possibly invalid while being edited: validate.ts says why) plus what the current type does not
 * use but a later switch should bring back (the metrics and breakdowns while on markdown, options
 * of other types). Every edit is a function here; components/visualize/* only call them.
 */
import {
  MAX_PANEL_BUCKETS,
  type PanelBucket,
  type PanelData,
  type PanelMetric,
  type PanelType,
  type Visualization,
} from '@driftwood/core';

export type MetricType = PanelMetric['type'];
export type BucketType = PanelBucket['type'];

/** What the field pickers need of a field (the /api/fields answer). */
export interface FieldLike {
  name: string;
  type: string;
  aggregatable: boolean;
}

export const CHART_TYPES: ReadonlyArray<{ type: PanelType; label: string }> = [
  { type: 'line', label: 'Line' },
  { type: 'area', label: 'Area' },
  { type: 'bar', label: 'Bar' },
  { type: 'bar_horizontal', label: 'Horizontal bar' },
  { type: 'pie', label: 'Pie' },
  { type: 'donut', label: 'Donut' },
  { type: 'metric', label: 'Metric' },
  { type: 'table', label: 'Table' },
  { type: 'heatmap', label: 'Heatmap' },
  { type: 'gauge', label: 'Gauge' },
  { type: 'markdown', label: 'Markdown' },
  { type: 'last_seen', label: 'Last seen' },
];

export const METRIC_TYPES: ReadonlyArray<{ type: MetricType; label: string }> = [
  { type: 'count', label: 'Count' },
  { type: 'cardinality', label: 'Unique count' },
  { type: 'avg', label: 'Average' },
  { type: 'sum', label: 'Sum' },
  { type: 'min', label: 'Minimum' },
  { type: 'max', label: 'Maximum' },
  { type: 'median', label: 'Median' },
  { type: 'percentiles', label: 'Percentiles' },
  { type: 'last_value', label: 'Last value' },
];

export const BUCKET_TYPES: ReadonlyArray<{ type: BucketType; label: string }> = [
  { type: 'date_histogram', label: 'Date histogram' },
  { type: 'terms', label: 'Top values (terms)' },
  { type: 'filters', label: 'Filters' },
  { type: 'histogram', label: 'Numeric histogram' },
];

export const DEFAULT_PERCENTS: readonly number[] = [50, 95, 99];
export const DEFAULT_TERMS_SIZE = 10;
export const DEFAULT_THRESHOLD_FACTOR = 3;

type DataType = Exclude<PanelType, 'markdown' | 'last_seen'>;
export const hasData = (type: PanelType): type is DataType => type !== 'markdown' && type !== 'last_seen';

/** The option keys each type takes (the schema's options are strict objects). */
const OPTION_KEYS: Record<PanelType, readonly string[]> = {
  line: ['stacked', 'percent', 'unit', 'legend', 'ratio'],
  area: ['stacked', 'percent', 'unit', 'legend', 'ratio'],
  bar: ['stacked', 'percent', 'unit', 'legend', 'ratio'],
  bar_horizontal: ['stacked', 'percent', 'unit', 'legend', 'ratio'],
  pie: ['unit', 'legend', 'labels'],
  donut: ['unit', 'legend', 'labels'],
  metric: ['unit', 'ratio', 'sparkline', 'compare'],
  table: ['unit', 'sort', 'page_size'],
  heatmap: ['unit', 'legend'],
  gauge: ['unit', 'min', 'max', 'thresholds'],
  markdown: ['markdown'],
  last_seen: ['field', 'threshold_factor', 'usual_interval', 'resolution', 'min_events', 'size'],
};

export const optionKeys = (type: PanelType): readonly string[] => OPTION_KEYS[type];

const NUMERIC = new Set(['long', 'double']);
export const isNumericField = (f: FieldLike): boolean => NUMERIC.has(f.type);

/** Whether a metric of this type needs a number field (avg, sum, min, max, median, percentiles). */
export const metricNeedsNumber = (type: MetricType): boolean =>
  ['avg', 'sum', 'min', 'max', 'median', 'percentiles'].includes(type);

/** The fields a metric may use: numbers for the arithmetic ones, any aggregatable field otherwise. */
export function fieldsForMetric(type: MetricType, fields: readonly FieldLike[]): FieldLike[] {
  if (type === 'count') return [];
  return fields.filter((f) => f.aggregatable && (!metricNeedsNumber(type) || isNumericField(f)));
}

/** The fields a breakdown may use: aggregatable for terms, numbers for a numeric histogram. */
export function fieldsForBucket(type: BucketType, fields: readonly FieldLike[]): FieldLike[] {
  if (type === 'terms') return fields.filter((f) => f.aggregatable);
  if (type === 'histogram') return fields.filter((f) => f.aggregatable && isNumericField(f));
  return [];
}

/** The fields a last_seen panel may list values of. */
export const fieldsForLastSeen = (fields: readonly FieldLike[]): FieldLike[] =>
  fields.filter((f) => f.aggregatable && !isNumericField(f) && f.type !== 'date');

export interface EditorState {
  viz: Visualization;
  /** What the current type does not use, kept for a switch back. */
  kept: { data: PanelData; options: Record<string, unknown> };
}

const EMPTY_DATA: PanelData = { metrics: [{ id: 'm1', type: 'count' }], buckets: [{ type: 'date_histogram' }] };

/** A fresh id for a saved object or a panel: `prefix-` and 10 random base-36 characters. */
export function freshId(prefix: string, random: () => number = Math.random): string {
  let s = '';
  while (s.length < 10) s += Math.floor(random() * 36).toString(36);
  return `${prefix}-${s}`;
}

export const dataOf = (viz: Visualization): PanelData | undefined => ('data' in viz ? viz.data : undefined);
const optionsOf = (viz: Visualization): Record<string, unknown> =>
  'options' in viz && viz.options ? (viz.options as Record<string, unknown>) : {};

export function stateOf(viz: Visualization): EditorState {
  return { viz, kept: { data: dataOf(viz) ?? EMPTY_DATA, options: { ...optionsOf(viz) } } };
}

/** A new visualization: a line of the count over time. */
export function newVisualization(id: string = freshId('viz')): Visualization {
  return { id, title: 'Count over time', type: 'line', data: structuredClone(EMPTY_DATA) };
}

/** The parts every type has (id, title, query, time, time shift, description, tags). */
function common(viz: Visualization) {
  const { id, title, query, time, timeShift, description, tags } = viz;
  return {
    id,
    title,
    ...(query !== undefined ? { query } : {}),
    ...(time !== undefined ? { time } : {}),
    ...(timeShift !== undefined ? { timeShift } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(tags !== undefined ? { tags } : {}),
  };
}

function pick(options: Record<string, unknown>, type: PanelType): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of OPTION_KEYS[type]) if (options[k] !== undefined) out[k] = options[k];
  return out;
}

/** Builds the visualization of `type` from the common parts, data and options (unfit options dropped). */
function build(
  base: ReturnType<typeof common>,
  type: PanelType,
  data: PanelData,
  options: Record<string, unknown>,
): Visualization {
  const o = pick(options, type);
  if (type === 'markdown') return { ...base, type, options: { markdown: String(o.markdown ?? '') } };
  if (type === 'last_seen') {
    return {
      ...base,
      type,
      options: {
        ...o,
        field: String(o.field ?? ''),
        threshold_factor: typeof o.threshold_factor === 'number' ? o.threshold_factor : DEFAULT_THRESHOLD_FACTOR,
      },
    } as Visualization;
  }
  const withOptions = Object.keys(o).length > 0 ? { options: o } : {};
  return { ...base, type, data, ...withOptions } as Visualization;
}

/**
 * Switches the chart type, keeping what fits: the metrics and breakdowns, the options the new type
 * takes. Line, area and heatmap need a date histogram: one is put first when there is none (and
 * room for it); the rest is left for validation to explain.
 */
export function changeType(state: EditorState, type: PanelType): EditorState {
  const data = dataOf(state.viz) ?? state.kept.data;
  const options = { ...state.kept.options, ...optionsOf(state.viz) };
  let nextData = data;
  if (
    ['line', 'area', 'heatmap'].includes(type) &&
    !data.buckets.some((b) => b.type === 'date_histogram') &&
    data.buckets.length < MAX_PANEL_BUCKETS
  ) {
    nextData = { ...data, buckets: [{ type: 'date_histogram' }, ...data.buckets] };
  }
  return { viz: build(common(state.viz), type, nextData, options), kept: { data, options } };
}

/** Title, description, query, tags, time: the parts every type has. */
export type CommonPatch = Partial<
  Pick<Visualization, 'title' | 'description' | 'query' | 'tags' | 'time' | 'timeShift'>
>;

export function updateCommon(state: EditorState, patch: CommonPatch): EditorState {
  const viz = { ...state.viz } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) delete viz[k];
    else viz[k] = v;
  }
  return { ...state, viz: viz as Visualization };
}

/** Sets (or, with undefined, removes) options of the current type. */
export function updateOptions(state: EditorState, patch: Record<string, unknown>): EditorState {
  const current = { ...optionsOf(state.viz) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete current[k];
    else current[k] = v;
  }
  const options = { ...state.kept.options, ...patch };
  const viz = build(common(state.viz), state.viz.type, dataOf(state.viz) ?? state.kept.data, current);
  return { viz, kept: { ...state.kept, options } };
}

function withData(state: EditorState, f: (d: PanelData) => PanelData): EditorState {
  const data = dataOf(state.viz);
  if (!data) return state;
  const next = f(data);
  return { viz: { ...state.viz, data: next } as Visualization, kept: { ...state.kept, data: next } };
}

/** The first `m<n>` id no metric has. */
export function nextMetricId(metrics: readonly PanelMetric[]): string {
  const ids = new Set(metrics.map((m) => m.id));
  let n = 1;
  while (ids.has(`m${n}`)) n++;
  return `m${n}`;
}

/** A metric of `type`, on `field` when it needs one (the first suitable field when none is given). */
export function metricOf(type: MetricType, id: string, field = '', label?: string): PanelMetric {
  const l = label ? { label } : {};
  if (type === 'count') return { id, type, ...l };
  if (type === 'percentiles') return { id, type, field, percents: [...DEFAULT_PERCENTS], ...l };
  return { id, type, field, ...l };
}

export function addMetric(state: EditorState, type: MetricType = 'count'): EditorState {
  return withData(state, (d) => ({ ...d, metrics: [...d.metrics, metricOf(type, nextMetricId(d.metrics))] }));
}

export function removeMetric(state: EditorState, index: number): EditorState {
  return withData(state, (d) => ({ ...d, metrics: d.metrics.filter((_, i) => i !== index) }));
}

/** Changes a metric: its type (keeping its field when the new type can use it), field, percents, label. */
export function updateMetric(
  state: EditorState,
  index: number,
  patch: { type?: MetricType; field?: string; percents?: number[]; label?: string },
  fields: readonly FieldLike[] = [],
): EditorState {
  return withData(state, (d) => {
    const metrics = d.metrics.map((m, i) => {
      if (i !== index) return m;
      const type = patch.type ?? m.type;
      let field = patch.field ?? ('field' in m ? m.field : '');
      if (
        patch.type &&
        field !== '' &&
        fields.length > 0 &&
        !fieldsForMetric(type, fields).some((f) => f.name === field)
      )
        field = '';
      const label = patch.label !== undefined ? patch.label : m.label;
      const next = metricOf(type, m.id, field, label || undefined);
      if (next.type === 'percentiles') {
        next.percents = patch.percents ?? (m.type === 'percentiles' ? m.percents : next.percents);
      }
      return next;
    });
    return { ...d, metrics };
  });
}

/** A breakdown of `type` with its defaults. */
export function bucketOf(type: BucketType, field = ''): PanelBucket {
  switch (type) {
    case 'date_histogram':
      return { type };
    case 'terms':
      return { type, field, size: DEFAULT_TERMS_SIZE };
    case 'filters':
      return { type, filters: [{ key: 'all', query: '' }] };
    case 'histogram':
      return { type, field, interval: 10 };
  }
}

export const canAddBucket = (state: EditorState): boolean =>
  (dataOf(state.viz)?.buckets.length ?? MAX_PANEL_BUCKETS) < MAX_PANEL_BUCKETS;

export function addBucket(state: EditorState, type: BucketType = 'terms'): EditorState {
  if (!canAddBucket(state)) return state;
  return withData(state, (d) => ({ ...d, buckets: [...d.buckets, bucketOf(type)] }));
}

export function removeBucket(state: EditorState, index: number): EditorState {
  return withData(state, (d) => ({ ...d, buckets: d.buckets.filter((_, i) => i !== index) }));
}

/** Moves a breakdown one place out (-1) or in (+1). */
export function moveBucket(state: EditorState, index: number, delta: -1 | 1): EditorState {
  return withData(state, (d) => {
    const j = index + delta;
    if (j < 0 || j >= d.buckets.length) return d;
    const buckets = [...d.buckets];
    [buckets[index], buckets[j]] = [buckets[j] as PanelBucket, buckets[index] as PanelBucket];
    return { ...d, buckets };
  });
}

/** Replaces a breakdown: a new type starts from its defaults (keeping the field when it fits). */
export function setBucketType(
  state: EditorState,
  index: number,
  type: BucketType,
  fields: readonly FieldLike[] = [],
): EditorState {
  return withData(state, (d) => {
    const old = d.buckets[index];
    if (!old || old.type === type) return d;
    const oldField = 'field' in old ? old.field : '';
    const field = fieldsForBucket(type, fields).some((f) => f.name === oldField) ? oldField : '';
    return { ...d, buckets: d.buckets.map((b, i) => (i === index ? bucketOf(type, field) : b)) };
  });
}

/** Changes a breakdown's settings (same type); undefined removes an optional one. */
export function updateBucket(state: EditorState, index: number, patch: Record<string, unknown>): EditorState {
  return withData(state, (d) => ({
    ...d,
    buckets: d.buckets.map((b, i) => {
      if (i !== index) return b;
      const next = { ...b } as Record<string, unknown>;
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || k === 'type') delete next[k];
        else next[k] = v;
      }
      next.type = b.type;
      return next as PanelBucket;
    }),
  }));
}

/** `50, 95, 99` → [50, 95, 99]; undefined while the text is not a list of numbers. */
export function parsePercents(text: string): number[] | undefined {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const numbers = parts.map(Number);
  return parts.length > 0 && numbers.every((n) => Number.isFinite(n)) ? numbers : undefined;
}

/** Tags typed as one comma-separated line → the list (trimmed, empty and repeated ones dropped). */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim()))].filter((t) => t !== '');
}

/** A breakdown in words, for the list page and the read-only view. */
export function describeBucket(b: PanelBucket): string {
  switch (b.type) {
    case 'date_histogram':
      return `over time (${b.interval ?? 'auto'})`;
    case 'terms':
      return `top ${b.size} of ${b.field || '?'}`;
    case 'filters':
      return `filters ${b.filters.map((f) => f.key).join(', ')}`;
    case 'histogram':
      return `${b.field || '?'} every ${b.interval}`;
  }
}

export function describeMetric(m: PanelMetric): string {
  if (m.label) return m.label;
  const name = METRIC_TYPES.find((t) => t.type === m.type)?.label ?? m.type;
  if (m.type === 'count') return name;
  if (m.type === 'percentiles') return `${name} (${m.percents.join(', ')}) of ${m.field || '?'}`;
  return `${name} of ${m.field || '?'}`;
}

/**
 * The title the editor gives a visualization until the user writes one (as Lens does):
 * `Top 10 values of host.name`, `Average of bytes over time`, `Count by service.name over time`.
 */
export function autoTitle(viz: Visualization): string {
  if (viz.type === 'markdown') return 'Text';
  if (viz.type === 'last_seen') return `Last seen per ${viz.options.field || 'value'}`;
  const [first, ...more] = viz.data.metrics;
  const metric = first ? `${describeMetric(first)}${more.length > 0 ? ` and ${more.length} more` : ''}` : 'Nothing';
  const split = viz.data.buckets.filter((b) => b.type !== 'date_histogram');
  const overTime = viz.data.buckets.some((b) => b.type === 'date_histogram');
  const only = viz.data.buckets.length === 1 ? viz.data.buckets[0] : undefined;
  if (only?.type === 'terms' && first?.type === 'count' && more.length === 0)
    return `Top ${only.size} values of ${only.field || '?'}`;
  const by = split.map((b) => (b.type === 'filters' ? 'filters' : b.field || '?'));
  return `${metric}${by.length > 0 ? ` by ${by.join(', ')}` : ''}${overTime ? ' over time' : ''}`;
}

/** `next`, retitled when the title was the automatic one and the edit did not write another. */
export function keepAutoTitle(prev: EditorState, next: EditorState): EditorState {
  if (prev.viz.title !== autoTitle(prev.viz) || next.viz.title !== prev.viz.title) return next;
  const title = autoTitle(next.viz);
  return title === next.viz.title ? next : { ...next, viz: { ...next.viz, title } };
}

/** One line saying what a visualization draws. */
export function describeVisualization(viz: Visualization): string {
  const type = CHART_TYPES.find((t) => t.type === viz.type)?.label ?? viz.type;
  if (viz.type === 'markdown') return `${type} text`;
  if (viz.type === 'last_seen') return `${type} per ${viz.options.field || '?'}`;
  const parts = [viz.data.metrics.map(describeMetric).join(', '), ...viz.data.buckets.map(describeBucket)];
  return `${type}: ${parts.filter((p) => p !== '').join(' · ')}`;
}
