/**
 * A tiny template language for notification texts: `{{rule.name}}` is replaced by the value of
 * that variable; whitespace inside the braces is allowed; nothing else (no logic, no escaping:
 * the output is plain text and each channel escapes it for its format).
 */

/** Every variable a template may use, with what it holds. */
export const TEMPLATE_VARIABLES = {
  'rule.id': 'the rule id',
  'rule.name': 'the rule name',
  'rule.query': 'the rule KQL query',
  'rule.tags': 'the rule tags, comma separated',
  measure: 'what is measured: count, avg(field), p95(field), ...',
  value: 'the measured value (empty when there was no data)',
  threshold: 'the threshold as text: > 100, between 1 and 5, no data',
  group: 'the group value (empty when the rule is not grouped)',
  'group.field': 'the field the rule groups by (empty when not grouped)',
  state: 'firing or resolved',
  transition: 'firing, renotify or resolved',
  time: 'the end of the evaluated window (ISO 8601)',
  'window.from': 'the start of the evaluated window (ISO 8601)',
  'window.to': 'the end of the evaluated window (ISO 8601)',
  link: 'Discover pre-filled with the query and the window',
} as const;

export type TemplateVariable = keyof typeof TEMPLATE_VARIABLES;
export type TemplateValues = Record<TemplateVariable, string>;

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Why a template is not valid, or undefined when it is. */
export function templateError(template: string): string | undefined {
  for (const match of template.matchAll(TOKEN)) {
    const name = match[1] ?? '';
    if (!(name in TEMPLATE_VARIABLES)) {
      return `unknown template variable {{${name}}}; known: ${Object.keys(TEMPLATE_VARIABLES).join(', ')}`;
    }
  }
  return undefined;
}

/** Replaces every `{{name}}`; unknown names are left as written. */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(TOKEN, (whole, name: string) =>
    name in values ? ((values as Record<string, string>)[name] ?? '') : whole,
  );
}
