/**
 * Reading a dashboard file: JSON text → a valid Dashboard, or errors that each name the file and
 * the JSON path (`dashboards/web.json: panels[3].grid.w: must be ≤ 24`).
 */
import type { z } from 'zod';
import { type Dashboard, dashboardSchema, type Visualization, visualizationSchema } from './schema.ts';

export type DashboardParse = { ok: true; dashboard: Dashboard } | { ok: false; errors: string[] };

/** `panels[3].grid.w` for ['panels', 3, 'grid', 'w']; `(root)` for []. */
export function dashboardJsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

/** One line per issue: `FILE: PATH: message`. */
export function formatDashboardIssues(file: string, issues: ReadonlyArray<z.core.$ZodIssue>): string[] {
  return issues.map((issue) => {
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
        : issue.message;
    return `${file}: ${dashboardJsonPath(issue.path)}: ${message}`;
  });
}

/** Validates an already parsed value (an API body, a saved object's attributes). */
export function validateDashboard(value: unknown, file = 'dashboard'): DashboardParse {
  const result = dashboardSchema.safeParse(value);
  if (result.success) return { ok: true, dashboard: result.data };
  return { ok: false, errors: formatDashboardIssues(file, result.error.issues) };
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
  return { ok: false, errors: formatDashboardIssues(file, result.error.issues) };
}
