/**
 * The canonical text of a dashboard file: keys in a fixed order (the order a reader looks for
 * them: id, type, title first; then by KEY_ORDER; any other key alphabetically), 2-space indent,
 * an array of plain values on one line when it fits in LINE_WIDTH (as Biome formats JSON, so the
 * files pass `biome check` unchanged), a trailing newline. `export` writes it and the files in
 * dashboards/ are kept in it, so an exported file diffs cleanly against the one imported.
 */
import type { Dashboard, Visualization } from './schema.ts';

const KEY_ORDER = [
  'id',
  'type',
  'title',
  'label',
  'description',
  'tags',
  'columns',
  'time',
  'from',
  'to',
  'refresh',
  'query',
  'key',
  'filters',
  'controls',
  'sections',
  'collapsed',
  'section',
  'grid',
  'x',
  'y',
  'w',
  'h',
  'timeShift',
  'field',
  'percents',
  'interval',
  'size',
  'other',
  'missing',
  'min',
  'max',
  'options',
  'data',
  'metrics',
  'buckets',
];
const rank = new Map(KEY_ORDER.map((k, i) => [k, i]));

function compareKeys(a: string, b: string): number {
  const ra = rank.get(a) ?? Number.MAX_SAFE_INTEGER;
  const rb = rank.get(b) ?? Number.MAX_SAFE_INTEGER;
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The value with every object's keys in canonical order (undefined members dropped). */
export function canonicalDashboardValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalDashboardValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort(compareKeys)) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = canonicalDashboardValue(v);
    }
    return out;
  }
  return value;
}

/** The repository's Biome line width. */
export const LINE_WIDTH = 120;

const isPlain = (v: unknown) => v === null || typeof v !== 'object';

/** `value` as JSON at `indent` spaces, where `prefix` is the text before it on its line. */
function write(value: unknown, indent: number, prefix: number, last: boolean): string {
  if (isPlain(value)) return JSON.stringify(value);
  const pad = ' '.repeat(indent + 2);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(isPlain)) {
      const flat = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
      if (prefix + flat.length + (last ? 0 : 1) <= LINE_WIDTH) return flat;
    }
    const items = value.map((v, i) => `${pad}${write(v, indent + 2, pad.length, i === value.length - 1)}`);
    return `[\n${items.join(',\n')}\n${' '.repeat(indent)}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  const items = entries.map(([k, v], i) => {
    const head = `${pad}${JSON.stringify(k)}: `;
    return `${head}${write(v, indent + 2, head.length, i === entries.length - 1)}`;
  });
  return `{\n${items.join(',\n')}\n${' '.repeat(indent)}}`;
}

/** The dashboard as its file's bytes. */
export function formatDashboard(dashboard: Dashboard): string {
  return `${write(canonicalDashboardValue(dashboard), 0, 0, true)}\n`;
}

/** A visualization saved on its own, in the same canonical form. */
export function formatVisualization(visualization: Visualization): string {
  return `${write(canonicalDashboardValue(visualization), 0, 0, true)}\n`;
}
