/**
 * Alert rules as the store keeps them: the saved objects (rules, states, history, notification
 * records), the rule API the UI's routes call, and a rule's measure and preview over a LogStore.
 * The UI and the alerting service both use it; the service's half (schedule loop, evaluator,
 * notification delivery) stays in `@driftwood/alerting`. Exported as `alerts` from the store.
 */
export * from './api.ts';
export {
  boundResults,
  DEFAULT_HISTORY_LIMIT,
  HistoryLog,
  MAX_RESULTS_PER_ENTRY,
  readHistory,
} from './history.ts';
export { type Measurement, measure, metricSpec, metricValue, ruleQuery } from './measure.ts';
export { listIntents, toIntent } from './notifications.ts';
export {
  deleteRuleObjects,
  emptyState,
  HISTORY_TYPE,
  loadAllStates,
  loadRules,
  loadState,
  NOTIFICATION_TYPE,
  RULE_TYPE,
  type RuleState,
  STATE_TYPE,
  saveRule,
  saveState,
} from './objects.ts';
