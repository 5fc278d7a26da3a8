/**
 * Alert rules: the zod schema (its descriptions are the reference docs), defaults, and the few
 * derived values the evaluator needs. A rule is stored as a saved object of type `alert_rule`
 * whose attributes are the parsed rule.
 */

import { z } from 'zod';
import { formatConfigIssues, zodConfigIssues } from '../config/issues.ts';
import { DriftwoodError } from '../errors.ts';
import { parseKql } from '../kql/index.ts';
import { parseInterval } from '../time/index.ts';
import { templateError } from './template.ts';

const durationText = (what: string) =>
  z
    .string()
    .describe(`${what}: a number and a unit (s, m, h, d, w), e.g. 30s, 5m, 1h`)
    .refine((text) => isDuration(text), { message: 'expected a number and a unit (s, m, h, d, w), e.g. 5m' });

function isDuration(text: string): boolean {
  try {
    return parseInterval(text) >= 1000;
  } catch {
    return false;
  }
}

const template = (what: string) =>
  z
    .string()
    .max(10_000)
    .describe(`${what}; a template with {{rule.name}}, {{value}}, {{threshold}}, {{group}}, {{time}}, {{link}}, ...`)
    .superRefine((text, ctx) => {
      const error = templateError(text);
      if (error) ctx.addIssue({ code: 'custom', message: error });
    });

export const COMPARATORS = ['>', '>=', '<', '<=', 'between'] as const;
export type Comparator = (typeof COMPARATORS)[number];

const comparator = z.enum(COMPARATORS).describe('How the value is compared with the threshold');
const threshold = z
  .union([z.number(), z.tuple([z.number(), z.number()])])
  .describe('A number, or [low, high] (both inclusive) with `between`');

export const METRIC_AGGS = ['avg', 'max', 'min', 'sum', 'p95', 'cardinality'] as const;
export type MetricAgg = (typeof METRIC_AGGS)[number];

export const conditionSchema = z
  .discriminatedUnion('type', [
    z
      .strictObject({ type: z.literal('count'), comparator, threshold })
      .describe('The number of events matching the query in the window'),
    z
      .strictObject({
        type: z.literal('metric'),
        agg: z.enum(METRIC_AGGS).describe('Aggregation of the numeric field over the window'),
        field: z.string().min(1).describe('A numeric field (cardinality: any aggregatable field)'),
        comparator,
        threshold,
      })
      .describe('An aggregation of a field over the events matching the query in the window'),
    z
      .strictObject({ type: z.literal('no_data') })
      .describe('Fires when nothing matches the query in the window (per group: a group that went silent)'),
  ])
  .superRefine((c, ctx) => {
    if (c.type === 'no_data') return;
    const isRange = Array.isArray(c.threshold);
    if (c.comparator === 'between' && !isRange)
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: '`between` needs a threshold [low, high]' });
    if (c.comparator !== 'between' && isRange)
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: `\`${c.comparator}\` needs a single number` });
    if (isRange && (c.threshold as [number, number])[0] > (c.threshold as [number, number])[1])
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'low must not be above high' });
  });

export type Condition = z.infer<typeof conditionSchema>;
export type ConditionType = Condition['type'];
/** The condition types, in the order the rule editor offers them (rule.test.ts checks the schema has these). */
export const CONDITION_TYPES = ['count', 'metric', 'no_data'] as const satisfies readonly ConditionType[];

const actionId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/)
  .optional()
  .describe('Stable id of the action within the rule (default: type-index)');

export const actionSchema = z.discriminatedUnion('type', [
  z
    .strictObject({
      type: z.literal('webhook'),
      id: actionId,
      url: z.url({ protocol: /^https?$/ }).describe('Receives a JSON POST with an Idempotency-Key header'),
      headers: z.record(z.string(), z.string()).default({}).describe('Extra request headers'),
    })
    .describe('Generic webhook: JSON POST, retried with exponential backoff'),
  z
    .strictObject({
      type: z.literal('slack'),
      id: actionId,
      url: z
        .url({ protocol: /^https?$/ })
        .describe('A Slack (or compatible: Mattermost, Rocket.Chat) incoming webhook'),
    })
    .describe('Slack-compatible webhook message ({ text, blocks })'),
  z
    .strictObject({
      type: z.literal('email'),
      id: actionId,
      to: z.array(z.email()).min(1).max(50).describe('Recipients'),
      subject: template('Subject').optional(),
    })
    .describe('Email over the SMTP server configured for alerting'),
]);

export type Action = z.infer<typeof actionSchema>;
export type ActionType = Action['type'];
/** The action types, in the order the rule editor offers them (rule.test.ts checks the schema has these). */
export const ACTION_TYPES = ['webhook', 'slack', 'email'] as const satisfies readonly ActionType[];

export const ruleSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'letters, digits, _ . - (at most 128)')
      .describe('Unique id'),
    name: z.string().trim().min(1).max(200).describe('Shown in notifications and the UI'),
    enabled: z.boolean().default(true).describe('Disabled rules are not evaluated'),
    query: z.string().max(20_000).default('').describe('KQL selecting the events (empty: all events)'),
    every: durationText('How often the rule runs; runs are aligned to multiples of it (UTC epoch)').default('1m'),
    window: durationText('The time range each run looks at: [run time - window, run time)').default('5m'),
    delay: durationText('Wait this long after a slot ends before evaluating it (late events)').optional(),
    condition: conditionSchema,
    group_by: z
      .strictObject({
        field: z.string().min(1).describe('An aggregatable field, e.g. host.name, service.name, device.id'),
        limit: z.int().min(1).max(1000).default(10).describe('At most this many groups per run (top by count)'),
      })
      .optional()
      .describe('One alert per value of the field (terms aggregation)'),
    for: z.int().min(1).max(1000).default(1).describe('Consecutive breaching runs before firing (pending until then)'),
    renotify: durationText('While firing, notify again this often (default: never)').optional(),
    muted: z.boolean().default(false).describe('Evaluate but send nothing'),
    snoozed_until: z.iso.datetime({ offset: true }).optional().describe('Evaluate but send nothing until then'),
    message: template('Notification text').optional(),
    actions: z.array(actionSchema).max(20).default([]).describe('Where notifications go'),
    tags: z.array(z.string().max(100)).max(50).default([]),
  })
  .superRefine((rule, ctx) => {
    try {
      parseKql(rule.query);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['query'], message: (error as Error).message });
    }
    const ids = new Set<string>();
    rule.actions.forEach((a, i) => {
      const id = actionKey(a, i);
      if (ids.has(id))
        ctx.addIssue({ code: 'custom', path: ['actions', i, 'id'], message: `duplicate action id ${id}` });
      ids.add(id);
    });
    if (isDuration(rule.window) && parseInterval(rule.window) > 31 * 86_400_000)
      ctx.addIssue({ code: 'custom', path: ['window'], message: 'at most 31d' });
  });

export type Rule = z.infer<typeof ruleSchema>;
/** What a caller sends: defaults may be left out. */
export type RuleInput = z.input<typeof ruleSchema>;

/** Keys rules were written with before every key was snake_case, and their names now. */
const LEGACY_RULE_KEYS: Readonly<Record<string, string>> = { groupBy: 'group_by', snoozedUntil: 'snoozed_until' };

/**
 * A rule as written before its keys were all snake_case (`groupBy`, `snoozedUntil` — saved rules,
 * older rule files and clients), with those keys under their names now; anything else unchanged.
 * A key given both ways keeps the new one.
 */
export function upgradeRuleKeys(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const raw = input as Record<string, unknown>;
  if (!Object.keys(LEGACY_RULE_KEYS).some((k) => Object.hasOwn(raw, k))) return input;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const now = LEGACY_RULE_KEYS[key];
    if (now === undefined) out[key] = value;
    else if (!Object.hasOwn(raw, now)) out[now] = value;
  }
  return out;
}

/** The keys `upgradeRuleKeys` renamed in `input`: new name → the name the input wrote. */
export function legacyKeysIn(input: unknown): Record<string, string> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return {};
  const raw = input as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [old, now] of Object.entries(LEGACY_RULE_KEYS))
    if (Object.hasOwn(raw, old) && !Object.hasOwn(raw, now)) out[now] = old;
  return out;
}

/** Validates a rule (legacy keys upgraded first); throws INPUT_INVALID listing every problem (path: message). */
export function parseRule(input: unknown): Rule {
  const result = ruleSchema.safeParse(upgradeRuleKeys(input));
  if (result.success) return result.data;
  const issues = zodConfigIssues(result.error, { schema: ruleSchema, data: input });
  throw new DriftwoodError('INPUT_INVALID', `invalid alert rule: ${formatConfigIssues(undefined, issues, '; ')}`, {
    details: { issues },
  });
}

export function actionKey(action: Action, index: number): string {
  return action.id ?? `${action.type}-${index}`;
}

export interface RuleTiming {
  everyMs: number;
  windowMs: number;
  delayMs: number;
  renotifyMs?: number;
}

export function ruleTiming(rule: Rule): RuleTiming {
  return {
    everyMs: parseInterval(rule.every),
    windowMs: parseInterval(rule.window),
    delayMs: rule.delay ? parseInterval(rule.delay) : 0,
    renotifyMs: rule.renotify ? parseInterval(rule.renotify) : undefined,
  };
}

/** Whether a value breaches the rule's threshold (a missing value never does). */
export function breaches(condition: Condition, value: number | null): boolean {
  if (condition.type === 'no_data') return value === 0 || value === null;
  if (value === null || Number.isNaN(value)) return false;
  const t = condition.threshold;
  switch (condition.comparator) {
    case '>':
      return value > (t as number);
    case '>=':
      return value >= (t as number);
    case '<':
      return value < (t as number);
    case '<=':
      return value <= (t as number);
    case 'between': {
      const [lo, hi] = t as [number, number];
      return value >= lo && value <= hi;
    }
  }
}

/** `> 100`, `between 10 and 20`, `no data`. */
export function describeThreshold(condition: Condition): string {
  if (condition.type === 'no_data') return 'no data';
  const t = condition.threshold;
  return Array.isArray(t) ? `between ${t[0]} and ${t[1]}` : `${condition.comparator} ${t}`;
}

/** `count`, `p95(event.duration)`. */
export function describeMeasure(condition: Condition): string {
  return condition.type === 'metric' ? `${condition.agg}(${condition.field})` : 'count';
}
