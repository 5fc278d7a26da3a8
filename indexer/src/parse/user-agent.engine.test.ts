/**
 * The recorded answers of user-agent.cases.ts against the live `user_agent` processor (OpenSearch
 * has the ingest-user-agent module of Elasticsearch's code; the test Elasticsearch runs without
 * it), and our parse against the live answer for every case not documented as different.
 */
import { describe, expect, it } from 'vitest';
import { USER_AGENT_CASES } from './user-agent.cases.ts';
import { parseUserAgent } from './user-agent.ts';

const url = process.env.OPENSEARCH_URL;

describe.skipIf(!url)('user_agent against the live processor', () => {
  it('every recorded answer is the processor’s; ours equals it except the documented cases', async () => {
    const res = await fetch(`${url}/_ingest/pipeline/_simulate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        pipeline: { processors: [{ user_agent: { field: 'ua' } }] },
        docs: USER_AGENT_CASES.map((c) => ({ _source: { ua: c.ua } })),
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { docs: Array<{ doc: { _source: { user_agent: Record<string, unknown> } } }> };
    USER_AGENT_CASES.forEach((c, i) => {
      const { original: _, ...live } = body.docs[i]?.doc._source.user_agent ?? {};
      expect(live, c.ua).toEqual(c.es);
      if (c.ours === undefined) expect(parseUserAgent(c.ua), c.ua).toEqual(live);
    });
  });
});
