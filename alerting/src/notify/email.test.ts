import { parseRule } from '@driftwood/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackConnections, type MailReceiver, MINUTE, startMailReceiver, T0 } from '../test-helpers.ts';
import { messageId, send } from './email.ts';
import { buildContent } from './message.ts';
import { Mailer, smtpConfigSchema } from './smtp.ts';

const content = (name: string) =>
  buildContent({
    id: 'n1',
    rule: parseRule({ id: 'disk', name, condition: { type: 'count', comparator: '>', threshold: 1 } }),
    group: null,
    transition: 'firing',
    value: 7,
    window: { from: T0 - 5 * MINUTE, to: T0 },
    publicUrl: 'http://ui.test',
  });

describe('email channel against smtp-server', () => {
  let server: MailReceiver;
  let mailer: Mailer;
  beforeAll(async () => {
    server = await startMailReceiver();
    mailer = new Mailer(
      smtpConfigSchema.parse({ host: '127.0.0.1', port: server.port, from: 'alerts@driftwood.test', pool: true }),
      loopbackConnections(),
    );
  });
  afterAll(async () => {
    mailer.close();
    await server.close();
  });

  it('sends the text and the Discover link, Message-ID from the notification id, rule and transition headers', async () => {
    const c = content('Disk full');
    const action = { type: 'email' as const, to: ['ops@example.com', 'dev@example.com'] };
    expect(await send({ id: 'n1', content: c, action }, { mailer })).toEqual({ ok: true, retryable: false });
    const mail = server.mails.at(-1)!;
    expect(mail).toMatchObject({ from: 'alerts@driftwood.test', to: ['ops@example.com', 'dev@example.com'] });
    expect(mail.headers).toMatchObject({
      'message-id': messageId('n1'),
      subject: '[Driftwood firing] Disk full',
      'x-driftwood-rule': 'disk',
      'x-driftwood-transition': 'firing',
    });
    expect(mail.body).toContain(c.text);
    expect(mail.body).toContain(`Open in Discover: ${c.link}`);
  });

  it('renders the subject template; non-ASCII subject and text arrive intact (MIME-encoded)', async () => {
    const c = content('Plattenplatz über 90 % — 🔥');
    const action = { type: 'email' as const, to: ['ops@example.com'], subject: '{{state}}: {{rule.name}} = {{value}}' };
    expect((await send({ id: 'n2', content: c, action }, { mailer })).ok).toBe(true);
    const mail = server.mails.at(-1)!;
    expect(mail.headers.subject).toMatch(/^=\?UTF-8\?/i);
    const words = [...mail.headers.subject!.matchAll(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi)];
    const decoded = words
      .map(([, enc, text]) =>
        enc?.toUpperCase() === 'B'
          ? Buffer.from(text ?? '', 'base64').toString('utf8')
          : decodeURIComponent((text ?? '').replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, '%$1')),
      )
      .join('');
    expect(decoded).toBe('firing: Plattenplatz über 90 % — 🔥 = 7');
    expect(mail.body).toContain('FIRING: Plattenplatz über 90 % — 🔥');
  });

  it('without an SMTP server the delivery fails for good, saying how to configure one', async () => {
    const result = await send({ id: 'n3', content: content('x'), action: { type: 'email', to: ['a@b.c'] } }, {});
    expect(result).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/DRIFTWOOD_SMTP_URL/) });
  });
});
