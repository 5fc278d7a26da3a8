/**
 * Alerting: threshold rules evaluated on a schedule against a LogStore, with notifications. The
 * rule schema, the shapes the rule API returns and the redaction of secrets live in
 * `@driftwood/core` (browser-safe); the rule API and the alert saved objects in `@driftwood/store`
 * (`alerts`), where the UI uses them too.
 */
import { alerts } from '@driftwood/store';

export {
  type AlertingConfig,
  alertingConfigSchema,
  type Connections,
  connectionsFor,
  type HttpConfig,
  httpConfigSchema,
  readAlertingConfig,
  type TlsConfig,
  tlsConfigSchema,
} from './config.ts';
export { type CycleReport, Evaluator, type EvaluatorOptions, type Logger, type RuleRun } from './evaluator.ts';
export { AlertingMetrics } from './metrics.ts';
export { deniedKind, type EgressConfig, EgressPolicy, egressConfigSchema } from './notify/egress.ts';
export { type SmtpConfig, smtpConfigFromUrl, smtpConfigSchema } from './notify/smtp.ts';
export { type AlertingService, type StartAlertingOptions, startAlerting } from './start.ts';

/** The store's rule API, for the service's callers (the CLI, `driftwood up`, benchmarks, tests). */
export const {
  createRule,
  deleteRule,
  getHistory,
  getRule,
  listNotifications,
  listRules,
  muteRule,
  previewRule,
  replaceRule,
  snoozeRule,
  updateRule,
  HISTORY_TYPE,
  NOTIFICATION_TYPE,
  RULE_TYPE,
  STATE_TYPE,
} = alerts;
export type PreviewOptions = alerts.PreviewOptions;
export type RuleState = alerts.RuleState;
