/**
 * Loading dashboard files into a store: every `*.json` of a folder (or one file), upserted by id.
 * A bad file is reported with its errors and never stops the others. A file whose bytes hash as
 * the stored dashboard's `provisioned.sha256` is left alone, so UI edits of a provisioned
 * dashboard survive restarts until the file itself changes (`force` applies it anyway).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseDashboard } from '@driftwood/core';
import type { LogStore } from '../contract.ts';
import { DASHBOARD_TYPE, saveDashboard } from './saved.ts';

export type FileOutcome =
  | { file: string; id: string; status: 'created' | 'updated' | 'unchanged' }
  | { file: string; status: 'error'; errors: string[] };

export interface LoadReport {
  files: FileOutcome[];
  /** Files applied or already current. */
  loaded: number;
  /** Files with errors. */
  failed: number;
}

export interface LoadOptions {
  /** Apply every file even when its hash matches the stored one (an explicit import). */
  force?: boolean;
  /** How files are named in the report (default: the folder's name and the file's: `dashboards/web.json`). */
  displayName?: (file: string) => string;
}

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Loads one file. `name` is how it is reported and recorded. */
export async function loadDashboardFile(
  store: LogStore,
  file: string,
  name: string,
  options: { force?: boolean; claimed?: Map<string, string> } = {},
): Promise<FileOutcome> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { file: name, status: 'error', errors: [`${name}: cannot be read: ${(error as Error).message}`] };
  }
  const parsed = parseDashboard(bytes.toString('utf8'), name);
  if (!parsed.ok) return { file: name, status: 'error', errors: parsed.errors };
  const { dashboard } = parsed;
  const other = options.claimed?.get(dashboard.id);
  if (other !== undefined && other !== name) {
    return { file: name, status: 'error', errors: [`${name}: id: "${dashboard.id}" is also the id of ${other}`] };
  }
  options.claimed?.set(dashboard.id, name);
  const hash = sha256(bytes);
  try {
    const existing = await store.getObject(DASHBOARD_TYPE, dashboard.id);
    const stored = existing?.attributes.provisioned as { sha256?: unknown } | undefined;
    if (!options.force && existing && stored?.sha256 === hash) {
      return { file: name, id: dashboard.id, status: 'unchanged' };
    }
    await saveDashboard(store, dashboard, { file: name, sha256: hash });
    return { file: name, id: dashboard.id, status: existing ? 'updated' : 'created' };
  } catch (error) {
    return { file: name, status: 'error', errors: [`${name}: not saved: ${(error as Error).message}`] };
  }
}

/** The `*.json` files `target` names: itself when a file, its direct children when a folder. */
export async function dashboardFiles(target: string): Promise<string[]> {
  const info = await stat(target);
  if (!info.isDirectory()) return [target];
  const names = (await readdir(target)).filter((n) => n.endsWith('.json')).sort();
  return names.map((n) => path.join(target, n));
}

/** Loads every dashboard file of `target` (a folder or one file) into the store. */
export async function loadDashboards(store: LogStore, target: string, options: LoadOptions = {}): Promise<LoadReport> {
  const files = await dashboardFiles(target);
  const base = (await stat(target)).isDirectory() ? target : path.dirname(target);
  const displayName = options.displayName ?? ((f: string) => path.join(path.basename(base), path.relative(base, f)));
  const claimed = new Map<string, string>();
  const outcomes: FileOutcome[] = [];
  for (const file of files) {
    outcomes.push(await loadDashboardFile(store, file, displayName(file), { force: options.force, claimed }));
  }
  const failed = outcomes.filter((o) => o.status === 'error').length;
  return { files: outcomes, loaded: outcomes.length - failed, failed };
}

/** `dashboards: 4 loaded, 1 with errors (dashboards/x.json: panels[0].grid.w: must be ≤ 24)`. */
export function reportLine(report: LoadReport): string {
  const errors = report.files.flatMap((o) => (o.status === 'error' ? o.errors : []));
  const shown = errors.slice(0, 3).join('; ');
  const more = errors.length > 3 ? `; and ${errors.length - 3} more` : '';
  return `dashboards: ${report.loaded} loaded, ${report.failed} with errors${errors.length > 0 ? ` (${shown}${more})` : ''}`;
}
