/** Slack-compatible incoming webhook: `{ text, blocks }` (Block Kit), with an Idempotency-Key header. */
import type { NotificationContent } from '@driftwood/core';
import { postJson, type Send } from './channel.ts';

export const type = 'slack';

/** Escapes text for Slack mrkdwn. */
function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function slackMessage(content: NotificationContent): { text: string; blocks: unknown[] } {
  const v = content.values;
  const icon = v.state === 'resolved' ? ':white_check_mark:' : ':rotating_light:';
  const fields = [
    { type: 'mrkdwn', text: `*Value*\n${esc(v.value || '—')}` },
    { type: 'mrkdwn', text: `*Threshold*\n${esc(v.threshold)}` },
    ...(v.group ? [{ type: 'mrkdwn', text: `*${esc(v['group.field'])}*\n${esc(v.group)}` }] : []),
    { type: 'mrkdwn', text: `*Window*\n${esc(v['window.from'])} – ${esc(v['window.to'])}` },
  ];
  return {
    text: content.text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${icon} ${esc(content.text)}` } },
      { type: 'section', fields },
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Discover' }, url: content.link }],
      },
    ],
  };
}

export const send: Send = async ({ id, content, action }, options) => {
  if (action.type !== 'slack') throw new Error(`slack channel got a ${action.type} action`);
  return postJson(action.url, slackMessage(content), { 'idempotency-key': id }, options);
};
