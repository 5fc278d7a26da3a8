/**
 * The rule editor's model: the form (text inputs as typed) ↔ the rule JSON the alerting API takes,
 * with a message per field for what the user must fix. Pure: no React, no fetch.
 */
import { parseInterval, validateKql } from '@driftwood/core';
import type { Comparator, ConditionType, Issue, MetricAgg, Rule, RuleInput } from './types.ts';

export interface WebhookActionForm {
  type: 'webhook';
  id?: string;
  url: string;
  /** `Name: value`, one per line. */
  headers: string;
}
export interface SlackActionForm {
  type: 'slack';
  id?: string;
  url: string;
}
export interface EmailActionForm {
  type: 'email';
  id?: string;
  /** Addresses separated by commas, spaces or new lines. */
  to: string;
  subject: string;
}
export type ActionForm = WebhookActionForm | SlackActionForm | EmailActionForm;

export interface RuleForm {
  name: string;
  enabled: boolean;
  query: string;
  type: ConditionType;
  agg: MetricAgg;
  field: string;
  comparator: Comparator;
  threshold: string;
  /** The upper bound with `between`. */
  thresholdHigh: string;
  window: string;
  every: string;
  /** Empty: no delay. */
  delay: string;
  /** Empty: not grouped. */
  groupBy: string;
  groupLimit: string;
  for: string;
  /** Empty: never re-notify. */
  renotify: string;
  /** Empty: the default text. */
  message: string;
  actions: ActionForm[];
}

/** Form keys with a message, plus `actions.<i>.<key>` for actions and `form` for the rest. */
export type FormErrors = Record<string, string>;

export const WINDOW_CHOICES = ['1m', '5m', '10m', '15m', '30m', '1h', '6h', '24h'] as const;
export const EVERY_CHOICES = ['30s', '1m', '5m', '10m', '15m', '1h'] as const;

export function emptyForm(): RuleForm {
  return {
    name: '',
    enabled: true,
    query: '',
    type: 'count',
    agg: 'avg',
    field: '',
    comparator: '>',
    threshold: '',
    thresholdHigh: '',
    window: '5m',
    every: '1m',
    delay: '',
    groupBy: '',
    groupLimit: '10',
    for: '1',
    renotify: '',
    message: '',
    actions: [],
  };
}

export function emptyAction(type: ActionForm['type']): ActionForm {
  if (type === 'webhook') return { type, url: '', headers: '' };
  if (type === 'slack') return { type, url: '' };
  return { type, to: '', subject: '' };
}

const num = (n: number): string => String(n);

/** A stored rule as the form shows it. */
export function formFromRule(rule: Rule): RuleForm {
  const form = emptyForm();
  const c = rule.condition;
  form.name = rule.name;
  form.enabled = rule.enabled;
  form.query = rule.query;
  form.type = c.type;
  if (c.type !== 'no_data') {
    form.comparator = c.comparator;
    if (Array.isArray(c.threshold)) {
      form.threshold = num(c.threshold[0]);
      form.thresholdHigh = num(c.threshold[1]);
    } else form.threshold = num(c.threshold);
  }
  if (c.type === 'metric') {
    form.agg = c.agg;
    form.field = c.field;
  }
  form.window = rule.window;
  form.every = rule.every;
  form.delay = rule.delay ?? '';
  form.groupBy = rule.group_by?.field ?? '';
  form.groupLimit = num(rule.group_by?.limit ?? 10);
  form.for = num(rule.for);
  form.renotify = rule.renotify ?? '';
  form.message = rule.message ?? '';
  form.actions = rule.actions.map((a): ActionForm => {
    const id = a.id === undefined ? {} : { id: a.id };
    if (a.type === 'webhook')
      return {
        type: 'webhook',
        ...id,
        url: a.url,
        headers: Object.entries(a.headers ?? {})
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n'),
      };
    if (a.type === 'slack') return { type: 'slack', ...id, url: a.url };
    return { type: 'email', ...id, to: a.to.join(', '), subject: a.subject ?? '' };
  });
  return form;
}

function durationError(text: string, required: boolean): string | undefined {
  const t = text.trim();
  if (t === '') return required ? 'required, e.g. 5m' : undefined;
  try {
    if (parseInterval(t) < 1000) return 'at least 1s';
  } catch {
    return 'a number and a unit (s, m, h, d, w), e.g. 5m';
  }
  return undefined;
}

function numberError(text: string): string | undefined {
  if (text.trim() === '') return 'required';
  return Number.isFinite(Number(text)) ? undefined : 'must be a number';
}

function intError(text: string, min: number, max: number): string | undefined {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) && n >= min && n <= max
    ? undefined
    : `a whole number from ${min} to ${max}`;
}

function urlError(text: string): string | undefined {
  const t = text.trim();
  if (t === '') return 'required';
  try {
    const u = new URL(t);
    return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : 'must start with http:// or https://';
  } catch {
    return 'not a valid URL';
  }
}

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

export function splitAddresses(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function parseHeaders(text: string): { headers: Record<string, string>; error?: string } {
  const headers: Record<string, string> = {};
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) return { headers, error: `line ${i + 1}: expected "Name: value"` };
    headers[name] = line.slice(colon + 1).trim();
  }
  return { headers };
}

/** Everything the user must fix before the rule can be previewed or saved (empty: none). */
export function validateForm(form: RuleForm): FormErrors {
  const errors: FormErrors = {};
  const set = (key: string, message: string | undefined) => {
    if (message !== undefined) errors[key] = message;
  };
  if (form.name.trim() === '') errors.name = 'required';
  else if (form.name.trim().length > 200) errors.name = 'at most 200 characters';
  const kql = validateKql(form.query);
  if (!kql.ok) errors.query = kql.error.message;
  set('window', durationError(form.window, true));
  set('every', durationError(form.every, true));
  set('delay', durationError(form.delay, false));
  set('renotify', durationError(form.renotify, false));
  if (!errors.window && parseInterval(form.window) > 31 * 86_400_000) errors.window = 'at most 31d';
  if (form.type === 'metric' && form.field.trim() === '') errors.field = 'required: a numeric field';
  if (form.type !== 'no_data') {
    set('threshold', numberError(form.threshold));
    if (form.comparator === 'between') {
      set('thresholdHigh', numberError(form.thresholdHigh));
      if (!errors.threshold && !errors.thresholdHigh && Number(form.threshold) > Number(form.thresholdHigh))
        errors.thresholdHigh = 'must not be below the low threshold';
    }
  }
  if (form.groupBy.trim() !== '') set('groupLimit', intError(form.groupLimit, 1, 1000));
  set('for', intError(form.for, 1, 1000));
  form.actions.forEach((a, i) => {
    if (a.type === 'email') {
      const to = splitAddresses(a.to);
      if (to.length === 0) errors[`actions.${i}.to`] = 'at least one address';
      else {
        const bad = to.find((addr) => !EMAIL.test(addr));
        if (bad) errors[`actions.${i}.to`] = `not an email address: ${bad}`;
      }
    } else set(`actions.${i}.url`, urlError(a.url));
    if (a.type === 'webhook') set(`actions.${i}.headers`, parseHeaders(a.headers).error);
  });
  return errors;
}

function threshold(form: RuleForm): number | [number, number] {
  return form.comparator === 'between' ? [Number(form.threshold), Number(form.thresholdHigh)] : Number(form.threshold);
}

/**
 * The rule JSON for the form (assumes `validateForm` found nothing). Optional keys the form
 * leaves empty are absent — or `null` with `forPatch`, which removes them from a stored rule.
 */
export function formToRule(form: RuleForm, options: { forPatch?: boolean } = {}): Record<string, unknown> {
  const absent = options.forPatch ? null : undefined;
  const opt = (text: string): string | null | undefined => (text.trim() === '' ? absent : text.trim());
  const condition: RuleInput['condition'] =
    form.type === 'no_data'
      ? { type: 'no_data' }
      : form.type === 'metric'
        ? {
            type: 'metric',
            agg: form.agg,
            field: form.field.trim(),
            comparator: form.comparator,
            threshold: threshold(form),
          }
        : { type: 'count', comparator: form.comparator, threshold: threshold(form) };
  const rule: Record<string, unknown> = {
    name: form.name.trim(),
    enabled: form.enabled,
    query: form.query.trim(),
    every: form.every.trim(),
    window: form.window.trim(),
    delay: opt(form.delay),
    condition,
    group_by: form.groupBy.trim() === '' ? absent : { field: form.groupBy.trim(), limit: Number(form.groupLimit) },
    for: Number(form.for),
    renotify: opt(form.renotify),
    message: form.message.trim() === '' ? absent : form.message,
    actions: form.actions.map((a) => {
      const id = a.id === undefined ? {} : { id: a.id };
      if (a.type === 'webhook')
        return { type: 'webhook', ...id, url: a.url.trim(), headers: parseHeaders(a.headers).headers };
      if (a.type === 'slack') return { type: 'slack', ...id, url: a.url.trim() };
      return {
        type: 'email',
        ...id,
        to: splitAddresses(a.to),
        ...(a.subject.trim() === '' ? {} : { subject: a.subject }),
      };
    }),
  };
  for (const key of Object.keys(rule)) if (rule[key] === undefined) delete rule[key];
  return rule;
}

/**
 * Server-side validation issues (rule key paths) → form keys, so each message shows at its input.
 * Paths the form has no input for go to `form`.
 */
export function issuesToErrors(issues: readonly Issue[]): FormErrors {
  const errors: FormErrors = {};
  const add = (key: string, message: string) => {
    errors[key] = errors[key] ? `${errors[key]}; ${message}` : message;
  };
  for (const issue of issues) {
    const p = issue.path;
    const direct: Record<string, string> = {
      name: 'name',
      query: 'query',
      window: 'window',
      every: 'every',
      delay: 'delay',
      for: 'for',
      renotify: 'renotify',
      message: 'message',
      'condition.threshold': 'threshold',
      'condition.field': 'field',
      'condition.agg': 'agg',
      'condition.comparator': 'comparator',
      'group_by.field': 'groupBy',
      'group_by.limit': 'groupLimit',
    };
    const action = /^actions\[(\d+)\](?:\.(\w+))?/.exec(p);
    if (direct[p]) add(direct[p], issue.message);
    else if (action) add(`actions.${action[1]}.${action[2] ?? 'url'}`, issue.message);
    else add('form', p ? `${p}: ${issue.message}` : issue.message);
  }
  return errors;
}

/** Readable summary of a condition: `count > 10`, `p95(event.duration) between 1 and 5`, `no data`. */
export function describeCondition(condition: Rule['condition']): string {
  if (condition.type === 'no_data') return 'no data';
  const measure = condition.type === 'metric' ? `${condition.agg}(${condition.field})` : 'count';
  const t = condition.threshold;
  return Array.isArray(t) ? `${measure} between ${t[0]} and ${t[1]}` : `${measure} ${condition.comparator} ${t}`;
}

/** The errors to show: all once the form was submitted, else only those of fields the user changed. */
export function visibleErrors(errors: FormErrors, touched: ReadonlySet<string>, submitted: boolean): FormErrors {
  if (submitted) return errors;
  const out: FormErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    const root = key.split('.')[0] ?? key;
    const owner = root === 'thresholdHigh' ? 'thresholdHigh' : root;
    if (touched.has(owner) || (key === 'groupLimit' && touched.has('groupBy'))) out[key] = message;
  }
  return out;
}
