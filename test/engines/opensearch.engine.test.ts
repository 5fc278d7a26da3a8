import { Client } from '@opensearch-project/opensearch';
import { describe, expect, it } from 'vitest';
import { engine } from './use.ts';

const opensearch = engine('opensearch');

describe.skipIf(!opensearch)('OpenSearch engine (real)', () => {
  it('indexes and searches a document through the official client', async () => {
    const client = new Client({ node: opensearch!.url });
    const info = await client.info();
    console.log(`smoke: opensearch ${info.body.version.number} at ${opensearch!.url}`);
    expect(info.body.version.distribution).toBe('opensearch');
    const index = `smoke-${Date.now()}`;
    await client.index({ index, id: '1', body: { message: 'hello driftwood', level: 'info' }, refresh: true });
    const found = await client.search({ index, body: { query: { match: { message: 'driftwood' } } } });
    expect(found.body.hits.hits.map((h) => h._id)).toEqual(['1']);
    await client.indices.delete({ index });
    await client.close();
  });
});
