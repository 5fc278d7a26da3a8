import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackConnections, type Receiver, sampleContent, startReceiver } from '../test-helpers.ts';
import { send as sendWebhook } from './webhook.ts';

const content = sampleContent;

describe('webhook channel against a real HTTP receiver', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  it('a webhook gets the payload, its headers and the Idempotency-Key', async () => {
    receiver.all.length = 0;
    const c = content();
    const result = await sendWebhook(
      { id: 'n1', content: c, action: { type: 'webhook', url: receiver.url, headers: { 'x-team': 'ops' } } },
      { connections: loopbackConnections() },
    );
    expect(result).toEqual({ ok: true, retryable: false });
    expect(receiver.all[0]).toMatchObject({ key: 'n1', body: JSON.parse(JSON.stringify(c.payload)) });
    expect(receiver.all[0]?.headers['x-team']).toBe('ops');
    expect(receiver.all[0]?.headers['content-type']).toBe('application/json');
  });
});
