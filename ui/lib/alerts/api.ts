/** The Alerts pages' calls to their own server routes, typed; failures are `ApiError`s (lib/http.ts). */
import { ApiError, fetchJson, jsonRequest as json } from '../http.ts';
import type { HistoryEntry, Issue, NotificationIntent, Preview, Rule, RuleSummary } from './types.ts';

const rulePath = (id: string, sub = ''): string => `/api/alerts/rules/${encodeURIComponent(id)}${sub}`;

export const alertsApi = {
  list: (signal?: AbortSignal) => fetchJson<{ rules: RuleSummary[] }>('/api/alerts/rules', { signal }),
  get: (id: string, signal?: AbortSignal) => fetchJson<{ rule: RuleSummary }>(rulePath(id), { signal }),
  create: (rule: Record<string, unknown>) => fetchJson<{ rule: Rule }>('/api/alerts/rules', json('POST', rule)),
  update: (id: string, patch: Record<string, unknown>) => fetchJson<{ rule: Rule }>(rulePath(id), json('PATCH', patch)),
  remove: (id: string) => fetchJson<{ deleted: boolean }>(rulePath(id), { method: 'DELETE' }),
  mute: (id: string, muted: boolean) => fetchJson<{ rule: Rule }>(rulePath(id, '/mute'), json('POST', { muted })),
  snooze: (id: string, until: string | null) =>
    fetchJson<{ rule: Rule }>(rulePath(id, '/snooze'), json('POST', { until })),
  preview: (rule: Record<string, unknown>, signal?: AbortSignal) =>
    fetchJson<{ preview: Preview }>('/api/alerts/preview', json('POST', rule, signal)),
  history: (id: string, signal?: AbortSignal) =>
    fetchJson<{ history: HistoryEntry[] }>(rulePath(id, '/history?limit=100'), { signal }),
  notifications: (id: string, signal?: AbortSignal) =>
    fetchJson<{ notifications: NotificationIntent[] }>(rulePath(id, '/notifications?limit=50'), { signal }),
};

/** The validation issues of a 400 answer (rule key paths), if it has any. */
export function issuesOf(error: unknown): Issue[] {
  if (!(error instanceof ApiError)) return [];
  const issues = error.details.issues;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((i) =>
    i !== null && typeof i === 'object' && !Array.isArray(i) && typeof i.message === 'string'
      ? [{ path: typeof i.path === 'string' ? i.path : '', message: i.message }]
      : [],
  );
}
