/**
 * The pipeline runner (the built-in pipelines themselves live in `pipelines/`): a built-in line
 * parser (or none) followed by configured processors, wrapped with the ECS finishing every
 * document gets: `message` always present, `@timestamp` from the line when it had one (else the
 * arrival time), `event.ingested` (arrival), `event.original` when asked, `host.name` and
 * `event.dataset` defaults from the caller. Pure and synchronous; never throws per line (an
 * unexpected processor error becomes the tag `_pipeline_error`).
 */
import type { LogDocument } from '@driftwood/core';
import { getField, setField } from '@driftwood/core';
import { addTag, type ProcessContext, type Processor } from './types.ts';

export interface ParseMeta {
  /** Arrival time: `event.ingested`, the `@timestamp` fallback, and "now" for year inference. */
  receivedAt?: Date;
  /** Host that sent the line: `host.name` unless the line names one. */
  host?: string;
  /** `event.dataset` when the pipeline cannot tell a more specific one. */
  dataset?: string;
  /** Keep the raw line in `event.original`. */
  keepOriginal?: boolean;
}

export interface Pipeline {
  readonly name: string;
  readonly description: string;
  /** Parse one raw line into an ECS document. Never throws. A dropped event still returns its document (tagged `_dropped`). */
  parse(line: string, meta?: ParseMeta): LogDocument;
  /** Like `parse`, but `null` when a `drop` processor discarded the event. */
  process(line: string, meta?: ParseMeta): LogDocument | null;
}

export interface LineContext {
  /** Epoch ms of arrival; "now" for year inference. */
  now: number;
  /** Zone assumed for stamps without one. */
  timezone: string;
}

/** A built-in parser turns a line into a document (fields it recognises; `message` at least). */
export type LineParser = (line: string, ctx: LineContext) => LogDocument;

export interface PipelineOptions {
  /** Zone assumed for stamps without one (IANA name or offset); default UTC. */
  timezone?: string;
}

/** Limit on the line length handed to parsers; longer lines are cut (tag `_truncated`), `event.original` keeps them whole. */
export const MAX_LINE = 1_048_576;

function finish(
  doc: LogDocument,
  line: string,
  meta: ParseMeta | undefined,
  ingested: string,
  original = line,
): LogDocument {
  if (typeof doc.message !== 'string') {
    if (doc.message === undefined || doc.message === null) doc.message = line;
  }
  if (doc['@timestamp'] === undefined) doc['@timestamp'] = ingested;
  setField(doc, 'event.ingested', ingested);
  if (meta?.keepOriginal === true) setField(doc, 'event.original', original);
  if (meta?.host !== undefined && getField(doc, 'host.name') === undefined) setField(doc, 'host.name', meta.host);
  if (meta?.dataset !== undefined && getField(doc, 'event.dataset') === undefined)
    setField(doc, 'event.dataset', meta.dataset);
  return doc;
}

export interface StepRunner {
  run: Processor;
  condition?: (doc: LogDocument) => boolean;
}

/** Run steps in order; false = dropped. Unexpected throws become a tag. */
export function runSteps(steps: readonly StepRunner[], doc: LogDocument, ctx: ProcessContext): boolean {
  for (const step of steps) {
    try {
      if (step.condition !== undefined && !step.condition(doc)) continue;
      if (!step.run(doc, ctx)) return false;
    } catch {
      addTag(doc, '_pipeline_error');
    }
  }
  return true;
}

/** Make a Pipeline from a line parser and optional processor steps. */
export function makePipeline(
  name: string,
  description: string,
  parser: LineParser | undefined,
  steps: readonly StepRunner[] = [],
  options: PipelineOptions = {},
): Pipeline {
  const timezone = options.timezone ?? 'UTC';
  const process = (rawLine: string, meta?: ParseMeta): LogDocument | null => {
    const received = meta?.receivedAt;
    const given = received instanceof Date ? received.getTime() : Number.NaN;
    const now = Number.isFinite(given) ? given : Date.now();
    const ingested = new Date(now).toISOString();
    const original = typeof rawLine === 'string' ? rawLine : String(rawLine);
    let line = original;
    // Lines from CRLF files or readers that kept the terminator.
    if (line.endsWith('\n')) line = line.slice(0, line.endsWith('\r\n') ? -2 : -1);
    else if (line.endsWith('\r')) line = line.slice(0, -1);
    let truncated = false;
    if (line.length > MAX_LINE) {
      line = line.slice(0, MAX_LINE);
      truncated = true;
    }
    let doc: LogDocument;
    try {
      doc = parser === undefined ? { message: line } : parser(line, { now, timezone });
    } catch {
      doc = { message: line, tags: ['_pipeline_error'] };
    }
    if (truncated) addTag(doc, '_truncated');
    const keep = steps.length === 0 || runSteps(steps, doc, { now });
    finish(doc, line, meta, ingested, original);
    return keep ? doc : null;
  };
  return Object.freeze({
    name,
    description,
    process,
    parse(line: string, meta?: ParseMeta): LogDocument {
      const doc = process(line, meta);
      if (doc !== null) return doc;
      const dropped = finish({ message: line.slice(0, MAX_LINE) }, line, meta, new Date().toISOString());
      addTag(dropped, '_dropped');
      return dropped;
    },
  });
}
