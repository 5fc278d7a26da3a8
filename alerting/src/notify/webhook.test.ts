import { parseRule } from '@driftwood/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackConnections, MINUTE, type Receiver, startReceiver, T0 } from '../test-helpers.ts';
import { buildContent } from './message.ts';
import { send as sendWebhook } from './webhook.ts';

const content = (group: string | null = null, transition: 'firing' | 'resolved' = 'firing') =>
  buildContent({
    id: 'n1',
    rule: parseRule({
      id: 'r',
      name: 'Errors <prod> & co',
      condition: { type: 'count', comparator: '>', threshold: 10 },
      ...(group ? { group_by: { field: 'host.name' } } : {}),
    }),
    group,
    transition,
    value: 42,
    window: { from: T0 - 5 * MINUTE, to: T0 },
    publicUrl: 'http://ui.test',
  });

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
