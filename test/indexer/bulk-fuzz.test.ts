/**
 * fast-check fuzzing of `_bulk` bodies over HTTP: random NDJSON, broken JSON, binary, huge lines,
 * deep nesting. The server never crashes and always answers an Elasticsearch-shaped response.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, postBulk, startHarness } from './harness.ts';

interface EsItem {
  status: number;
  error?: { type: string };
}
interface EsAnswer {
  took?: number;
  errors?: boolean;
  items?: Array<Record<string, EsItem>>;
  status?: number;
  error?: { type: string; root_cause: unknown[] };
}

const actionLine = fc.oneof(
  fc.constantFrom('{"index":{}}', '{"create":{}}', '{"index":{"_index":"f"}}', '{"create":{"_index":"f","_id":"x"}}'),
  fc.constantFrom(
    '{"delete":{"_index":"f","_id":"1"}}',
    '{"update":{"_index":"f","_id":"1"}}',
    '{"index":',
    '[]',
    '"x"',
    '{}',
  ),
  fc.json(),
  fc.string(),
);
const sourceLine = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.string(),
  fc.constant(`{"message":"${'a'.repeat(200_000)}"}`),
  fc.constant(`${'['.repeat(5_000)}${']'.repeat(5_000)}`),
  fc.constant(`{"a":${'{"b":'.repeat(200)}1${'}'.repeat(201)}`),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.constantFrom('{"@timestamp":"not a date","message":"x"}', '{"@timestamp":12,"message":5}', '{"message":null}'),
);
const body = fc
  .array(fc.tuple(actionLine, sourceLine, fc.constantFrom('\n', '\r\n', '\n\n')), { maxLength: 12 })
  .map((pairs) => pairs.map(([a, s, sep]) => `${a}\n${s}${sep}`).join(''));

describe('_bulk fuzzing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ max_body_bytes: 2_000_000 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('always answers an Elasticsearch-shaped response and never crashes', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const res = await fetch(`${h.url}/_bulk`, { method: 'POST', body: text });
        expect(res.headers.get('x-elastic-product')).toBe('Elasticsearch');
        const json = (await res.json()) as EsAnswer;
        if (res.status === 200) {
          expect(typeof json.took).toBe('number');
          expect(typeof json.errors).toBe('boolean');
          for (const item of json.items ?? []) {
            const [op, v] = Object.entries(item)[0] as [string, EsItem];
            expect(['index', 'create', 'update', 'delete']).toContain(op);
            expect([200, 201, 400, 409]).toContain(v.status);
            if (v.status >= 400) expect(typeof v.error?.type).toBe('string');
          }
        } else {
          expect([400, 413]).toContain(res.status);
          expect(json.status).toBe(res.status);
          expect(typeof json.error?.type).toBe('string');
          expect(json.error?.root_cause).toHaveLength(1);
        }
      }),
      { numRuns: 150 },
    );
    expect((await fetch(`${h.url}/health`)).status).toBe(200);
  }, 120_000);

  it('survives raw binary and a 10 MB line', async () => {
    const bin = await postBulk(h.url, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)));
    expect(bin.status).toBe(400);
    const big = `{"index":{"_index":"big"}}\n{"message":"${'z'.repeat(10_000_000)}"}\n`;
    const h2 = await startHarness();
    try {
      const r = await postBulk(h2.url, big);
      expect(r.status).toBe(200);
      expect([201, 400]).toContain(r.body.items[0].index.status);
    } finally {
      await h2.close();
    }
  }, 60_000);
});
