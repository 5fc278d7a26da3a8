/**
 * What the Alerts pages receive from their server routes: the rule schema's types and constants
 * and the alerting API's shapes, all from `@driftwood/core` (browser-safe), so the browser bundle
 * never pulls in the alerting engine.
 */
export {
  ACTION_TYPES,
  type Action,
  type ActionType,
  type AlertStatus,
  COMPARATORS,
  CONDITION_TYPES,
  type Comparator,
  type Condition,
  type ConditionType,
  type GroupSummary,
  type HistoryEntry,
  METRIC_AGGS,
  type MetricAgg,
  type NotificationIntent,
  type Preview,
  type PreviewPoint,
  type PreviewSeries,
  type Rule,
  type RuleInput,
  type RuleStatus,
  type RuleSummary,
} from '@driftwood/core';

/** A validation problem from the server: `path` is the rule key path (`condition.threshold`). */
export interface Issue {
  path: string;
  message: string;
}
