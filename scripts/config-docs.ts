/**
 * Generates `docs/configuration.md`, the configuration reference, from the zod schemas (their
 * `.describe()` texts are the docs): the shipper file (top level, queues, every input, processor
 * and output type), the indexer file and alert rules.
 *
 *   node scripts/config-docs.ts           writes docs/configuration.md
 *   node scripts/config-docs.ts --check   exits 1 when docs/configuration.md is out of date
 *
 * `scripts/config-docs.test.ts` fails when the committed file differs from what this renders.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { alertingConfigSchema } from '@driftwood/alerting';
import { ruleSchema } from '@driftwood/core';
import { configSchema as indexerSchema } from '@driftwood/indexer';
import { diskQueueSchema, memoryQueueSchema, OUTPUTS, PROCESSORS, SOURCES, topSchema } from '@driftwood/shipper';
import { z } from 'zod';

export const OUTPUT_FILE = path.resolve(import.meta.dirname, '../docs/configuration.md');

/** The shipper file's top level (the schema `parseConfig` uses). */
export const shipperTopSchema = topSchema;

/** The examples in the reference (`config-docs.test.ts` checks that each one validates). */
export const SHIPPER_EXAMPLE = `inputs:
  - type: file
    paths: ["/var/log/app/app.log*"]
    multiline: { pattern: '^\\s', match: after }   # indented lines continue the previous one
processors:
  - { type: drop_event, when: 'log.level:debug' }
queue:
  type: disk
  path: queue                # relative to --data
output:
  type: bulk
  url: http://127.0.0.1:9280 # the indexer, OpenSearch or Elasticsearch
  index: logs-app
`;

export const INDEXER_EXAMPLE = `listen: 0.0.0.0:9280
api_keys: ["change-me-to-a-long-random-key"]
pipelines:
  "nginx-*": nginx
  "logs-*": auto
store: { type: embedded, data: ./data }
`;

export const RULES_EXAMPLE = `rules:
  - id: checkout-errors
    name: Checkout errors
    query: service.name:checkout and log.level:error
    every: 1m
    window: 5m
    condition: { type: count, comparator: ">", threshold: 20 }
    group_by: { field: host.name }
    actions:
      - { type: slack, url: "https://hooks.slack.com/services/T000/B000/XXXX" }
`;

export const ALERTING_EXAMPLE = `egress:
  allow: ['mail.internal', '10.20.0.0/16']   # host names, *.suffix, addresses or CIDRs
tls:
  ca_file: /etc/driftwood/tls/ca.crt
`;

// ---------------------------------------------------------------------------------------------
// JSON Schema → Markdown tables

interface Json {
  type?: string | string[];
  description?: string;
  default?: unknown;
  const?: unknown;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, Json>;
  required?: string[];
  additionalProperties?: Json | boolean;
  items?: Json | boolean;
  prefixItems?: Json[];
  anyOf?: Json[];
  oneOf?: Json[];
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function toJson(schema: z.ZodType): Json {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
}

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const code = (text: string): string => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``);

function literal(value: unknown): string {
  if (typeof value === 'string') return code(value === '' ? '""' : value);
  return code(JSON.stringify(value));
}

const BINARY_UNITS: Array<[number, string]> = [
  [1024 ** 3, 'GiB'],
  [1024 ** 2, 'MiB'],
  [1024, 'KiB'],
];

/** `1048576` → `1048576` (1 MiB) for byte sizes; `86400000` → (24 h) for durations. */
function humanize(key: string, value: unknown): string {
  if (typeof value !== 'number' || value === 0) return '';
  if (/bytes$/.test(key)) {
    for (const [size, unit] of BINARY_UNITS)
      if (value >= size && value % size === 0) return ` (${value / size} ${unit})`;
  }
  if (/_ms$/.test(key) && value >= 60_000) {
    if (value % 3_600_000 === 0) return ` (${value / 3_600_000} h)`;
    if (value % 60_000 === 0) return ` (${value / 60_000} min)`;
  }
  return '';
}

/** ` ≥ 1`, ` 1–100`, ` > 0` (an integer's exclusive bound becomes an inclusive one). */
function range(s: Json): string {
  let lo = s.minimum !== undefined && s.minimum > -MAX_SAFE ? s.minimum : undefined;
  if (lo === undefined && s.exclusiveMinimum !== undefined) {
    if (s.type !== 'integer') return ` > ${s.exclusiveMinimum}`;
    lo = s.exclusiveMinimum + 1;
  }
  const hi = s.maximum !== undefined && s.maximum < MAX_SAFE ? s.maximum : undefined;
  if (lo !== undefined && hi !== undefined) return ` ${lo}–${hi}`;
  if (lo !== undefined) return ` ≥ ${lo}`;
  if (hi !== undefined) return ` ≤ ${hi}`;
  return '';
}

const FORMATS: Record<string, string> = { uri: 'URL', email: 'email', 'date-time': 'date-time (ISO 8601)' };

const isObject = (s: Json): boolean => s.type === 'object' && s.properties !== undefined;
const variants = (s: Json): Json[] | undefined => s.oneOf ?? s.anyOf;

/** The `type:` value of an object variant (discriminated unions). */
const tag = (s: Json): unknown => s.properties?.type?.const;

function typeName(s: Json): string {
  if (s.const !== undefined) return literal(s.const);
  if (s.enum) return s.enum.map(literal).join(' | ');
  const options = variants(s);
  if (options) {
    if (options.every((o) => isObject(o) && tag(o) !== undefined))
      return `object, by \`type\`: ${options.map((o) => literal(tag(o))).join(', ')}`;
    return options.map(typeName).join(' or ');
  }
  const type = Array.isArray(s.type) ? s.type.join(' or ') : s.type;
  switch (type) {
    case 'integer':
    case 'number':
      return `${type}${range(s)}`;
    case 'string':
      return (s.format && FORMATS[s.format]) || 'string';
    case 'boolean':
      return 'boolean';
    case 'array': {
      if (s.prefixItems) return `[${s.prefixItems.map(typeName).join(', ')}]`;
      const item = s.items && s.items !== true ? typeName(s.items) : 'any';
      const list = /\s/.test(item) ? `list of ${item}` : `${item}[]`;
      if (s.minItems !== undefined && s.minItems > 0) return `${list} (at least ${s.minItems})`;
      return list;
    }
    case 'object': {
      const values = s.additionalProperties;
      if (!s.properties && values && typeof values === 'object')
        return `map: name → ${typeName(values) === 'any' ? 'any value' : typeName(values)}`;
      return 'object';
    }
    default:
      return 'any';
  }
}

interface Row {
  key: string;
  type: string;
  default: string;
  description: string;
}

interface Table {
  /** Heading of the table (`undefined` for the main one). */
  title?: string;
  intro?: string;
  rows: Row[];
}

interface WalkOptions {
  /** Keys not listed (documented once elsewhere, like `type` and `id`). */
  skip?: ReadonlySet<string>;
  /** Keys listed without the keys inside them (documented in their own sections). */
  shallow?: ReadonlySet<string>;
}

/** Rows for every key of an object schema, nested objects and lists of objects flattened with dots. */
function walk(schema: Json, prefix: string, tables: Table[], rows: Row[], options: WalkOptions = {}): void {
  const required = new Set(schema.required ?? []);
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (prefix === '' && options.skip?.has(key)) continue;
    const name = `${prefix}${key}`;
    const fallback = required.has(key) ? '**required**' : '—';
    rows.push({
      key: name,
      type: typeName(prop),
      default: prop.default !== undefined ? `${literal(prop.default)}${humanize(key, prop.default)}` : fallback,
      description: prop.description ?? '',
    });
    if (!(prefix === '' && options.shallow?.has(key))) nested(prop, name, tables, rows);
  }
}

/** Keys inside a property: an object's keys, a list's item keys, or one table per union variant. */
function nested(prop: Json, name: string, tables: Table[], rows: Row[]): void {
  if (isObject(prop)) {
    walk(prop, `${name}.`, tables, rows);
    return;
  }
  const item = prop.type === 'array' && prop.items && prop.items !== true ? prop.items : undefined;
  if (item) {
    nested(item, `${name}[]`, tables, rows);
    return;
  }
  const options = variants(prop);
  if (!options) return;
  if (options.every((o) => isObject(o) && tag(o) !== undefined)) {
    for (const option of options) {
      const table: Table = { title: `\`${name}\` with \`type: ${String(tag(option))}\``, rows: [] };
      if (option.description) table.intro = option.description;
      tables.push(table);
      walk(option, `${name}.`, tables, table.rows);
    }
    return;
  }
  for (const option of options) nested(option, name, tables, rows);
}

function renderTable(rows: Row[]): string {
  const lines = ['| key | type | default | description |', '| --- | --- | --- | --- |'];
  for (const r of rows)
    lines.push(`| ${code(r.key)} | ${cell(r.type)} | ${cell(r.default)} | ${cell(r.description)} |`);
  return lines.join('\n');
}

/** A heading, an intro, the key table, then the tables of union variants (if any). */
function section(level: number, title: string, intro: string, schema: z.ZodType, options: WalkOptions = {}): string {
  const json = toJson(schema);
  const tables: Table[] = [];
  const rows: Row[] = [];
  walk(json, '', tables, rows, options);
  const parts = [`${'#'.repeat(level)} ${title}`];
  if (intro) parts.push(intro);
  if (rows.length > 0) parts.push(renderTable(rows));
  else parts.push('No settings besides `type`.');
  for (const t of tables) {
    parts.push(`${'#'.repeat(level + 1)} ${t.title}`);
    if (t.intro) parts.push(t.intro);
    parts.push(renderTable(t.rows));
  }
  return parts.join('\n\n');
}

/** Each module once (aliases point at the same module), in registration order. */
function modules<T extends { type: string; configSchema: z.ZodType; aliases?: string[] }>(
  map: ReadonlyMap<string, T>,
): T[] {
  return [...new Set(map.values())];
}

function componentSections(
  kind: 'input' | 'processor' | 'output',
  map: ReadonlyMap<string, { type: string; configSchema: z.ZodType; aliases?: string[] }>,
): string[] {
  // Inputs: `id` is handled by the config loader for every input (see above), so it is not repeated.
  const skip = new Set(kind === 'input' ? ['type', 'id'] : ['type']);
  return modules(map).map((m) => {
    const alias = m.aliases?.length ? ` (alias ${m.aliases.map((a) => `\`${a}\``).join(', ')})` : '';
    return section(4, `\`type: ${m.type}\`${alias}`, '', m.configSchema, { skip });
  });
}

// ---------------------------------------------------------------------------------------------

export function renderConfigurationReference(): string {
  const sourceTypes = modules(SOURCES).map((m) => `\`${m.type}\``);
  const processorTypes = modules(PROCESSORS).map((m) => `\`${m.type}\``);
  const outputTypes = modules(OUTPUTS).map((m) => `\`${m.type}\``);
  const parts: string[] = [
    '# Configuration reference',
    [
      '<!-- Generated by `node scripts/config-docs.ts` from the zod schemas; do not edit by hand.',
      '     scripts/config-docs.test.ts fails when this file is out of date. -->',
    ].join('\n'),
    [
      'Every Driftwood configuration is a zod schema: defaults are filled in, unknown keys are errors',
      'that name the key and its line, and the whole file is validated once at start. The',
      'descriptions below are the schemas’ own. “—” means optional without a default;',
      'durations ending in `_ms` are milliseconds, sizes ending in `_bytes` are bytes.',
    ].join('\n'),
    [
      '- [Shipper](#shipper-driftwood-ship---config-file) — [inputs](#inputs), [processors](#processors),',
      '  [queue](#queue), [output](#output)',
      '- [Indexer](#indexer-driftwood-index---config-file)',
      '- [Alert rules](#alert-rules)',
      '- [Alerting service](#alerting-service-driftwood-alerts---config-file)',
    ].join('\n'),
    '## Shipper (`driftwood ship --config FILE`)',
    [
      'YAML with `inputs:`, `processors:`, `queue:`, `output:` and optionally `http:`. Check a file',
      'without running it: `driftwood ship --config FILE --check`.',
      '',
      '```yaml',
      SHIPPER_EXAMPLE.trimEnd(),
      '```',
    ].join('\n'),
    section(3, 'Top level', '', shipperTopSchema, {
      shallow: new Set(['inputs', 'processors', 'queue', 'output']),
    }),
    '### Inputs',
    [
      `Types: ${sourceTypes.join(', ')}. Every input also takes \`id:\` (letters, digits, \`_\`, \`.\`,`,
      '`-`; unique in the file; default `<type>-<n>`, n counting inputs of that type from 1). The id',
      'names the input’s checkpoints and goes into its event ids, so keep it stable.',
    ].join('\n'),
    ...componentSections('input', SOURCES),
    '### Processors',
    `Types: ${processorTypes.join(', ')}. They run in the order listed, on every event.`,
    ...componentSections('processor', PROCESSORS),
    '### Queue',
    'The queue between processors and the output: `type: disk` (the default) or `type: memory`.',
    section(4, '`type: disk`', '', diskQueueSchema, { skip: new Set(['type']) }),
    section(4, '`type: memory`', 'Lost on exit; sources re-read from their checkpoints.', memoryQueueSchema, {
      skip: new Set(['type']),
    }),
    '### Output',
    `Types: ${outputTypes.join(', ')}. Exactly one output.`,
    ...componentSections('output', OUTPUTS),
    '## Indexer (`driftwood index --config FILE`)',
    [
      'YAML; every key is optional. `--listen`, `--store`, `--data` and `--url` flags win over',
      '`listen:` and `store:`, which win over `DRIFTWOOD_STORE`, `DRIFTWOOD_DATA`, `OPENSEARCH_URL`',
      'and `ELASTICSEARCH_URL`.',
      '',
      '```yaml',
      INDEXER_EXAMPLE.trimEnd(),
      '```',
    ].join('\n'),
    section(3, 'Keys', '', indexerSchema),
    '## Alert rules',
    [
      'Rules are created in the UI (Alerts), through `/api/alerts`, or from a YAML file with',
      '`driftwood alerts --rules FILE` (a list of rules, or `rules:` holding one; each rule is',
      'created or replaced by `id`). Durations are a number and a unit: `30s`, `5m`, `1h`, `1d`, `1w`.',
      '',
      '```yaml',
      RULES_EXAMPLE.trimEnd(),
      '```',
    ].join('\n'),
    section(3, 'Keys', '', ruleSchema),
    '## Alerting service (`driftwood alerts --config FILE`)',
    [
      'YAML or JSON, also read from the file named by `DRIFTWOOD_ALERTING_CONFIG` (so `driftwood up`',
      'takes it too). Alert actions reach public addresses only; loopback, private, link-local, CGNAT,',
      'multicast and cloud-metadata addresses need an `egress.allow` entry (see docs/security.md).',
      '',
      '```yaml',
      ALERTING_EXAMPLE.trimEnd(),
      '```',
    ].join('\n'),
    section(3, 'Keys', '', alertingConfigSchema),
  ];
  return `${parts.join('\n\n')}\n`;
}

function main(args: string[]): number {
  const text = renderConfigurationReference();
  const relative = path.relative(process.cwd(), OUTPUT_FILE);
  if (args.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(OUTPUT_FILE, 'utf8');
    } catch {
      // missing counts as out of date
    }
    if (current === text) return 0;
    process.stderr.write(`${relative} is out of date: run \`node scripts/config-docs.ts\`\n`);
    return 1;
  }
  writeFileSync(OUTPUT_FILE, text);
  process.stdout.write(`wrote ${relative}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
