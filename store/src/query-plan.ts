/**
 * KQL resolved against the field catalogue into a small plan that every backend compiles
 * the same way (SQL for the embedded store, Query DSL for the search engines). All the
 * decisions about what a value means for a field type are made here, once.
 */
import {
  DriftwoodError,
  type FieldType,
  fieldPatternMatcher,
  hasWildcard,
  isWildcardField,
  type KqlNode,
  type KqlPatternPart,
  type KqlValue,
  parseKql,
  parseTime,
  termWords,
} from '@driftwood/core';
import { TEXT_FIELDS } from './contract.ts';
import { coerce, isIp } from './field-catalog.ts';
import { tokenize } from './tokenizer.ts';

export type Plan =
  | { op: 'all' }
  | { op: 'none' }
  | { op: 'and'; children: Plan[] }
  | { op: 'or'; children: Plan[] }
  | { op: 'not'; child: Plan }
  /** Any of the (lower-cased) tokens occurs in the text field. */
  | { op: 'text_any'; field: string; tokens: string[] }
  /** The tokens occur consecutively. */
  | { op: 'text_phrase'; field: string; tokens: string[] }
  /** Some token matches the lower-cased pattern (whole token). */
  | { op: 'text_wildcard'; field: string; pattern: KqlPatternPart[] }
  | { op: 'keyword_eq'; field: string; value: string }
  /** Whole value matches the pattern, case-sensitive. */
  | { op: 'keyword_wildcard'; field: string; pattern: KqlPatternPart[] }
  | { op: 'number_eq'; field: string; value: number }
  | { op: 'bool_eq'; field: string; value: boolean }
  | { op: 'ip_eq'; field: string; value: string }
  /** IPv4 addresses from `first` to `last` inclusive (as 32-bit numbers). */
  | { op: 'ip_cidr'; field: string; first: number; last: number }
  | {
      op: 'range';
      field: string;
      kind: 'number' | 'date' | 'keyword';
      gt?: number | string;
      gte?: number | string;
      lt?: number | string;
      lte?: number | string;
    }
  | { op: 'exists'; field: string };

export interface FieldTypes {
  get(name: string): FieldType | undefined;
  readonly types: Map<string, FieldType>;
}

export interface PlanOptions {
  /** `now` for date math in ranges (`@timestamp > now-1h`). */
  now?: number;
}

export function planQuery(query: string | KqlNode | undefined, catalog: FieldTypes, options: PlanOptions = {}): Plan {
  const ast = query === undefined ? ({ type: 'all' } as const) : typeof query === 'string' ? parseKql(query) : query;
  return simplify(planNode(ast, catalog, options.now ?? Date.now(), ''));
}

function planNode(node: KqlNode, catalog: FieldTypes, now: number, prefix: string): Plan {
  switch (node.type) {
    case 'all':
      return { op: 'all' };
    case 'and':
      return { op: 'and', children: node.children.map((c) => planNode(c, catalog, now, prefix)) };
    case 'or':
      return { op: 'or', children: node.children.map((c) => planNode(c, catalog, now, prefix)) };
    case 'not':
      return { op: 'not', child: planNode(node.child, catalog, now, prefix) };
    case 'nested':
      return planNode(node.query, catalog, now, `${prefix}${node.path}.`);
    case 'exists':
      return anyField(resolveFields(prefix + node.field, catalog), (field) => ({ op: 'exists', field }));
    case 'range':
      return anyField(resolveFields(prefix + node.field, catalog), (field, type) =>
        planRange(field, type, node.op, node.value, now),
      );
    case 'match': {
      if (node.field === null && prefix === '') {
        return anyField(
          TEXT_FIELDS.map((f) => [f, 'text'] as [string, FieldType]),
          (field, type) => planMatch(field, type, node.value),
        );
      }
      const fieldName = node.field === null ? prefix.slice(0, -1) : prefix + node.field;
      return anyField(resolveFields(fieldName, catalog), (field, type) => planMatch(field, type, node.value));
    }
  }
}

/**
 * Known fields a (possibly wildcard) field name refers to. Unknown → none. A wildcard name is
 * matched against every catalogue field in linear time (field names are ingested, so
 * attacker-controlled); one longer than KQL_MAX_FIELD_PATTERN_LENGTH is INPUT_INVALID.
 */
function resolveFields(name: string, catalog: FieldTypes): Array<[string, FieldType]> {
  if (!isWildcardField(name)) {
    const type = catalog.get(name);
    return type === undefined || type === 'object' ? [] : [[name, type]];
  }
  const matches = fieldPatternMatcher(name);
  return [...catalog.types.entries()]
    .filter(([field, type]) => type !== 'object' && matches(field))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function anyField(fields: Array<[string, FieldType]>, build: (field: string, type: FieldType) => Plan): Plan {
  const plans = fields.map(([field, type]) => build(field, type)).filter((p) => p.op !== 'none');
  if (plans.length === 0) return { op: 'none' };
  if (plans.length === 1) return plans[0] as Plan;
  return { op: 'or', children: plans };
}

function planMatch(field: string, type: FieldType, value: KqlValue): Plan {
  switch (type) {
    case 'text':
      return planText(field, value);
    case 'keyword':
      if (hasWildcard(value)) return { op: 'keyword_wildcard', field, pattern: value.pattern };
      return { op: 'keyword_eq', field, value: value.text };
    case 'long':
    case 'double': {
      if (hasWildcard(value)) return { op: 'none' };
      const c = coerce(type === 'long' ? 'double' : type, value.text);
      return c.ok && typeof c.value === 'number' ? { op: 'number_eq', field, value: c.value } : { op: 'none' };
    }
    case 'boolean': {
      if (hasWildcard(value)) return { op: 'none' };
      const c = coerce('boolean', value.text);
      return c.ok && typeof c.value === 'boolean' ? { op: 'bool_eq', field, value: c.value } : { op: 'none' };
    }
    case 'ip':
      return planIp(field, value);
    case 'date':
      return planDateMatch(field, value);
    case 'object':
      return { op: 'none' };
  }
}

function planText(field: string, value: KqlValue): Plan {
  if (value.kind === 'phrase') {
    const tokens = tokenize(value.text);
    if (tokens.length === 0) return { op: 'none' };
    return tokens.length === 1 ? { op: 'text_any', field, tokens } : { op: 'text_phrase', field, tokens };
  }
  const words = termWords(value);
  const plans: Plan[] = [];
  const plainTokens: string[] = [];
  for (const word of words) {
    if (hasWildcard(word)) {
      plans.push({
        op: 'text_wildcard',
        field,
        pattern: word.pattern.map((p) => (typeof p === 'string' ? p.toLowerCase() : p)),
      });
    } else {
      plainTokens.push(...tokenize(word.text));
    }
  }
  if (plainTokens.length > 0) plans.unshift({ op: 'text_any', field, tokens: [...new Set(plainTokens)] });
  if (plans.length === 0) return { op: 'none' };
  return plans.length === 1 ? (plans[0] as Plan) : { op: 'or', children: plans };
}

function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function planIp(field: string, value: KqlValue): Plan {
  if (hasWildcard(value)) return { op: 'none' };
  const text = value.text.trim();
  const cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(text);
  if (cidr) {
    const [, base, bitsText] = cidr;
    const bits = Number(bitsText);
    if (!isIp(base as string) || bits > 32) return { op: 'none' };
    const size = 2 ** (32 - bits);
    const first = Math.floor(ipv4ToNumber(base as string) / size) * size;
    return { op: 'ip_cidr', field, first, last: first + size - 1 };
  }
  return isIp(text) ? { op: 'ip_eq', field, value: canonicalIp(text) } : { op: 'none' };
}

/** Lower-case IPv6 as the engines print it; IPv4 unchanged. */
export function canonicalIp(ip: string): string {
  return ip.includes(':') ? ip.toLowerCase() : ip;
}

export function ipv4Number(ip: string): number | undefined {
  return /^\d+\.\d+\.\d+\.\d+$/.test(ip) ? ipv4ToNumber(ip) : undefined;
}

/** `@timestamp:2024-05-01` covers the unit written: a day, a minute, a second or a millisecond. */
function planDateMatch(field: string, value: KqlValue): Plan {
  if (hasWildcard(value)) return { op: 'none' };
  const text = value.text.trim();
  const parsed = parseDateValue(text, Date.now());
  if (parsed === undefined) return { op: 'none' };
  const m = /^\d{4}-\d{2}-\d{2}(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(\.\d+)?)?)?)?/.exec(text);
  let span = 1;
  if (m) {
    if (m[1] === undefined) span = 86_400_000;
    else if (m[2] === undefined) span = 3_600_000;
    else if (m[3] === undefined) span = 60_000;
    else if (m[4] === undefined) span = 1000;
  }
  return { op: 'range', field, kind: 'date', gte: parsed, lt: parsed + span };
}

function parseDateValue(text: string, now: number): number | undefined {
  try {
    return parseTime(text, new Date(now)).getTime();
  } catch {
    return undefined;
  }
}

function planRange(field: string, type: FieldType, op: 'gt' | 'gte' | 'lt' | 'lte', raw: string, now: number): Plan {
  switch (type) {
    case 'long':
    case 'double': {
      const c = coerce('double', raw);
      return c.ok && typeof c.value === 'number'
        ? { op: 'range', field, kind: 'number', [op]: c.value }
        : { op: 'none' };
    }
    case 'date': {
      let ms: number | undefined;
      try {
        ms = parseTime(raw, new Date(now), op === 'gt' || op === 'lte').getTime();
      } catch (error) {
        throw new DriftwoodError('KQL_SYNTAX', `Invalid date "${raw}" for ${field}`, {
          cause: error,
          details: { field },
        });
      }
      return { op: 'range', field, kind: 'date', [op]: ms };
    }
    case 'keyword':
      return { op: 'range', field, kind: 'keyword', [op]: raw };
    case 'ip': {
      const n = ipv4Number(raw);
      if (n === undefined) return { op: 'none' };
      const first = op === 'gt' ? n + 1 : op === 'gte' ? n : 0;
      const last = op === 'lt' ? n - 1 : op === 'lte' ? n : 2 ** 32 - 1;
      return first > last ? { op: 'none' } : { op: 'ip_cidr', field, first, last };
    }
    default:
      return { op: 'none' };
  }
}

/** Folds constants: all/none through and/or/not; flattens nested and/or. */
export function simplify(plan: Plan): Plan {
  switch (plan.op) {
    case 'and': {
      const children: Plan[] = [];
      for (const c of plan.children.map(simplify)) {
        if (c.op === 'none') return { op: 'none' };
        if (c.op === 'all') continue;
        if (c.op === 'and') children.push(...c.children);
        else children.push(c);
      }
      if (children.length === 0) return { op: 'all' };
      return children.length === 1 ? (children[0] as Plan) : { op: 'and', children };
    }
    case 'or': {
      const children: Plan[] = [];
      for (const c of plan.children.map(simplify)) {
        if (c.op === 'all') return { op: 'all' };
        if (c.op === 'none') continue;
        if (c.op === 'or') children.push(...c.children);
        else children.push(c);
      }
      if (children.length === 0) return { op: 'none' };
      return children.length === 1 ? (children[0] as Plan) : { op: 'or', children };
    }
    case 'not': {
      const child = simplify(plan.child);
      if (child.op === 'all') return { op: 'none' };
      if (child.op === 'none') return { op: 'all' };
      return { op: 'not', child };
    }
    default:
      return plan;
  }
}
