/** Alerting: threshold rules evaluated on a schedule against a LogStore, with notifications. */
export * from './api.ts';
export { type CycleReport, Evaluator, type EvaluatorOptions, type Logger, type RuleRun } from './evaluator.ts';
export type { EvaluationResult, HistoryEntry } from './history.ts';
export type { NotificationIntent } from './notify/outbox.ts';
export { type SmtpConfig, smtpConfigFromUrl, smtpConfigSchema } from './notify/smtp.ts';
export { HISTORY_TYPE, NOTIFICATION_TYPE, RULE_TYPE, type RuleState, STATE_TYPE } from './objects.ts';
export {
  type Action,
  COMPARATORS,
  type Condition,
  METRIC_AGGS,
  parseRule,
  type Rule,
  type RuleInput,
  ruleSchema,
} from './rule.ts';
export { redactRule, redactUrl, SECRET } from './secrets.ts';
export { type AlertingService, type StartAlertingOptions, startAlerting } from './start.ts';
export type { AlertStatus, GroupState, Transition } from './state.ts';
export { TEMPLATE_VARIABLES } from './template.ts';
