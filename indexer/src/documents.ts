/**
 * From what a client sent to the ECS document the store gets. A `_bulk` source (or an NDJSON
 * object on `/ingest`) whose only content is a raw line — `message` (or Fluent Bit's `log`) plus
 * shipper metadata such as `@timestamp`, `host`, `file`, `agent`, `log.file.path` — has that line
 * parsed by a pipeline (`auto` unless one is named) and keeps its metadata where the line did not
 * say more; `@timestamp` comes from the line when it has one, else from the shipper. Structured
 * documents keep their fields, normalised (time/level/message keys of structured loggers → ECS,
 * dotted keys expanded). The pipeline `_none` keeps a document exactly as sent.
 */
import { getField, type JsonValue, type LogDocument, setField } from '@driftwood/core';
import { CONFLICT_PREFIX, CONFLICT_TAG } from '@driftwood/store';
import { getPipeline, type Pipeline } from './parse/index.ts';
import { safeJsonParse } from './parse/json.ts';
import { mapAppRecord, parseTimeValue } from './parse/pipelines/app-fields.ts';
import { addTag } from './parse/types.ts';

export const NO_PIPELINE = '_none';
/** Name reported (metrics, dead letters) for the automatic choice on structured documents. */
export const STRUCTURED = 'structured';
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;
export const MAX_DEPTH = 64;

/** Top-level keys shippers add around a raw line; a document with only these is a raw line. */
const SHIPPER_KEYS = new Set([
  '@timestamp',
  '@version',
  'timestamp',
  'time',
  'host',
  'hostname',
  'file',
  'path',
  'source',
  'source_type',
  'agent',
  'ecs',
  'log',
  'input',
  'fields',
  'tags',
  'event',
  'cloud',
  'container',
  'kubernetes',
  'data_stream',
  'stream',
  'type',
  'fileset',
  'program',
  'tag',
  'facility',
  'severity',
  'priority',
  'syslog',
  'date',
]);

export interface DocumentOptions {
  /** Pipeline name; undefined = automatic. */
  pipeline?: string;
  /** Arrival time. */
  receivedAt: Date;
  timezone?: string;
  keepOriginal?: boolean;
  /** `event.dataset` when nothing more specific is known. */
  dataset?: string;
}

export type DocumentResult =
  | { ok: true; doc: LogDocument; pipeline: string }
  | { ok: false; reason: string; type: 'mapper_parsing_exception' | 'illegal_argument_exception'; pipeline: string };

const isObj = (v: unknown): v is { [k: string]: JsonValue } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `logs-nginx.access-default` → `nginx.access` (the data stream naming scheme). */
export function datasetFromIndex(index: string | undefined): string | undefined {
  if (!index) return undefined;
  const m = /^(?:logs|metrics|traces)-([^-]+)-[^-]+$/.exec(index);
  return m?.[1];
}

function pipelineFor(name: string, timezone: string | undefined): Pipeline | string {
  try {
    return getPipeline(name, timezone ? { timezone } : undefined);
  } catch (error) {
    return (error as Error).message;
  }
}

/** The raw line inside a shipper document, when that is all it carries. */
function rawLine(obj: { [k: string]: JsonValue }): { key: 'message' | 'log'; line: string } | undefined {
  let key: 'message' | 'log' | undefined;
  if (typeof obj.message === 'string') key = 'message';
  else if (obj.message === undefined && typeof obj.log === 'string') key = 'log';
  if (key === undefined) return undefined;
  for (const k of Object.keys(obj)) if (k !== key && !SHIPPER_KEYS.has(k)) return undefined;
  // `event` from Logstash/Filebeat only carries original/dataset-ish metadata; a parsed event has more.
  return { key, line: obj[key] as string };
}

/** Deep-merge `extra` into `doc` where `doc` has nothing (the parsed line wins). */
function mergeMissing(doc: { [k: string]: JsonValue }, extra: { [k: string]: JsonValue }): void {
  for (const [k, v] of Object.entries(extra)) {
    if (k === '__proto__') continue;
    const cur = doc[k];
    if (cur === undefined) doc[k] = v;
    else if (isObj(cur) && isObj(v)) mergeMissing(cur, v);
  }
}

function finishStructured(doc: LogDocument, now: Date, dataset: string | undefined): LogDocument {
  if (typeof doc['@timestamp'] !== 'string') doc['@timestamp'] = now.toISOString();
  setField(doc, 'event.ingested', now.toISOString());
  if (dataset !== undefined && getField(doc, 'event.dataset') === undefined) setField(doc, 'event.dataset', dataset);
  return doc;
}

/** Parse a raw line with a pipeline, shipper metadata merged where the line did not say more. */
export function documentFromLine(
  line: string,
  options: DocumentOptions,
  shipper?: { [k: string]: JsonValue },
): DocumentResult {
  const name = options.pipeline ?? 'auto';
  const pipeline = pipelineFor(name, options.timezone);
  if (typeof pipeline === 'string')
    return { ok: false, reason: pipeline, type: 'illegal_argument_exception', pipeline: name };
  let receivedAt = options.receivedAt;
  let meta: LogDocument | undefined;
  /** A caller's @timestamp that is not a time: the line's (or the read time) is used instead. */
  let badTimestamp: JsonValue | undefined;
  if (shipper !== undefined && Object.keys(shipper).length > 0) {
    meta = mapAppRecord({ ...shipper }, options.timezone ?? 'UTC', receivedAt.getTime());
    // The shipper's read time is the fallback @timestamp and the reference for year inference.
    const ts = meta['@timestamp'];
    if (ts !== undefined) {
      const iso = typeof ts === 'string' ? Date.parse(ts) : Number.NaN;
      const t = Number.isFinite(iso)
        ? iso
        : (parseTimeValue(ts, options.timezone ?? 'UTC', receivedAt.getTime())?.ms ?? Number.NaN);
      if (Number.isFinite(t)) receivedAt = new Date(t);
      else badTimestamp = ts; // kept below, never dropped
      delete meta['@timestamp'];
    }
    delete meta.message;
  }
  const parseMeta: { receivedAt: Date; keepOriginal?: boolean; dataset?: string } = { receivedAt };
  if (options.keepOriginal) parseMeta.keepOriginal = true;
  if (options.dataset !== undefined) parseMeta.dataset = options.dataset;
  const doc = pipeline.parse(line, parseMeta);
  if (meta !== undefined) mergeMissing(doc, meta);
  if (badTimestamp !== undefined) {
    // kept as the store keeps any value that does not fit its field (see store/src/field-catalog.ts)
    setField(doc, `${CONFLICT_PREFIX}.@timestamp`, JSON.stringify(badTimestamp));
    addTag(doc, CONFLICT_TAG);
  }
  setField(doc, 'event.ingested', options.receivedAt.toISOString());
  return { ok: true, doc, pipeline: name };
}

/** A JSON source (a `_bulk` source line or an NDJSON object) → document. */
export function documentFromSource(source: string, options: DocumentOptions): DocumentResult {
  const name = options.pipeline;
  const parsed = safeJsonParse(source, MAX_SOURCE_BYTES, MAX_DEPTH);
  if (!parsed.ok) {
    const why =
      parsed.reason === 'too_deep'
        ? `the document nests deeper than ${MAX_DEPTH} levels`
        : parsed.reason === 'too_large'
          ? 'the document is too large'
          : 'the source is not valid JSON';
    return {
      ok: false,
      reason: `failed to parse: ${why}`,
      type: 'mapper_parsing_exception',
      pipeline: name ?? STRUCTURED,
    };
  }
  const obj = parsed.value;
  if (!isObj(obj)) {
    return {
      ok: false,
      reason: 'failed to parse, document is empty or not a JSON object',
      type: 'mapper_parsing_exception',
      pipeline: name ?? STRUCTURED,
    };
  }
  if (name === NO_PIPELINE)
    return { ok: true, doc: finishStructured(obj, options.receivedAt, options.dataset), pipeline: name };
  const raw = rawLine(obj);
  if (raw !== undefined) {
    const { [raw.key]: _line, ...shipper } = obj;
    return documentFromLine(raw.line, options, shipper);
  }
  if (name !== undefined && typeof obj.message === 'string') {
    // A named pipeline parses `message` even in a structured document; other fields are kept.
    const { message, ...rest } = obj;
    return documentFromLine(message, options, rest);
  }
  if (name !== undefined && typeof pipelineFor(name, options.timezone) === 'string') {
    return {
      ok: false,
      reason: `pipeline with id [${name}] does not exist`,
      type: 'illegal_argument_exception',
      pipeline: name,
    };
  }
  const ref = options.receivedAt.getTime();
  const doc = mapAppRecord(obj, options.timezone ?? 'UTC', ref);
  // A time that did not parse stays where it was; keep the caller's @timestamp text out of the way.
  const ts = getField(doc, '@timestamp');
  if (ts !== undefined && typeof ts !== 'string') {
    const t = parseTimeValue(ts, options.timezone ?? 'UTC', ref);
    if (t) doc['@timestamp'] = new Date(t.ms).toISOString();
  }
  return { ok: true, doc: finishStructured(doc, options.receivedAt, options.dataset), pipeline: name ?? STRUCTURED };
}

/** One NDJSON line on `/ingest` or from Kafka: a JSON object, or a raw line. */
export function documentFromText(text: string, options: DocumentOptions): DocumentResult {
  const c = text.charCodeAt(0);
  if (c === 123 /* { */ && options.pipeline === undefined) {
    const r = documentFromSource(text, options);
    if (r.ok) return r;
  }
  return documentFromLine(text, options);
}
