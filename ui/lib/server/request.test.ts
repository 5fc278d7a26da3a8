import { Slots } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { readJson, readObject } from './request.ts';

const post = (body: BodyInit, type: string | null = 'application/json', extra: Record<string, string> = {}) =>
  new Request('http://localhost/api/x', {
    method: 'POST',
    body,
    headers: { ...(type ? { 'content-type': type } : {}), ...extra },
    duplex: 'half',
  } as RequestInit);

/** A body of `chunks` chunks of 64 KiB each, counting how many the reader pulled. */
function countedBody(chunks: number): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= chunks) controller.close();
        else {
          pulled++;
          controller.enqueue(chunk);
        }
      },
    },
    { highWaterMark: 0 },
  );
  return { body, pulled: () => pulled };
}

describe('request bodies', () => {
  it('reads JSON; an empty body is {}', async () => {
    expect(await readJson(post('{"a":[1]}'))).toEqual({ a: [1] });
    expect(await readJson(post('{"a":1}', 'application/json; charset=utf-8'))).toEqual({ a: 1 });
    expect(await readJson(post('  '))).toEqual({});
  });
  it('answers 400 for what is not JSON and 413 over 1 MB', async () => {
    await expect(readJson(post('{nope'))).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(readJson(post(`"${'x'.repeat(1 << 20)}"`))).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    await expect(readJson(post(new Uint8Array([0x22, 0xff, 0x22])))).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });
  it('refuses a body that is not sent as application/json (a cross-site form posts text/plain)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', null]) {
      await expect(readJson(post('{"a":1}', type))).rejects.toMatchObject({
        code: 'INPUT_INVALID',
        details: { field: 'content-type' },
      });
    }
  });
  it('stops reading as soon as the cap is passed, not after buffering the body', async () => {
    const { body, pulled } = countedBody(1000); // 64 MB offered
    await expect(readJson(post(body), { maxBytes: 256 * 1024 })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(pulled()).toBeLessThanOrEqual(6); // 5 chunks pass 256 KiB (the stream may pull one ahead)
    // a declared length over the cap is refused before a byte is read
    const declared = countedBody(1000);
    await expect(
      readJson(post(declared.body, 'application/json', { 'content-length': String(10 << 20) }), { maxBytes: 1024 }),
    ).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(declared.pulled()).toBe(0);
  });
  it('reads at most the slots’ number of bodies at once; the rest wait, then are turned away', async () => {
    const slots = new Slots(1);
    let release: () => void = () => {};
    const slow = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"a":'));
        release = () => {
          controller.enqueue(new TextEncoder().encode('1}'));
          controller.close();
        };
      },
    });
    const first = readJson(post(slow), { slots });
    await new Promise((r) => setTimeout(r, 20));
    expect(slots.taken).toBe(1);
    await expect(readJson(post('{}'), { slots, waitMs: 30 })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    const waiting = readJson(post('{"b":2}'), { slots, waitMs: 5000 });
    release();
    expect(await first).toEqual({ a: 1 });
    expect(await waiting).toEqual({ b: 2 });
    expect(slots.taken).toBe(0);
  });
  it('wants an object where one is needed', () => {
    expect(readObject({ a: 1 }, 'the rule')).toEqual({ a: 1 });
    for (const value of [null, [], 'x', 3])
      expect(() => readObject(value, 'the rule')).toThrow(/the rule must be a JSON object/);
  });
});
