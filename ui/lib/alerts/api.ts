/** The Alerts pages' calls to their own server routes, typed; failures are `ApiError`s (see Discover). */
import { ApiError, apiFetch } from '../discover/api.ts';
import type { HistoryEntry, Issue, NotificationIntent, Preview, Rule, RuleSummary } from './types.ts';

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const rulePath = (id: string, sub = ''): string => `/api/alerts/rules/${encodeURIComponent(id)}${sub}`;

export const alertsApi = {
  list: (signal?: AbortSignal) => apiFetch<{ rules: RuleSummary[] }>('/api/alerts/rules', { signal }),
  get: (id: string, signal?: AbortSignal) => apiFetch<{ rule: RuleSummary }>(rulePath(id), { signal }),
  create: (rule: Record<string, unknown>) => apiFetch<{ rule: Rule }>('/api/alerts/rules', json('POST', rule)),
  update: (id: string, patch: Record<string, unknown>) => apiFetch<{ rule: Rule }>(rulePath(id), json('PATCH', patch)),
  remove: (id: string) => apiFetch<{ deleted: boolean }>(rulePath(id), { method: 'DELETE' }),
  mute: (id: string, muted: boolean) => apiFetch<{ rule: Rule }>(rulePath(id, '/mute'), json('POST', { muted })),
  snooze: (id: string, until: string | null) =>
    apiFetch<{ rule: Rule }>(rulePath(id, '/snooze'), json('POST', { until })),
  preview: (rule: Record<string, unknown>, signal?: AbortSignal) =>
    apiFetch<{ preview: Preview }>('/api/alerts/preview', { ...json('POST', rule), signal }),
  history: (id: string, signal?: AbortSignal) =>
    apiFetch<{ history: HistoryEntry[] }>(rulePath(id, '/history?limit=100'), { signal }),
  notifications: (id: string, signal?: AbortSignal) =>
    apiFetch<{ notifications: NotificationIntent[] }>(rulePath(id, '/notifications?limit=50'), { signal }),
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
