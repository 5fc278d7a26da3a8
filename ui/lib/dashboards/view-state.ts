/**
 * A dashboard's view state and its URL encoding: a reload or a shared link gives the same view.
 * What the dashboard itself says (its time, query, filters, refresh) is the default and is left
 * out of the URL; only what the viewer changed is written.
 *
 * Parameters: `from` / `to` time expressions · `q` query (present, even empty, when it differs from
 * the dashboard's) · `f` filter pill, repeated, `<flags>:<label>:<query>` (flags `n` negate,
 * `d` disabled; the label URI-encoded); a lone empty `f` means "no pills" · `c.<field>` a control's
 * choice: repeated values for an options control, `min..max` (either side may be empty) for a
 * range control · `refresh` auto-refresh (`off`, `30s`, `1m`, …).
 */
import type { Dashboard, DashboardFilter } from '@driftwood/core';
import { formatInterval, parseInterval } from '@driftwood/core';
import type { ControlValue } from './filters.ts';

export interface DashboardView {
  from: string;
  to: string;
  query: string;
  filters: DashboardFilter[];
  /** Control choices by the control's field. */
  controls: Record<string, ControlValue>;
  /** Auto-refresh period in ms; 0 = off. */
  refreshMs: number;
}

type ViewSource = Pick<Dashboard, 'time' | 'query' | 'filters' | 'refresh' | 'controls'>;
type ParamsLike = Pick<URLSearchParams, 'get' | 'getAll' | 'has'>;

export const DEFAULT_TIME = Object.freeze({ from: 'now-24h', to: 'now' });

function refreshMsOf(text: string | null | undefined): number {
  if (!text || text === 'off') return 0;
  try {
    return parseInterval(text);
  } catch {
    return 0;
  }
}

/** The view the dashboard opens with when the URL says nothing. */
export function defaultView(d: ViewSource): DashboardView {
  return {
    from: d.time?.from ?? DEFAULT_TIME.from,
    to: d.time?.to ?? DEFAULT_TIME.to,
    query: d.query ?? '',
    filters: (d.filters ?? []).map((f) => ({ ...f })),
    controls: {},
    refreshMs: refreshMsOf(d.refresh),
  };
}

export function encodeFilter(f: DashboardFilter): string {
  const flags = `${f.negate ? 'n' : ''}${f.disabled ? 'd' : ''}`;
  return `${flags}:${f.label !== undefined ? encodeURIComponent(f.label) : ''}:${f.query}`;
}

export function decodeFilter(text: string): DashboardFilter | undefined {
  const m = /^([nd]*):([^:]*):([\s\S]+)$/.exec(text);
  if (!m) return undefined;
  let label: string | undefined;
  try {
    label = m[2] === '' ? undefined : decodeURIComponent(m[2] as string);
  } catch {
    return undefined;
  }
  const query = m[3] as string;
  if (query.trim() === '') return undefined;
  const f: DashboardFilter = { query };
  if (label !== undefined) f.label = label;
  if (m[1]?.includes('n')) f.negate = true;
  if (m[1]?.includes('d')) f.disabled = true;
  return f;
}

const num = (s: string): number | undefined => {
  if (s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
};

export function encodeRange(v: { min?: number; max?: number }): string {
  return `${v.min ?? ''}..${v.max ?? ''}`;
}

export function decodeRange(text: string): { min?: number; max?: number } | undefined {
  const i = text.indexOf('..');
  if (i < 0) return undefined;
  const min = num(text.slice(0, i));
  const max = num(text.slice(i + 2));
  if (min === undefined && max === undefined) return undefined;
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

const sameFilters = (a: readonly DashboardFilter[], b: readonly DashboardFilter[]): boolean =>
  a.length === b.length && a.every((f, i) => encodeFilter(f) === encodeFilter(b[i] as DashboardFilter));

/** The view a URL's parameters give, over the dashboard's defaults. */
export function decodeView(params: ParamsLike, d: ViewSource): DashboardView {
  const view = defaultView(d);
  const from = params.get('from');
  const to = params.get('to');
  if (from && to) {
    view.from = from;
    view.to = to;
  }
  if (params.has('q')) view.query = params.get('q') ?? '';
  if (params.has('f')) {
    view.filters = params
      .getAll('f')
      .filter((t) => t !== '')
      .map(decodeFilter)
      .filter((f): f is DashboardFilter => f !== undefined);
  }
  for (const c of d.controls ?? []) {
    const raw = params.getAll(`c.${c.field}`).filter((v) => v !== '');
    if (raw.length === 0) continue;
    if (c.type === 'options') view.controls[c.field] = { type: 'options', values: [...new Set(raw)] };
    else {
      const r = decodeRange(raw[0] as string);
      if (r) view.controls[c.field] = { type: 'range', ...r };
    }
  }
  if (params.has('refresh')) view.refreshMs = refreshMsOf(params.get('refresh'));
  return view;
}

/** The parameters of a view: only what differs from the dashboard's defaults. */
export function encodeView(view: DashboardView, d: ViewSource): URLSearchParams {
  const base = defaultView(d);
  const p = new URLSearchParams();
  if (view.from !== base.from || view.to !== base.to) {
    p.set('from', view.from);
    p.set('to', view.to);
  }
  if (view.query !== base.query) p.set('q', view.query);
  if (!sameFilters(view.filters, base.filters)) {
    if (view.filters.length === 0) p.set('f', '');
    for (const f of view.filters) p.append('f', encodeFilter(f));
  }
  for (const c of d.controls ?? []) {
    const v = view.controls[c.field];
    if (!v || v.type !== c.type) continue;
    if (v.type === 'options') for (const value of v.values) p.append(`c.${c.field}`, value);
    else if (v.min !== undefined || v.max !== undefined) p.set(`c.${c.field}`, encodeRange(v));
  }
  if (view.refreshMs !== base.refreshMs) p.set('refresh', view.refreshMs > 0 ? formatInterval(view.refreshMs) : 'off');
  return p;
}

/** `?…` for a view, or empty. */
export function viewToSearch(view: DashboardView, d: ViewSource): string {
  const s = encodeView(view, d).toString();
  return s === '' ? '' : `?${s}`;
}
