/** Email over SMTP (nodemailer, see smtp.ts); the notification id is the Message-ID. */
import { renderTemplate } from '@driftwood/core';
import type { Send } from './channel.ts';
import { toSmtpError } from './smtp.ts';

export const type = 'email';

/** `<id@driftwood.alerts>`: the same for every re-send of one notification. */
export function messageId(id: string): string {
  return `<${id}@driftwood.alerts>`;
}

export const send: Send = async ({ id, content, action }, options) => {
  if (action.type !== 'email') throw new Error(`email channel got a ${action.type} action`);
  if (!options.mailer)
    return { ok: false, retryable: false, error: 'no SMTP server configured (set DRIFTWOOD_SMTP_URL or smtp)' };
  const subject = action.subject ? renderTemplate(action.subject, content.values) : content.subject;
  try {
    await options.mailer.send({
      to: action.to,
      subject: subject.replace(/[\r\n]+/g, ' '),
      text: `${content.text}\n\nOpen in Discover: ${content.link}\n`,
      messageId: messageId(id),
      headers: {
        'X-Driftwood-Rule': content.values['rule.id'].replace(/[\r\n]+/g, ' '),
        'X-Driftwood-Transition': content.values.transition,
      },
    });
    return { ok: true, retryable: false };
  } catch (error) {
    const e = toSmtpError(error);
    return { ok: false, retryable: e.retryable, error: e.message };
  }
};
