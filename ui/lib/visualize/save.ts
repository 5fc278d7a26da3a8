/** Saving in the editor: the page a stored visualization lives at, and what a refused save said. */
import type { DashboardTimeRange } from '@driftwood/core';
import { ApiError } from '../http.ts';
import { DEFAULT_EDITOR_TIME } from './from-discover.ts';

/** The server's validation lines of a refused save (`details.errors`); none for another failure. */
export function saveErrors(error: unknown): string[] {
  if (error instanceof ApiError && Array.isArray(error.details.errors))
    return error.details.errors.filter((e): e is string => typeof e === 'string');
  return [];
}

/** The editor page's URL for a stored visualization, keeping a non-default time range. */
export function visualizationHref(id: string, time: DashboardTimeRange): string {
  const base = `/visualize/${encodeURIComponent(id)}`;
  if (time.from === DEFAULT_EDITOR_TIME.from && time.to === DEFAULT_EDITOR_TIME.to) return base;
  return `${base}?${new URLSearchParams({ from: time.from, to: time.to }).toString()}`;
}
