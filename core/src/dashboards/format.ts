/**
 * The canonical text of a dashboard file: keys in a fixed order (the order a reader looks for
 * them: id, type, title first; then by KEY_ORDER; any other key alphabetically), 2-space indent,
 * a trailing newline. `export` writes it, the files in dashboards/ are kept in it, so an exported
 * file diffs cleanly against the one imported.
 */
import type { Dashboard } from './schema.ts';

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

/** The dashboard as its file's bytes. */
export function formatDashboard(dashboard: Dashboard): string {
  return `${JSON.stringify(canonicalDashboardValue(dashboard), null, 2)}\n`;
}
