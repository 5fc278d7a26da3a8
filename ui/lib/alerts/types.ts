/**
 * What the Alerts pages receive from their server routes. Types only (erased at build time), so
 * the browser bundle never pulls in the alerting engine; the constants the form needs are
 * mirrored here and checked against the engine's in `form.test.ts`.
 */
export type {
  Action,
  AlertStatus,
  Condition,
  GroupSummary,
  HistoryEntry,
  NotificationIntent,
  Preview,
  PreviewPoint,
  PreviewSeries,
  Rule,
  RuleInput,
  RuleStatus,
  RuleSummary,
} from '@driftwood/alerting';

export const COMPARATORS = ['>', '>=', '<', '<=', 'between'] as const;
export type Comparator = (typeof COMPARATORS)[number];

export const METRIC_AGGS = ['avg', 'max', 'min', 'sum', 'p95', 'cardinality'] as const;
export type MetricAgg = (typeof METRIC_AGGS)[number];

export const CONDITION_TYPES = ['count', 'metric', 'no_data'] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];

export const ACTION_TYPES = ['webhook', 'slack', 'email'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** A validation problem from the server: `path` is the rule key path (`condition.threshold`). */
export interface Issue {
  path: string;
  message: string;
}
