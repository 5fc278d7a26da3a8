/**
 * The stores an engine test runs against: the embedded store always, OpenSearch and
 * Elasticsearch when the engine harness has them (as store/src/contract.engine.test.ts opens
 * them). Each call of `make` opens a new store; the search engines' indices carry `prefix`.
 */
import { engine } from '../../../test/engines/use.ts';
import type { LogStore } from '../contract.ts';
import { createEmbeddedStore } from '../embedded/store.ts';

export interface Backend {
  name: 'embedded' | 'opensearch' | 'elasticsearch';
  make: () => Promise<LogStore>;
}

export function storeBackends(prefix: string): Backend[] {
  const backends: Backend[] = [{ name: 'embedded', make: () => createEmbeddedStore({ path: ':memory:' }) }];
  const opensearch = engine('opensearch');
  const elasticsearch = engine('elasticsearch');
  if (opensearch) {
    backends.push({
      name: 'opensearch',
      make: async () => {
        const { createOpenSearchStore } = await import('../opensearch-elasticsearch/index.ts');
        return createOpenSearchStore({ url: opensearch.url, indexPrefix: prefix });
      },
    });
  }
  if (elasticsearch) {
    backends.push({
      name: 'elasticsearch',
      make: async () => {
        const { createElasticsearchStore } = await import('../opensearch-elasticsearch/index.ts');
        return createElasticsearchStore({ url: elasticsearch.url, indexPrefix: prefix });
      },
    });
  }
  return backends;
}
