/** The OpenSearch and Elasticsearch backends of LogStore: one implementation, a client adapter each. */
import type { LogStore } from '../contract.ts';
import { elasticsearchClient, openSearchClient } from './client.ts';
import { SearchEngineStore, type SearchEngineStoreOptions } from './store.ts';

export interface SearchEngineConfig extends SearchEngineStoreOptions {
  /** `http://host:9200` (credentials in the URL are passed on). */
  url: string;
  /** Per request, ms (default 30 s). */
  requestTimeoutMs?: number;
}

export function createOpenSearchStore(config: SearchEngineConfig): LogStore {
  return new SearchEngineStore(openSearchClient(config), config);
}

export function createElasticsearchStore(config: SearchEngineConfig): LogStore {
  return new SearchEngineStore(elasticsearchClient(config), config);
}

export type { EngineClient } from './client.ts';
export { SearchEngineStore, type SearchEngineStoreOptions } from './store.ts';
