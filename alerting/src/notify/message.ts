/**
 * What a notification says: the template values, the rendered text and subject, the Discover
 * link, and the JSON payload webhooks receive. Built once when the intent is recorded and stored
 * with it, so a re-send after a restart says exactly the same.
 */
import {
  describeMeasure,
  describeThreshold,
  type EvaluationWindow,
  type NotificationContent,
  printKql,
  type Rule,
  renderTemplate,
  type TemplateValues,
  type Transition,
} from '@driftwood/core';
import { alerts } from '@driftwood/store';

/** `${publicUrl}/discover?q=…&from=…&to=…` (ISO 8601 times), pre-filled with the query (and group). */
export function discoverLink(
  publicUrl: string,
  rule: Pick<Rule, 'query' | 'group_by'>,
  group: string | null,
  window: EvaluationWindow,
): string {
  const node = alerts.ruleQuery(rule, group);
  const params = new URLSearchParams({
    q: node.type === 'all' ? '' : printKql(node),
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
  });
  return `${publicUrl.replace(/\/+$/, '')}/discover?${params.toString()}`;
}

export function formatValue(value: number | null): string {
  if (value === null) return '';
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

export function buildContent(input: {
  id: string;
  rule: Rule;
  group: string | null;
  transition: Transition;
  value: number | null;
  window: EvaluationWindow;
  publicUrl: string;
}): NotificationContent {
  const { rule, group, transition, value, window } = input;
  const state = transition === 'resolved' ? 'resolved' : 'firing';
  const link = discoverLink(input.publicUrl, rule, group, window);
  const from = new Date(window.from).toISOString();
  const to = new Date(window.to).toISOString();
  const values: TemplateValues = {
    'rule.id': rule.id,
    'rule.name': rule.name,
    'rule.query': rule.query,
    'rule.tags': rule.tags.join(', '),
    measure: describeMeasure(rule.condition),
    value: formatValue(value),
    threshold: describeThreshold(rule.condition),
    group: group ?? '',
    'group.field': rule.group_by?.field ?? '',
    state,
    transition,
    time: to,
    'window.from': from,
    'window.to': to,
    link,
  };
  const text = rule.message ? renderTemplate(rule.message, values) : defaultText(values, rule.condition.type);
  const subject = defaultSubject(values);
  const c = rule.condition;
  return {
    text,
    subject,
    link,
    values,
    payload: {
      id: input.id,
      rule: { id: rule.id, name: rule.name, query: rule.query, tags: rule.tags },
      group: group === null || !rule.group_by ? null : { field: rule.group_by.field, value: group },
      transition,
      state,
      measure: values.measure,
      value,
      threshold: {
        comparator: c.type === 'no_data' ? 'no_data' : c.comparator,
        value: c.type === 'no_data' ? null : c.threshold,
        text: values.threshold,
      },
      window: { from, to },
      time: to,
      link,
      message: text,
    },
  };
}

function groupLabel(v: TemplateValues): string {
  return v.group ? ` [${v['group.field']}=${v.group}]` : '';
}

function defaultText(v: TemplateValues, type: Rule['condition']['type']): string {
  const head = `${v.state === 'resolved' ? 'RESOLVED' : v.transition === 'renotify' ? 'STILL FIRING' : 'FIRING'}: ${v['rule.name']}${groupLabel(v)}`;
  const what =
    type === 'no_data'
      ? v.state === 'resolved'
        ? 'data is arriving again'
        : 'no matching events'
      : `${v.measure} is ${v.value === '' ? 'unknown (no data)' : v.value} (threshold ${v.threshold})`;
  return `${head} — ${what} in ${v['window.from']} – ${v['window.to']}`;
}

/** Email subjects: the rule's subject template, or this. */
export function defaultSubject(v: TemplateValues): string {
  return `[Driftwood ${v.state === 'resolved' ? 'resolved' : 'firing'}] ${v['rule.name']}${groupLabel(v)}`;
}
