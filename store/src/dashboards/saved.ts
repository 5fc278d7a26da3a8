/**
 * Dashboards as saved objects (type `dashboard`): the validated file content under
 * `attributes.dashboard`, and for one that came from a file, `attributes.provisioned` — the file's
 * name and the SHA-256 of its bytes when it was last applied. A dashboard edited in the UI and
 * saved keeps that record, so the file is applied again only once its bytes change on disk.
 */
import {
  type Dashboard,
  DriftwoodError,
  formatDashboard,
  formatVisualization,
  type Visualization,
  validateDashboard,
  validateVisualization,
} from '@driftwood/core';
import type { LogStore, SavedObject } from '../contract.ts';

export const DASHBOARD_TYPE = 'dashboard';
export const VISUALIZATION_TYPE = 'visualization';

export interface Provisioned {
  /** The file's name as the loader saw it (`dashboards/web-access.json`). */
  file: string;
  /** SHA-256 (hex) of the file's bytes when it was last applied. */
  sha256: string;
}

export interface DashboardSummary {
  id: string;
  title: string;
  description?: string;
  tags: string[];
  panels: number;
  provisioned?: Provisioned;
  updatedAt?: string;
}

function provisionedOf(object: SavedObject | undefined): Provisioned | undefined {
  const p = object?.attributes.provisioned as Partial<Provisioned> | undefined;
  return p && typeof p.file === 'string' && typeof p.sha256 === 'string'
    ? { file: p.file, sha256: p.sha256 }
    : undefined;
}

/** The dashboard a saved object holds, validated again (a bad one is INPUT_INVALID naming the paths). */
export function dashboardOf(object: SavedObject): Dashboard {
  const result = validateDashboard(object.attributes.dashboard, `dashboard ${object.id}`);
  if (!result.ok)
    throw new DriftwoodError('INPUT_INVALID', result.errors.join('\n'), { details: { errors: result.errors } });
  return result.dashboard;
}

export async function getDashboard(
  store: LogStore,
  id: string,
): Promise<{ dashboard: Dashboard; provisioned?: Provisioned; updatedAt?: string } | undefined> {
  const object = await store.getObject(DASHBOARD_TYPE, id);
  if (!object) return undefined;
  const provisioned = provisionedOf(object);
  return {
    dashboard: dashboardOf(object),
    ...(provisioned ? { provisioned } : {}),
    ...(object.updatedAt ? { updatedAt: object.updatedAt } : {}),
  };
}

/**
 * Upserts a dashboard by id (validating it first). `provisioned` is given by the file loader;
 * any other save (the UI, the API) keeps the record the stored object has.
 */
export async function saveDashboard(store: LogStore, value: unknown, provisioned?: Provisioned): Promise<Dashboard> {
  const result = validateDashboard(value);
  if (!result.ok)
    throw new DriftwoodError('INPUT_INVALID', result.errors.join('\n'), { details: { errors: result.errors } });
  const dashboard = result.dashboard;
  const kept = provisioned ?? provisionedOf(await store.getObject(DASHBOARD_TYPE, dashboard.id));
  await store.saveObject({
    id: dashboard.id,
    type: DASHBOARD_TYPE,
    title: dashboard.title,
    attributes: { dashboard, ...(kept ? { provisioned: kept } : {}) },
  });
  return dashboard;
}

/** The file text of a stored dashboard, in the canonical format; NOT_FOUND when there is none. */
export async function exportDashboard(store: LogStore, id: string): Promise<string> {
  const found = await getDashboard(store, id);
  if (!found) throw new DriftwoodError('NOT_FOUND', `no dashboard "${id}"`);
  return formatDashboard(found.dashboard);
}

/** Every stored dashboard, by title then id. A stored object that no longer validates is left out. */
export async function listDashboards(store: LogStore): Promise<DashboardSummary[]> {
  const out: DashboardSummary[] = [];
  for (const object of await store.listObjects(DASHBOARD_TYPE)) {
    const result = validateDashboard(object.attributes.dashboard);
    if (!result.ok) continue;
    const d = result.dashboard;
    const provisioned = provisionedOf(object);
    out.push({
      id: d.id,
      title: d.title,
      ...(d.description !== undefined ? { description: d.description } : {}),
      tags: d.tags ?? [],
      panels: d.panels.length,
      ...(provisioned ? { provisioned } : {}),
      ...(object.updatedAt ? { updatedAt: object.updatedAt } : {}),
    });
  }
  return out.sort((a, b) => a.title.localeCompare(b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export async function deleteDashboard(store: LogStore, id: string): Promise<boolean> {
  return store.deleteObject(DASHBOARD_TYPE, id);
}

/** Upserts a visualization saved on its own (type `visualization`, `attributes.visualization`), validated. */
export async function saveVisualization(store: LogStore, value: unknown): Promise<Visualization> {
  const result = validateVisualization(value);
  if (!result.ok)
    throw new DriftwoodError('INPUT_INVALID', result.errors.join('\n'), { details: { errors: result.errors } });
  const visualization = result.visualization;
  await store.saveObject({
    id: visualization.id,
    type: VISUALIZATION_TYPE,
    title: visualization.title,
    attributes: { visualization },
  });
  return visualization;
}

export async function getVisualization(store: LogStore, id: string): Promise<Visualization | undefined> {
  const object = await store.getObject(VISUALIZATION_TYPE, id);
  if (!object) return undefined;
  const result = validateVisualization(object.attributes.visualization, `visualization ${id}`);
  if (!result.ok)
    throw new DriftwoodError('INPUT_INVALID', result.errors.join('\n'), { details: { errors: result.errors } });
  return result.visualization;
}

/** The stored visualizations that validate, by title then id. */
export async function listVisualizations(store: LogStore): Promise<Visualization[]> {
  const out: Visualization[] = [];
  for (const object of await store.listObjects(VISUALIZATION_TYPE)) {
    const result = validateVisualization(object.attributes.visualization);
    if (result.ok) out.push(result.visualization);
  }
  return out.sort((a, b) => a.title.localeCompare(b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A stored visualization's canonical text; NOT_FOUND when there is none. */
export async function exportVisualization(store: LogStore, id: string): Promise<string> {
  const found = await getVisualization(store, id);
  if (!found) throw new DriftwoodError('NOT_FOUND', `no visualization "${id}"`);
  return formatVisualization(found);
}

export async function deleteVisualization(store: LogStore, id: string): Promise<boolean> {
  return store.deleteObject(VISUALIZATION_TYPE, id);
}
