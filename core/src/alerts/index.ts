/** Alert rules (schema, parsing, thresholds), notification templates and the alerting API's shapes (browser-safe). */
export * from './rule.ts';
export * from './template.ts';
export type * from './types.ts';
