/**
 * The editor's validation: core's `validateVisualization` (the same schema the API and the files
 * use), its lines split into a JSON path and a message put in the editor's words, plus what the
 * schema cannot know: the KQL parses, and each field picked suits its metric or breakdown. An
 * invalid visualization is never previewed or saved; each error is shown beside its part of the
 * form (`sectionOf`).
 */
import { type Visualization, validateKql, validateVisualization } from '@driftwood/core';
import {
  type FieldLike,
  fieldsForBucket,
  fieldsForLastSeen,
  fieldsForMetric,
  METRIC_TYPES,
  metricNeedsNumber,
} from './model.ts';

export interface FormError {
  /** The JSON path in the visualization (`data.metrics[0].field`; `(root)` for the whole). */
  path: string;
  message: string;
}

export type EditorValidation = { ok: true; visualization: Visualization } | { ok: false; errors: FormError[] };

const FILE = 'visualization';

/** `visualization: data.metrics[0].field: msg` → its path and message. */
export function splitIssue(line: string): FormError {
  const rest = line.startsWith(`${FILE}: `) ? line.slice(FILE.length + 2) : line;
  const i = rest.indexOf(': ');
  return i < 0 ? { path: '(root)', message: rest } : { path: rest.slice(0, i), message: rest.slice(i + 2) };
}

/** The schema's message in the editor's words, where it has better ones. */
export function editorMessage(path: string, message: string): string {
  const tooSmallString = /^Too small: expected string to have >=1 characters?$/.test(message);
  if (tooSmallString && /\.field$/.test(path)) return 'pick a field';
  if (tooSmallString && path === 'title') return 'give it a title';
  if (tooSmallString && /\.key$/.test(path)) return 'give the filter a name';
  if (tooSmallString && path === 'query') return 'write a query or leave it empty';
  if (/^Invalid input: expected number/.test(message)) return 'must be a number';
  return message;
}

const kqlError = (path: string, query: string | undefined): FormError[] => {
  if (query === undefined || query.trim() === '') return [];
  const v = validateKql(query);
  return v.ok ? [] : [{ path, message: `query: ${v.error.message} (column ${v.error.column})` }];
};

/** What the schema cannot check: the KQL, and that each picked field suits what uses it. */
export function extraErrors(viz: Visualization, fields: readonly FieldLike[]): FormError[] {
  const out: FormError[] = [...kqlError('query', viz.query)];
  const known = (name: string) => fields.find((f) => f.name === name);
  if (viz.type === 'last_seen') {
    const f = known(viz.options.field);
    if (fields.length > 0 && f && !fieldsForLastSeen(fields).includes(f))
      out.push({ path: 'options.field', message: `${f.name} is a ${f.type} field; pick a keyword field` });
    return out;
  }
  if (viz.type === 'markdown') return out;
  for (const [i, m] of viz.data.metrics.entries()) {
    if (!('field' in m) || m.field === '' || fields.length === 0) continue;
    const f = known(m.field);
    if (!f) continue; // a field the catalogue does not list (yet): the store answers for it
    if (!fieldsForMetric(m.type, fields).includes(f)) {
      const name = METRIC_TYPES.find((t) => t.type === m.type)?.label ?? m.type;
      out.push({
        path: `data.metrics[${i}].field`,
        message: metricNeedsNumber(m.type)
          ? `${name} needs a number field; ${f.name} is ${f.type}`
          : `${f.name} cannot be aggregated (${f.type})`,
      });
    }
  }
  for (const [i, b] of viz.data.buckets.entries()) {
    if (b.type === 'filters') {
      for (const [j, f] of b.filters.entries())
        out.push(...kqlError(`data.buckets[${i}].filters[${j}].query`, f.query));
      const keys = b.filters.map((f) => f.key);
      for (const [j, k] of keys.entries())
        if (keys.indexOf(k) !== j)
          out.push({ path: `data.buckets[${i}].filters[${j}].key`, message: `"${k}" is used twice` });
      continue;
    }
    if (!('field' in b) || b.field === '' || fields.length === 0) continue;
    const f = known(b.field);
    if (f && !fieldsForBucket(b.type, fields).includes(f)) {
      out.push({
        path: `data.buckets[${i}].field`,
        message:
          b.type === 'histogram'
            ? `${f.name} is ${f.type}; a numeric histogram needs a number field`
            : `${f.name} cannot be aggregated (${f.type})`,
      });
    }
  }
  return out;
}

/** Validates the editor's visualization with core's schema and the checks above. */
export function validateEditor(viz: Visualization, fields: readonly FieldLike[] = []): EditorValidation {
  const core = validateVisualization(viz, FILE);
  const schemaErrors = core.ok
    ? []
    : core.errors.map(splitIssue).map((e) => ({ path: e.path, message: editorMessage(e.path, e.message) }));
  const errors = [...schemaErrors, ...extraErrors(viz, fields)];
  if (core.ok && errors.length === 0) return { ok: true, visualization: core.visualization };
  return { ok: false, errors };
}

export type FormSection =
  | 'title'
  | 'description'
  | 'tags'
  | 'query'
  | 'type'
  | 'metrics'
  | 'buckets'
  | 'options'
  | 'time';

/** Where an error is shown: its section of the form and, for a list, the item's index. */
export function sectionOf(path: string): { section: FormSection; index?: number } {
  const m = /^data\.(metrics|buckets)(?:\[(\d+)\])?/.exec(path);
  if (m) return { section: m[1] as FormSection, ...(m[2] !== undefined ? { index: Number(m[2]) } : {}) };
  const head = path.split(/[.[]/)[0] ?? '';
  if (head === 'options') return { section: 'options' };
  if (head === 'time' || head === 'timeShift') return { section: 'time' };
  if (['title', 'description', 'tags', 'query'].includes(head)) return { section: head as FormSection };
  return { section: 'type' };
}

/** The errors of one section: all of them, one item's (`index`), or only the list's own (`null`). */
export function errorsFor(errors: readonly FormError[], section: FormSection, index?: number | null): FormError[] {
  return errors.filter((e) => {
    const s = sectionOf(e.path);
    if (s.section !== section) return false;
    if (index === undefined) return true;
    return index === null ? s.index === undefined : s.index === index;
  });
}
