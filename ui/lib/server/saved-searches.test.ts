import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEmbeddedStore, type LogStore } from '@driftwood/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mustGet, newId, present, readBody, toObject } from './saved-searches.ts';

const post = (body: string, type = 'application/json') =>
  new Request('http://localhost/api/saved-searches', { method: 'POST', body, headers: { 'content-type': type } });

describe('saved searches on the store', () => {
  let dir: string;
  let store: LogStore;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'driftwood-saved-'));
    store = await createEmbeddedStore({ path: path.join(dir, 'driftwood.duckdb') });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('validates the request body', async () => {
    expect(await readBody(post('{"title":"  Errors ","params":"q=a"}'))).toEqual({ title: 'Errors', params: 'q=a' });
    expect(await readBody(post('{"title":"x","params":5}'))).toEqual({ title: 'x', params: '' });
    await expect(readBody(post('nope'))).rejects.toThrow(/the body must be JSON/);
    // a cross-site form can post text/plain: refused, whatever the text
    await expect(readBody(post('{"title":"x"}', 'text/plain'))).rejects.toThrow(/application\/json/);
    await expect(readBody(post('{"title":""}'))).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      details: { field: 'title' },
    });
    await expect(readBody(post(JSON.stringify({ title: 'x'.repeat(201) })))).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
  });

  it('stores a view and gives it back as the same query string', async () => {
    const id = newId('Checkout errors!');
    expect(id).toMatch(/^checkout-errors-[0-9a-f]{8}$/);
    const params = 'q=log.level%3Aerror&from=now-7d&to=now';
    await store.saveObject(toObject(id, { title: 'Checkout errors!', params }));
    const back = present(await mustGet(store, id));
    expect(back).toMatchObject({ id, title: 'Checkout errors!' });
    const p = new URLSearchParams(back.params);
    expect(p.get('q')).toBe('log.level:error');
    expect(p.get('from')).toBe('now-7d');
    await expect(mustGet(store, 'missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
