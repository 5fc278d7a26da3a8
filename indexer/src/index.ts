export { type ImportSummary, importFiles } from './cli/import.ts';
export {
  type AuthMode,
  authModeFor,
  configSchema,
  type IndexerConfig,
  type IndexerConfigInput,
  loadConfig,
  parseConfig,
  parseConfigText,
} from './config.ts';
export { DEAD_LETTER_DATASET } from './dead-letter.ts';
export { type IngestItem, Ingestor, type ItemOutcome } from './ingest.ts';
export { type KafkaInput, startKafkaInput } from './kafka-input.ts';
export { IndexerMetrics } from './metrics.ts';
export * from './parse/index.ts';
export { createIngestor, type IndexerOptions, type RunningIndexer, startIndexer } from './server.ts';
