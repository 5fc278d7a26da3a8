/**
 * Request bodies (pure), by `content-type` (sniffed without one): `application/json` (one object,
 * or an array; NDJSON also accepted), `application/x-ndjson` / `application/jsonlines` (one value
 * per line, blank lines skipped), `text/plain` (every non-empty line is one message). Other JSON
 * values, invalid JSON or UTF-8, too-deep nesting → 400 naming the line or item.
 */
import { isPlainObject, type JsonValue } from '@driftwood/core';

/** One item of a request: a JSON object or a text message, with the text it came from. */
export interface BodyItem {
  value: { [key: string]: JsonValue } | string;
  raw: string;
}

export type ParsedBody = { ok: true; items: BodyItem[] } | { ok: false; status: 400 | 415; message: string };

const fatalDecoder = new TextDecoder('utf-8', { fatal: true });
const lenientDecoder = new TextDecoder('utf-8', { fatal: false });

/** True when `value` nests deeper than `max` (iterative: deep input cannot blow the stack). */
function tooDeep(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(v))
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function toItem(value: unknown, raw: string, where: string, maxDepth: number): BodyItem | string {
  if (typeof value === 'string') return { value, raw };
  if (!isPlainObject(value))
    return `${where}: expected a JSON object or string, got ${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'null' : typeof value}`;
  if (tooDeep(value, maxDepth)) return `${where}: JSON nests deeper than ${maxDepth} levels`;
  return { value, raw };
}

function ndjson(text: string, maxDepth: number): ParsedBody {
  const items: BodyItem[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const parsed = parseJson(line);
    if (!parsed.ok) return { ok: false, status: 400, message: `line ${i + 1}: invalid JSON (${parsed.error})` };
    const item = toItem(parsed.value, line, `line ${i + 1}`, maxDepth);
    if (typeof item === 'string') return { ok: false, status: 400, message: item };
    items.push(item);
  }
  return items.length === 0 ? { ok: false, status: 400, message: 'the body holds no events' } : { ok: true, items };
}

/** Parses a request body into items, or says why not (400/415). Never throws. */
export function parseBody(body: Buffer, contentType: string | undefined, maxDepth = 64): ParsedBody {
  const mime = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mime.startsWith('text/')) {
    const items = lenientDecoder
      .decode(body)
      .split('\n')
      .map((line) => line.replace(/\r$/, ''))
      .filter((line) => line !== '')
      .map((line) => ({ value: line, raw: line }));
    return items.length === 0 ? { ok: false, status: 400, message: 'the body holds no lines' } : { ok: true, items };
  }
  const json = [
    '',
    'application/json',
    'application/x-ndjson',
    'application/ndjson',
    'application/jsonlines',
    'application/x-jsonlines',
  ];
  if (!json.includes(mime)) {
    return { ok: false, status: 415, message: `content-type ${mime} is not accepted: use JSON, NDJSON or text/plain` };
  }
  let text: string;
  try {
    text = fatalDecoder.decode(body);
  } catch {
    return { ok: false, status: 400, message: 'the body is not valid UTF-8' };
  }
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, status: 400, message: 'the body is empty' };
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !trimmed.includes('\n'))) {
    const parsed = parseJson(trimmed);
    if (parsed.ok && Array.isArray(parsed.value)) {
      if (tooDeep(parsed.value, maxDepth + 1))
        return { ok: false, status: 400, message: `JSON nests deeper than ${maxDepth} levels` };
      const items: BodyItem[] = [];
      for (let i = 0; i < parsed.value.length; i++) {
        const v: unknown = parsed.value[i];
        const item = toItem(v, typeof v === 'string' ? v : JSON.stringify(v), `item ${i}`, maxDepth);
        if (typeof item === 'string') return { ok: false, status: 400, message: item };
        items.push(item);
      }
      return items.length === 0
        ? { ok: false, status: 400, message: 'the array holds no events' }
        : { ok: true, items };
    }
    if (parsed.ok) {
      const item = toItem(parsed.value, trimmed, 'body', maxDepth);
      return typeof item === 'string' ? { ok: false, status: 400, message: item } : { ok: true, items: [item] };
    }
    if (trimmed.startsWith('[')) return { ok: false, status: 400, message: `invalid JSON (${parsed.error})` };
  }
  return ndjson(text, maxDepth);
}
