/**
 * The dashboard and Visualize pages' calls to their server routes (ui/app/api/dashboards,
 * ui/app/api/visualizations, ui/app/api/panels/query), typed; every failure is an `ApiError`
 * (lib/http.ts) carrying the server's code — a bad dashboard is INPUT_INVALID (400) whose
 * `details.errors` name the JSON paths, an id taken on create is CONFLICT (409).
 */
import type { Dashboard, Visualization } from '@driftwood/core';
import type { DashboardSummary, Provisioned } from '@driftwood/store';
import { fetchJson, jsonRequest, withParams } from '../http.ts';
import { PANEL_QUERY_PATH, type PanelAnswer, type PanelQueryBody } from './contract.ts';

export type { DashboardSummary, Provisioned };

/** A stored dashboard as GET/PUT/POST answer it. */
export interface DashboardRecord {
  dashboard: Dashboard;
  /** The file it came from (and its bytes' hash when last applied), for a provisioned one. */
  provisioned?: Provisioned;
  updatedAt?: string;
}

export interface DashboardListFilter {
  /** Title or description substring, case-insensitive. */
  q?: string;
  /** Only dashboards carrying this tag. */
  tag?: string;
}

const dashboardPath = (id: string) => `/api/dashboards/${encodeURIComponent(id)}`;
const visualizationPath = (id: string) => `/api/visualizations/${encodeURIComponent(id)}`;

export function listDashboards(filter: DashboardListFilter = {}, signal?: AbortSignal) {
  const params = new URLSearchParams();
  if (filter.q) params.set('q', filter.q);
  if (filter.tag) params.set('tag', filter.tag);
  return fetchJson<{ dashboards: DashboardSummary[] }>(withParams('/api/dashboards', params), { signal });
}

export function getDashboard(id: string, signal?: AbortSignal) {
  return fetchJson<DashboardRecord>(dashboardPath(id), { signal });
}

/** Creates a dashboard; CONFLICT (409) when its id is taken. */
export function createDashboard(dashboard: Dashboard, signal?: AbortSignal) {
  return fetchJson<DashboardRecord>('/api/dashboards', jsonRequest('POST', dashboard, signal));
}

/** Saves (upserts) a dashboard under its id. */
export function saveDashboard(dashboard: Dashboard, signal?: AbortSignal) {
  return fetchJson<DashboardRecord>(dashboardPath(dashboard.id), jsonRequest('PUT', dashboard, signal));
}

export function deleteDashboard(id: string, signal?: AbortSignal) {
  return fetchJson<{ deleted: boolean }>(dashboardPath(id), { method: 'DELETE', signal });
}

/** The link that downloads a dashboard's file (`<id>.json`, the format of dashboards/). */
export function dashboardExportUrl(id: string): string {
  return `${dashboardPath(id)}/export`;
}

export function listVisualizations(signal?: AbortSignal) {
  return fetchJson<{ visualizations: Visualization[] }>('/api/visualizations', { signal });
}

export function getVisualization(id: string, signal?: AbortSignal) {
  return fetchJson<{ visualization: Visualization }>(visualizationPath(id), { signal });
}

/** Creates a visualization; CONFLICT (409) when its id is taken. */
export function createVisualization(visualization: Visualization, signal?: AbortSignal) {
  return fetchJson<{ visualization: Visualization }>('/api/visualizations', jsonRequest('POST', visualization, signal));
}

/** Saves (upserts) a visualization under its id. */
export function saveVisualization(visualization: Visualization, signal?: AbortSignal) {
  return fetchJson<{ visualization: Visualization }>(
    visualizationPath(visualization.id),
    jsonRequest('PUT', visualization, signal),
  );
}

export function deleteVisualization(id: string, signal?: AbortSignal) {
  return fetchJson<{ deleted: boolean }>(visualizationPath(id), { method: 'DELETE', signal });
}

/** Runs one panel (saved or not) over the caller's events. */
export function queryPanel(body: PanelQueryBody, signal?: AbortSignal) {
  return fetchJson<PanelAnswer>(PANEL_QUERY_PATH, jsonRequest('POST', body, signal));
}
