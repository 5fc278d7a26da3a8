import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDashboardIssues, parseDashboard, validateDashboard, validateVisualization } from './parse.ts';
import { dashboardSchema } from './schema.ts';

const SHIPPED = new URL('../../../dashboards/web-access.json', import.meta.url);
const text = readFileSync(SHIPPED, 'utf8');
const valid = () => JSON.parse(text) as { panels: Array<Record<string, unknown>>; [key: string]: unknown };

describe('parseDashboard', () => {
  it('parses a shipped dashboard file', () => {
    const r = parseDashboard(text, 'dashboards/web-access.json');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.dashboard.panels.length).toBe(valid().panels.length);
  });

  it('reports text that is not JSON as one error at (root), naming the file', () => {
    const r = parseDashboard('{"id": "x", ', 'dashboards/broken.json');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toMatch(/^dashboards\/broken\.json: \(root\): not valid JSON: /);
    }
  });

  it('reports every problem, each as FILE: PATH: message, with a did-you-mean for a misspelt key', () => {
    const d = valid();
    d.refesh = '1m';
    d.panels[1] = { ...d.panels[1], titel: 'x' };
    d.panels[2] = { ...d.panels[2], id: d.panels[0]!.id };
    const r = parseDashboard(JSON.stringify(d), 'web.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(3);
    expect(r.errors.every((e) => e.startsWith('web.json: '))).toBe(true);
    expect(r.errors).toContain('web.json: refesh: unknown key `refesh` (did you mean `refresh`?)');
    // Inside a panel (a union by type) the key is named, without a hint.
    expect(r.errors.some((e) => e.startsWith('web.json: panels[1].titel: unknown key `titel`'))).toBe(true);
    expect(r.errors).toContain(`web.json: panels[2].id: duplicate panel id "${String(d.panels[0]!.id)}"`);
  });

  it('reports a value that is not a dashboard at all at (root)', () => {
    const r = parseDashboard('[1, 2]', 'list.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^list\.json: \(root\): /);
  });
});

describe('validateDashboard / validateVisualization', () => {
  it('validate parsed values, named `dashboard` / `visualization` unless told', () => {
    expect(validateDashboard(valid()).ok).toBe(true);
    const bad = validateDashboard({ ...valid(), title: 5 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatch(/^dashboard: title: /);
    const api = validateDashboard({ ...valid(), title: 5 }, 'PUT /api/dashboards/x');
    if (!api.ok) expect(api.errors[0]).toMatch(/^PUT \/api\/dashboards\/x: title: /);

    const viz = validateVisualization({ nonsense: true });
    expect(viz.ok).toBe(false);
    if (!viz.ok) expect(viz.errors.every((e) => e.startsWith('visualization: '))).toBe(true);
  });
});

describe('formatDashboardIssues', () => {
  it('lists the known keys when an unknown key is not close to any', () => {
    const value = { ...valid(), colour: 'blue' };
    const result = dashboardSchema.safeParse(value);
    expect(result.success).toBe(false);
    if (result.success) return;
    const [line] = formatDashboardIssues('d.json', result.error, dashboardSchema, value);
    expect(line).toMatch(/^d\.json: colour: unknown key `colour` \(known keys: id, title, /);
  });

  it('gives no hint without the schema', () => {
    const value = { ...valid(), colour: 'blue' };
    const result = dashboardSchema.safeParse(value);
    if (result.success) throw new Error('expected a failure');
    expect(formatDashboardIssues('d.json', result.error)).toEqual(['d.json: colour: unknown key `colour`']);
  });
});
