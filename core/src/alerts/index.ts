/**
 * Alert rules (schema, parsing, thresholds), notification templates, the alerting API's shapes,
 * and the pure parts both the UI's server and the alerting service use: the state machine, the
 * evaluation schedule and the redaction of action secrets (browser-safe).
 */
export * from './rule.ts';
export * from './schedule.ts';
export * from './secrets.ts';
export * from './state.ts';
export * from './template.ts';
export type * from './types.ts';
