/**
 * Alerting: threshold rules evaluated on a schedule against a LogStore, with notifications. The
 * rule schema and the shapes this API returns live in `@driftwood/core` (browser-safe).
 */
export * from './api.ts';
export {
  type AlertingConfig,
  alertingConfigSchema,
  type Connections,
  connectionsFor,
  readAlertingConfig,
  type TlsConfig,
  tlsConfigSchema,
} from './config.ts';
export { type CycleReport, Evaluator, type EvaluatorOptions, type Logger, type RuleRun } from './evaluator.ts';
export { deniedKind, type EgressConfig, EgressPolicy, egressConfigSchema } from './notify/egress.ts';
export { type SmtpConfig, smtpConfigFromUrl, smtpConfigSchema } from './notify/smtp.ts';
export { HISTORY_TYPE, NOTIFICATION_TYPE, RULE_TYPE, type RuleState, STATE_TYPE } from './objects.ts';
export { redactAction, redactError, redactIntent, redactRule, redactUrl, SECRET } from './secrets.ts';
export { type AlertingService, type StartAlertingOptions, startAlerting } from './start.ts';
