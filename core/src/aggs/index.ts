export {
  type AggregationSpecInput,
  aggregateRequestSchema,
  aggregationSpecSchema,
  bucketDepth,
  MAX_AGG_BUCKET_DEPTH,
  MAX_AGGS_PER_LEVEL,
} from './schema.ts';
