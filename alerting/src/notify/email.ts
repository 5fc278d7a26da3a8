/** Email over SMTP (our own client, smtp.ts); the notification id is the Message-ID. */
import { type NotificationContent, renderTemplate } from '@driftwood/core';
import type { Send } from './channel.ts';
import { SmtpError, sendMail } from './smtp.ts';

export const type = 'email';

/** `<id@driftwood.alerts>`: the same for every re-send of one notification. */
export function messageId(id: string): string {
  return `<${id}@driftwood.alerts>`;
}

/** RFC 2047 for non-ASCII header values. */
function header(value: string): string {
  const clean = value.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(clean) ? clean : `=?UTF-8?B?${Buffer.from(clean).toString('base64')}?=`;
}

export function buildEmail(input: {
  id: string;
  from: string;
  to: string[];
  subject: string;
  content: NotificationContent;
  date: Date;
}): string {
  const body = `${input.content.text}\n\nOpen in Discover: ${input.content.link}\n`;
  const ascii = /^[\x00-\x7f]*$/.test(body) && body.split('\n').every((l) => l.length < 990);
  const encoded = ascii
    ? body
    : (Buffer.from(body)
        .toString('base64')
        .match(/.{1,76}/g)
        ?.join('\n') ?? '');
  return [
    `From: ${header(input.from)}`,
    `To: ${input.to.map(header).join(', ')}`,
    `Subject: ${header(input.subject)}`,
    `Date: ${input.date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${messageId(input.id)}`,
    `X-Driftwood-Rule: ${header(input.content.values['rule.id'])}`,
    `X-Driftwood-Transition: ${input.content.values.transition}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Transfer-Encoding: ${ascii ? '7bit' : 'base64'}`,
    '',
    encoded,
  ].join('\n');
}

export const send: Send = async ({ id, content, action }, options) => {
  if (action.type !== 'email') throw new Error(`email channel got a ${action.type} action`);
  if (!options.smtp)
    return { ok: false, retryable: false, error: 'no SMTP server configured (set DRIFTWOOD_SMTP_URL or smtp)' };
  const subject = action.subject ? renderTemplate(action.subject, content.values) : content.subject;
  const data = buildEmail({ id, from: options.smtp.from, to: action.to, subject, content, date: new Date() });
  try {
    await sendMail(options.smtp, { from: options.smtp.from, to: action.to, data });
    return { ok: true, retryable: false };
  } catch (error) {
    if (error instanceof SmtpError) return { ok: false, retryable: error.retryable, error: error.message };
    return { ok: false, retryable: true, error: (error as Error).message };
  }
};
