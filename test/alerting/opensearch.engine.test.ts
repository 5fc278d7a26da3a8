/** The evaluator scenarios against a real OpenSearch (skipped when no engine runs on this machine). */
import { describe } from 'vitest';
import { evaluatorScenarios } from '../../alerting/src/evaluator.scenarios.ts';
import { engine } from '../engines/use.ts';

const opensearch = engine('opensearch');
let n = 0;

describe.skipIf(!opensearch)('evaluator (OpenSearch)', () => {
  evaluatorScenarios(async () => {
    const { createOpenSearchStore } = await import('../../store/src/opensearch-elasticsearch/index.ts');
    const store = createOpenSearchStore({
      url: opensearch!.url,
      indexPrefix: `alerting-${process.pid}-${Date.now()}-${++n}`,
      bulk: { backoffMs: 10 },
    });
    await store.init();
    return store;
  });
});
