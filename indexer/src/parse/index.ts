/**
 * The indexer's parsing library: raw log lines → ECS documents.
 *
 *   getPipeline('nginx').parse(line, { receivedAt, host, dataset, keepOriginal }) → LogDocument
 *   listPipelines() → [{ name, description }]
 *   definePipeline({ name, base?, processors: [{ type: 'grok', patterns: [...], if?: 'KQL' }] }, { compileCondition })
 */

export { compileDissect } from './dissect.ts';
export { findTimestamp } from './find-timestamp.ts';
export { compileGrok } from './grok.ts';
export { GROK_PATTERNS } from './grok-patterns.ts';
export { normalizeLevel } from './level.ts';
export { getPipeline, listPipelines } from './pipelines/index.ts';
export {
  buildProcessor,
  definePipeline,
  listProcessors,
  type PipelineConfig,
  pipelineConfigSchema,
} from './processors.ts';
export type { ParseMeta, Pipeline, PipelineOptions } from './runner.ts';
export type { BuildOptions, Condition, ProcessContext, Processor, ProcessorComponent } from './types.ts';
export { parseUserAgent } from './user-agent.ts';
