import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../test-helpers.ts';
import { postJson } from './channel.ts';

describe('postJson against a real HTTP receiver', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  it('5xx, 408 and 429 are retryable; other 4xx are not; an unreachable URL is retryable and shown redacted', async () => {
    for (const [status, retryable] of [
      [503, true],
      [429, true],
      [408, true],
      [404, false],
      [400, false],
    ] as const) {
      receiver.failNext(1, status);
      const result = await postJson(receiver.url, {}, {});
      expect(result).toMatchObject({ ok: false, retryable, error: expect.stringContaining(`HTTP ${status}`) });
    }
    const down = await postJson('http://127.0.0.1:9/hook/secret-token?key=abc', {}, {}, 2000);
    expect(down).toMatchObject({ ok: false, retryable: true });
    expect(down.error).not.toContain('secret-token');
    expect(down.error).not.toContain('abc');
  });
});
