/**
 * How rules and their history read on the page: status labels, "2 min ago", snooze state, and
 * links to Discover pre-filled with a rule's query and window (Discover's own URL state format).
 */
import { parseInterval } from '@driftwood/core';
import { DEFAULT_STATE, type DiscoverState, type Filter, stateToSearch } from '../discover/state.ts';
import type { HistoryEntry, Rule, RuleStatus, RuleSummary } from './types.ts';

export const STATUS_LABEL: Record<RuleStatus, string> = {
  ok: 'OK',
  pending: 'Pending',
  firing: 'Firing',
  resolved: 'Resolved',
  disabled: 'Disabled',
  invalid: 'Invalid',
};

/** `just now`, `5 min ago`, `3 h ago`, `2 d ago` (or `in 10 min` for the future). */
export function relativeTime(iso: string | undefined, now: number): string {
  if (!iso) return 'never';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'never';
  const diff = now - t;
  const abs = Math.abs(diff);
  const text =
    abs < 45_000
      ? null
      : abs < 3_600_000
        ? `${Math.round(abs / 60_000)} min`
        : abs < 86_400_000
          ? `${Math.round(abs / 3_600_000)} h`
          : `${Math.round(abs / 86_400_000)} d`;
  if (text === null) return 'just now';
  return diff >= 0 ? `${text} ago` : `in ${text}`;
}

/** Whether a rule is snoozed at `now`. */
export function isSnoozed(summary: Pick<RuleSummary, 'snoozedUntil'>, now: number): boolean {
  return summary.snoozedUntil !== undefined && Date.parse(summary.snoozedUntil) > now;
}

export const SNOOZE_CHOICES: ReadonlyArray<{ label: string; ms: number }> = [
  { label: '1 hour', ms: 3_600_000 },
  { label: '8 hours', ms: 8 * 3_600_000 },
  { label: '1 day', ms: 86_400_000 },
  { label: '1 week', ms: 7 * 86_400_000 },
];

export function snoozeUntil(now: number, ms: number): string {
  return new Date(now + ms).toISOString();
}

/** `Firing (2 groups)`, `OK`, … for the list. */
export function statusText(summary: Pick<RuleSummary, 'status' | 'firing' | 'rule'>): string {
  const label = STATUS_LABEL[summary.status];
  if (summary.status === 'firing' && summary.rule?.group_by)
    return `${label} (${summary.firing} ${summary.firing === 1 ? 'group' : 'groups'})`;
  return label;
}

/**
 * Discover for a rule: its query, narrowed to a group with a filter pill, over an evaluated window
 * (absolute ISO times) or, without one, the last `window` (relative).
 */
export function discoverHref(
  rule: Pick<Rule, 'query' | 'window' | 'group_by'>,
  options: { window?: { from: string; to: string }; group?: string | null } = {},
): string {
  const filters: Filter[] =
    rule.group_by && options.group !== undefined && options.group !== null
      ? [{ field: rule.group_by.field, op: 'is', value: options.group, negate: false }]
      : [];
  let from = `now-${rule.window}`;
  let to = 'now';
  if (options.window) {
    from = options.window.from;
    to = options.window.to;
  } else {
    try {
      parseInterval(rule.window);
    } catch {
      from = DEFAULT_STATE.from;
    }
  }
  const state: DiscoverState = {
    ...DEFAULT_STATE,
    filters,
    columns: [...DEFAULT_STATE.columns],
    sort: [...DEFAULT_STATE.sort],
    query: rule.query,
    from,
    to,
  };
  return `/discover${stateToSearch(state)}`;
}

/** The evaluated window of a rule's last run, when it ran. */
export function lastWindow(
  summary: Pick<RuleSummary, 'lastWindowEnd' | 'rule'>,
): { from: string; to: string } | undefined {
  if (!summary.lastWindowEnd || !summary.rule) return undefined;
  try {
    const end = Date.parse(summary.lastWindowEnd);
    return { from: new Date(end - parseInterval(summary.rule.window)).toISOString(), to: summary.lastWindowEnd };
  } catch {
    return undefined;
  }
}

/** One line per history entry for the timeline. */
export function historyTitle(entry: HistoryEntry): string {
  if (entry.kind === 'notification') {
    const what = entry.transition === 'resolved' ? 'Resolved' : entry.transition === 'renotify' ? 'Reminder' : 'Firing';
    const status = entry.status === 'sent' ? 'sent' : entry.status === 'retrying' ? 'failed, will retry' : 'failed';
    return `${what} notification via ${entry.actionType} (${entry.action}) ${status}${entry.attempt > 1 ? ` — attempt ${entry.attempt}` : ''}`;
  }
  if (entry.error) return `Evaluation failed: ${entry.error}`;
  const moved = entry.results.filter((r) => r.transition);
  const counts = new Map<string, number>();
  for (const r of entry.results) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
  const states = [...counts.entries()].map(([s, n]) => (entry.results.length > 1 ? `${n} ${s}` : s)).join(', ');
  return `Evaluated ${entry.measure}: ${states || 'no groups'}${moved.length > 0 ? ` — ${moved.map((r) => `${r.group ?? 'rule'} ${r.transition}`).join(', ')}` : ''}`;
}
