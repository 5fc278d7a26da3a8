import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackConnections, type Receiver, sampleContent, startReceiver } from '../test-helpers.ts';
import { send as sendSlack, slackMessage } from './slack.ts';

const content = sampleContent;

describe('Slack channel against a real HTTP receiver', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  it('Slack gets { text, blocks }: escaped mrkdwn, the group as a field, a Discover button', async () => {
    const grouped = content('web-<1>');
    const message = slackMessage(grouped);
    expect(message.text).toMatch(/^FIRING: Errors <prod> & co \[host\.name=web-<1>\]/);
    const [head, fields, actions] = message.blocks as Array<Record<string, never>>;
    expect(JSON.stringify(head)).toContain(':rotating_light: FIRING: Errors &lt;prod&gt; &amp; co');
    expect(JSON.stringify(fields)).toContain('*host.name*\\nweb-&lt;1&gt;');
    expect(JSON.stringify(fields)).toContain('*Threshold*\\n&gt; 10');
    expect(actions).toMatchObject({ type: 'actions', elements: [{ type: 'button', url: grouped.link }] });
    expect(JSON.stringify(slackMessage(content(null, 'resolved')).blocks)).toContain(':white_check_mark:');
    receiver.all.length = 0;
    const result = await sendSlack(
      { id: 'n2', content: content(), action: { type: 'slack', url: receiver.url } },
      { connections: loopbackConnections() },
    );
    expect(result.ok).toBe(true);
    expect(receiver.all[0]).toMatchObject({ key: 'n2', body: { text: content().text } });
  });
});
