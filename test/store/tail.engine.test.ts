/** The tail scenarios on real OpenSearch and Elasticsearch (opened as the contract suite opens them). */
import { describe, it } from 'vitest';
import { tailScenarios } from '../../store/src/tail.scenarios.ts';
import { engine } from '../engines/use.ts';

const prefix = `tail-${Date.now()}`;
const opensearch = engine('opensearch');
const elasticsearch = engine('elasticsearch');

describe('tail (opensearch)', () => {
  if (!opensearch) it.skip('OpenSearch is not available on this machine', () => {});
  else
    tailScenarios(
      async () => {
        const { createOpenSearchStore } = await import('../../store/src/opensearch-elasticsearch/index.ts');
        return createOpenSearchStore({ url: opensearch.url, indexPrefix: prefix });
      },
      { timeoutMs: 60_000 },
    );
});

describe('tail (elasticsearch)', () => {
  if (!elasticsearch) it.skip('Elasticsearch is not available on this machine', () => {});
  else
    tailScenarios(
      async () => {
        const { createElasticsearchStore } = await import('../../store/src/opensearch-elasticsearch/index.ts');
        return createElasticsearchStore({ url: elasticsearch.url, indexPrefix: prefix });
      },
      { timeoutMs: 60_000 },
    );
});
