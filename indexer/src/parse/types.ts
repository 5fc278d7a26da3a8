/**
 * Shared shapes of the parsing library: a processor mutates one document in place and
 * says whether to keep it; it never throws per event (failures become tags).
 */
import type { JsonValue, LogDocument } from '@driftwood/core';

export interface ProcessContext {
  /** Reference "now" for year inference (the arrival time of the line). */
  now: number;
}

/** Returns false to drop the event; any other failure is recorded as a tag on the document. */
export type Processor = (doc: LogDocument, ctx: ProcessContext) => boolean;

/** A condition hook (e.g. a compiled KQL `if:`), evaluated by the caller's evaluator. */
export type Condition = (doc: LogDocument) => boolean;

export interface BuildOptions {
  /** Compiles a processor's `if:` string into a predicate; the KQL evaluator lives elsewhere. */
  compileCondition?: (source: string) => Condition;
}

/** A component as the house rules describe it: `{ type, configSchema, build }`. */
export interface ProcessorComponent<C> {
  type: string;
  configSchema: { parse(input: unknown): C };
  build(config: C, options?: BuildOptions): Processor;
}

export function addTag(doc: LogDocument, tag: string): void {
  const tags = doc.tags;
  if (Array.isArray(tags)) {
    if (!tags.includes(tag)) tags.push(tag);
  } else if (typeof tags === 'string') {
    doc.tags = tags === tag ? [tags] : [tags, tag];
  } else {
    doc.tags = [tag];
  }
}

export function hasTag(doc: LogDocument, tag: string): boolean {
  const tags = doc.tags;
  return Array.isArray(tags) ? tags.includes(tag) : tags === tag;
}

export function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
