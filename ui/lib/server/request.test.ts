import { describe, expect, it } from 'vitest';
import { readJson, readObject } from './request.ts';

const post = (body: string) => new Request('http://localhost/api/x', { method: 'POST', body });

describe('request bodies', () => {
  it('reads JSON; an empty body is {}', async () => {
    expect(await readJson(post('{"a":[1]}'))).toEqual({ a: [1] });
    expect(await readJson(post('  '))).toEqual({});
  });
  it('answers 400 for what is not JSON and 413 over 1 MB', async () => {
    await expect(readJson(post('{nope'))).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(readJson(post(`"${'x'.repeat(1 << 20)}"`))).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });
  it('wants an object where one is needed', () => {
    expect(readObject({ a: 1 }, 'the rule')).toEqual({ a: 1 });
    for (const value of [null, [], 'x', 3])
      expect(() => readObject(value, 'the rule')).toThrow(/the rule must be a JSON object/);
  });
});
