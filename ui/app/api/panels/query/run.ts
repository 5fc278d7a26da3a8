/**
 * One panel run (POST /api/panels/query): the body validated (the panel by visualizationSchema, as
 * a saved visualization), turned into the one store request `panelRequest` builds, run on the
 * caller's restricted store (its read filter applies), answered as the contract's PanelAnswer —
 * the store's results untouched, plus the previous window for a metric panel comparing with it and
 * the rows of a `last_seen` panel.
 */
import {
  type Dashboard,
  type DashboardPanel,
  DriftwoodError,
  dashboardFilterSchema,
  dashboardTimeSchema,
  formatDashboardIssues,
  visualizationSchema,
} from '@driftwood/core';
import { type AggregateRequest, type LogStore, lastSeenRows, panelRequest } from '@driftwood/store';
import { z } from 'zod';
import type { PanelAnswer, PanelQueryBody } from '../../../../lib/dashboards/contract.ts';

export const panelQueryBodySchema = z.strictObject({
  panel: visualizationSchema,
  dashboard: z
    .strictObject({ query: z.string().optional(), filters: z.array(dashboardFilterSchema).max(50).optional() })
    .optional(),
  extra: z.array(z.string()).max(100).optional(),
  time: dashboardTimeSchema,
});

/** The body as a PanelQueryBody, or INPUT_INVALID naming each JSON path (`panel.data.metrics: …`). */
export function parsePanelQuery(value: unknown): PanelQueryBody {
  const result = panelQueryBodySchema.safeParse(value);
  if (result.success) return result.data;
  const errors = formatDashboardIssues('panel query', result.error, panelQueryBodySchema, value);
  throw new DriftwoodError('INPUT_INVALID', errors.join('\n'), { details: { errors } });
}

/** Where a panel run puts the panel: on a dashboard of the body's query and filters, a placeholder grid. */
function asDashboard(body: PanelQueryBody): { dashboard: Dashboard; panel: DashboardPanel } {
  const { description: _d, tags: _t, ...rest } = body.panel;
  const panel = { ...rest, grid: { x: 0, y: 0, w: 1, h: 1 } } as DashboardPanel;
  const dashboard: Dashboard = {
    id: 'panel-query',
    title: 'panel query',
    ...(body.dashboard?.query !== undefined ? { query: body.dashboard.query } : {}),
    ...(body.dashboard?.filters ? { filters: body.dashboard.filters } : {}),
    panels: [panel],
  };
  return { dashboard, panel };
}

/** The request over the window just before the request's (same length, ending where it starts). */
export function previousWindow(request: AggregateRequest): AggregateRequest | undefined {
  if (request.from === undefined || request.to === undefined) return undefined;
  const length = request.to - request.from;
  return { ...request, from: request.from - length, to: request.from };
}

export async function runPanelQuery(store: LogStore, body: PanelQueryBody, now = new Date()): Promise<PanelAnswer> {
  const { dashboard, panel } = asDashboard(body);
  const request = panelRequest(dashboard, panel, {
    now,
    ...(body.extra ? { extra: body.extra } : {}),
    time: body.time,
  });
  if (!request) throw new DriftwoodError('INPUT_INVALID', `a ${panel.type} panel has nothing to query`);
  const started = performance.now();
  const compare = panel.type === 'metric' && panel.options?.compare === 'previous_period';
  const before = compare ? previousWindow(request) : undefined;
  const [aggs, previous] = await Promise.all([
    store.aggregate(request),
    before ? store.aggregate(before) : Promise.resolve(undefined),
  ]);
  const took = Math.round(performance.now() - started);
  return {
    request: {
      ...(request.from !== undefined ? { from: request.from } : {}),
      ...(request.to !== undefined ? { to: request.to } : {}),
      ...(typeof request.query === 'string' ? { query: request.query } : {}),
    },
    aggs,
    ...(previous ? { previous } : {}),
    ...(panel.type === 'last_seen' ? { lastSeen: lastSeenRows(panel, aggs, now.getTime()) } : {}),
    now: now.getTime(),
    took,
  };
}
