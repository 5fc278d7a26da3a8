/**
 * Reading log documents for display: flattening nested ECS documents to dotted fields,
 * formatting values as text, and identifying a document's source for the surrounding view.
 */
import { getField, type JsonValue, type LogDocument } from '@driftwood/core';

function isObject(v: unknown): v is { [key: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every leaf field as `[dotted.name, value]`, sorted by name (`@timestamp` first). Arrays are leaves. */
export function flattenDoc(doc: LogDocument): Array<[string, JsonValue]> {
  const out: Array<[string, JsonValue]> = [];
  const visit = (value: JsonValue, prefix: string): void => {
    if (isObject(value) && Object.keys(value).length > 0) {
      for (const [k, v] of Object.entries(value)) visit(v, prefix === '' ? k : `${prefix}.${k}`);
    } else if (prefix !== '') out.push([prefix, value]);
  };
  visit(doc, '');
  return out.sort(([a], [b]) => (a === '@timestamp' ? -1 : b === '@timestamp' ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

/** A value as one line of text: strings as is, arrays joined by `, `, objects as JSON. */
export function formatValue(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value))
    return value.map((v) => (isObject(v) || Array.isArray(v) ? JSON.stringify(v) : formatValue(v))).join(', ');
  return JSON.stringify(value);
}

export function fieldText(doc: LogDocument, field: string): string {
  return formatValue(getField(doc, field));
}

export function docTime(doc: LogDocument): number {
  const ts = getField(doc, '@timestamp');
  return typeof ts === 'string' ? Date.parse(ts) : typeof ts === 'number' ? ts : Number.NaN;
}

/** Fields that identify where an event came from: the file, else host + service. */
export function sourceOf(doc: LogDocument): Array<{ field: string; value: string }> {
  const path = getField(doc, 'log.file.path');
  if (typeof path === 'string' && path !== '') return [{ field: 'log.file.path', value: path }];
  const out: Array<{ field: string; value: string }> = [];
  for (const field of ['host.name', 'service.name']) {
    const v = getField(doc, field);
    if (typeof v === 'string' && v !== '') out.push({ field, value: v });
  }
  return out;
}

/** Lines after which a long value (stack trace) is collapsed. */
export const COLLAPSE_LINES = 6;

export function isLong(text: string): boolean {
  let lines = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10 && ++lines > COLLAPSE_LINES) return true;
  return text.length > 1200;
}

/** The first lines of a long value, for its collapsed view. */
export function collapsed(text: string): string {
  const lines = text.split('\n').slice(0, COLLAPSE_LINES).join('\n');
  return lines.length > 1200 ? `${lines.slice(0, 1200)}…` : `${lines}…`;
}
