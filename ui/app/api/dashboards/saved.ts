/**
 * What the dashboard and visualization routes share: the list filters, create-only saves (409
 * CONFLICT for a taken id), the path id check of a PUT. Validation is the store's (saveDashboard,
 * saveVisualization: the same as for files), its INPUT_INVALID naming each JSON path in the
 * message and `details.errors`. Saved objects live in the plain store (ctx.plainStore), as saved
 * searches do; events are read only by the panel query route.
 */
import { DriftwoodError } from '@driftwood/core';
import {
  DASHBOARD_TYPE,
  type DashboardSummary,
  getDashboard,
  type LogStore,
  saveDashboard,
  saveVisualization,
  VISUALIZATION_TYPE,
} from '@driftwood/store';

export interface DashboardListFilter {
  q?: string;
  tag?: string;
}

/** The filters of `GET /api/dashboards?q=&tag=` (empty ones ignored). */
export function listFilter(url: URL): DashboardListFilter {
  const q = url.searchParams.get('q')?.trim();
  const tag = url.searchParams.get('tag')?.trim();
  return { ...(q ? { q } : {}), ...(tag ? { tag } : {}) };
}

/** The dashboards matching `q` (title or description, case-insensitive) and carrying `tag`. */
export function filterDashboards(list: DashboardSummary[], filter: DashboardListFilter): DashboardSummary[] {
  const q = filter.q?.toLowerCase();
  return list.filter(
    (d) =>
      (q === undefined || d.title.toLowerCase().includes(q) || (d.description ?? '').toLowerCase().includes(q)) &&
      (filter.tag === undefined || d.tags.includes(filter.tag)),
  );
}

/** The `id` of a body, when it has a string one. */
function idOf(body: unknown): string | undefined {
  const id = body !== null && typeof body === 'object' ? (body as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** A PUT's body must name the object of its path. */
export function requireSameId(body: unknown, pathId: string, what: string): void {
  const id = idOf(body);
  if (id !== undefined && id !== pathId) {
    throw new DriftwoodError('INPUT_INVALID', `the ${what}'s id "${id}" is not the id of the path ("${pathId}")`, {
      details: { field: 'id' },
    });
  }
}

async function refuseTaken(store: LogStore, type: string, body: unknown, what: string): Promise<void> {
  const id = idOf(body);
  if (id !== undefined && (await store.getObject(type, id))) {
    throw new DriftwoodError('CONFLICT', `a ${what} with the id "${id}" exists; save it under its own path instead`, {
      details: { field: 'id' },
    });
  }
}

/** The stored dashboard as the routes answer it (NOT_FOUND when there is none). */
export async function dashboardRecord(store: LogStore, id: string) {
  const found = await getDashboard(store, id);
  if (!found) throw new DriftwoodError('NOT_FOUND', `no dashboard "${id}"`);
  return found;
}

/** Creates a dashboard (validated); CONFLICT when its id exists. */
export async function createDashboard(store: LogStore, body: unknown) {
  await refuseTaken(store, DASHBOARD_TYPE, body, 'dashboard');
  const saved = await saveDashboard(store, body);
  return dashboardRecord(store, saved.id);
}

/** Creates a visualization (validated); CONFLICT when its id exists. */
export async function createVisualization(store: LogStore, body: unknown) {
  await refuseTaken(store, VISUALIZATION_TYPE, body, 'visualization');
  return saveVisualization(store, body);
}
