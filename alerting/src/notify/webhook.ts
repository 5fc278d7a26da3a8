/** Generic webhook: the notification as JSON (see WebhookPayload), with an Idempotency-Key header. */
import { postJson, type Send } from './channel.ts';

export const type = 'webhook';

export const send: Send = async ({ id, content, action }, options) => {
  if (action.type !== 'webhook') throw new Error(`webhook channel got a ${action.type} action`);
  return postJson(action.url, content.payload, { ...action.headers, 'idempotency-key': id }, options);
};
