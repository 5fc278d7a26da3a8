import { describe, expect, it } from 'vitest';
import { type BulkItem, bulkCreate, chunkLines, failedField, moveToConflicts } from './bulk.ts';
import type { EngineClient, EngineResponse } from './client.ts';

type Status = number | { status: number; error: { type: string; reason: string } };

/** A fake engine: answers each `create` by id from a script (one entry per attempt). */
function fakeClient(script: Record<string, Status[]>): EngineClient & { bodies: string[] } {
  const bodies: string[] = [];
  return {
    kind: 'opensearch',
    bodies,
    async request<T>(_method: string, _path: string, body?: unknown): Promise<EngineResponse<T>> {
      const lines = String(body).trim().split('\n');
      bodies.push(String(body));
      const items = [];
      for (let i = 0; i < lines.length; i += 2) {
        const id = (JSON.parse(lines[i] as string) as { create: { _id: string } }).create._id;
        const next = script[id]?.shift() ?? 201;
        items.push({ create: typeof next === 'number' ? { _id: id, status: next } : { _id: id, ...next } });
      }
      return { status: 200, body: { errors: true, items } as T };
    },
    async close() {},
  };
}

const item = (id: string, doc: Record<string, unknown> = { message: id }): BulkItem => ({
  id,
  index: 'x-logs-2024.05.01',
  doc: doc as BulkItem['doc'],
  conflicts: [],
});

const options = {
  backoffMs: 1,
  sleep: async () => {},
  moveField: async (doc: BulkItem['doc'], field: string) => moveToConflicts(doc, field),
};

describe('bulkCreate', () => {
  it('maps per-item statuses to outcomes, in order', async () => {
    const client = fakeClient({
      b: [409],
      c: [{ status: 400, error: { type: 'illegal_argument_exception', reason: 'bad' } }],
    });
    const out = await bulkCreate(client, [item('a'), item('b'), item('c')], options);
    expect(out).toEqual([
      { id: 'a', status: 'stored' },
      { id: 'b', status: 'duplicate' },
      { id: 'c', status: 'rejected', reason: 'illegal_argument_exception: bad', retryable: false },
    ]);
    expect(client.bodies).toHaveLength(1);
  });

  it('retries only the 429/5xx items, then gives up as retryable', async () => {
    const client = fakeClient({ a: [429, 503, 201], b: [429, 429, 429, 429, 429, 429] });
    const out = await bulkCreate(client, [item('a'), item('b'), item('c')], { ...options, maxRetries: 3 });
    expect(out[0]).toEqual({ id: 'a', status: 'stored' });
    expect(out[1]).toMatchObject({ id: 'b', status: 'rejected', retryable: true });
    expect(out[2]).toEqual({ id: 'c', status: 'stored' });
    // first request has all three; retries carry only the failed ones
    expect(client.bodies.map((b) => b.trim().split('\n').length / 2)).toEqual([3, 2, 2, 1]);
  });

  it('moves a field the engine cannot parse and retries that item once', async () => {
    const parsing = {
      status: 400,
      error: { type: 'document_parsing_exception', reason: '[1:20] failed to parse field [custom.n] of type [long]' },
    };
    const client = fakeClient({ a: [parsing], b: [parsing, parsing] });
    const out = await bulkCreate(
      client,
      [item('a', { custom: { n: 'x' } }), item('b', { custom: { n: 'y' }, tags: 'keep' })],
      options,
    );
    expect(out[0]).toMatchObject({ id: 'a', status: 'stored_with_conflicts', conflicts: [{ field: 'custom.n' }] });
    expect(out[1]).toMatchObject({ id: 'b', status: 'rejected', retryable: false });
    const retried = JSON.parse(client.bodies[1]?.split('\n')[1] as string);
    expect(retried).toEqual({
      custom: {},
      driftwood: { conflicts: { custom: { n: '"x"' } } },
      tags: ['_mapping_conflict'],
    });
  });

  it('keeps conflicts found before the write', async () => {
    const client = fakeClient({});
    const out = await bulkCreate(client, [{ ...item('a'), conflicts: [{ field: 'f', reason: 'r' }] }], options);
    expect(out).toEqual([{ id: 'a', status: 'stored_with_conflicts', conflicts: [{ field: 'f', reason: 'r' }] }]);
  });

  it('chunks big writes', async () => {
    const client = fakeClient({});
    const big = 'x'.repeat(1000);
    const out = await bulkCreate(
      client,
      Array.from({ length: 10 }, (_, i) => item(`e${i}`, { message: big })),
      { ...options, maxBytes: 3000 },
    );
    expect(out.every((o) => o.status === 'stored')).toBe(true);
    expect(client.bodies.length).toBeGreaterThanOrEqual(4);
  });
});

describe('helpers', () => {
  it('chunkLines keeps every item, a lone big one alone', () => {
    expect(chunkLines(['aaaa', 'bb', 'cc', 'dddddddd', 'e'], 5)).toEqual([[0], [1, 2], [3], [4]]);
  });

  it('failedField reads the field out of parsing errors', () => {
    expect(failedField({ reason: 'failed to parse field [a.b] of type [long] in document with id x' })).toBe('a.b');
    expect(
      failedField({
        reason: 'object mapping for [host] tried to parse field [host] as object, but found a concrete value',
      }),
    ).toBe('host');
    expect(failedField({ reason: 'something else' })).toBeUndefined();
  });

  it('moveToConflicts handles dotted keys and existing tags', () => {
    expect(moveToConflicts({ 'a.b': 1, tags: ['t'] }, 'a.b')).toEqual({
      tags: ['t', '_mapping_conflict'],
      driftwood: { conflicts: { a: { b: '1' } } },
    });
    expect(moveToConflicts({ a: 1 }, 'missing')).toBeUndefined();
  });
});
