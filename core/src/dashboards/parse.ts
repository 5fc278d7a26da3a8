/**
 * Reading a dashboard file: JSON text → a valid Dashboard, or errors that each name the file and
 * the JSON path (`dashboards/web.json: panels[3].grid.w: must be ≤ 24`).
 */
import type { z } from 'zod';
import { zodConfigIssues } from '../config/issues.ts';
import { type Dashboard, dashboardSchema, type Visualization, visualizationSchema } from './schema.ts';

export type DashboardParse = { ok: true; dashboard: Dashboard } | { ok: false; errors: string[] };

/**
 * One line per problem: `FILE: PATH: message (hint)`, PATH `(root)` for the whole value — the
 * project's zod issues (config/issues.ts: one per unknown key, with a did-you-mean).
 */
export function formatDashboardIssues(file: string, error: z.ZodError, schema?: z.ZodType, data?: unknown): string[] {
  return zodConfigIssues(error, { ...(schema ? { schema } : {}), ...(data !== undefined ? { data } : {}) }).map(
    (i) => `${file}: ${i.path || '(root)'}: ${i.message}${i.hint ? ` (${i.hint})` : ''}`,
  );
}

/** Validates an already parsed value (an API body, a saved object's attributes). */
export function validateDashboard(value: unknown, file = 'dashboard'): DashboardParse {
  const result = dashboardSchema.safeParse(value);
  if (result.success) return { ok: true, dashboard: result.data };
  return { ok: false, errors: formatDashboardIssues(file, result.error, dashboardSchema, value) };
}

/** Parses a dashboard file's text; `file` names it in every error. */
export function parseDashboard(text: string, file: string): DashboardParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`${file}: (root): not valid JSON: ${(error as Error).message}`] };
  }
  return validateDashboard(value, file);
}

export type VisualizationParse = { ok: true; visualization: Visualization } | { ok: false; errors: string[] };

/** Validates a visualization (the Visualize editor's saved object), errors as for a dashboard. */
export function validateVisualization(value: unknown, file = 'visualization'): VisualizationParse {
  const result = visualizationSchema.safeParse(value);
  if (result.success) return { ok: true, visualization: result.data };
  return { ok: false, errors: formatDashboardIssues(file, result.error, visualizationSchema, value) };
}
