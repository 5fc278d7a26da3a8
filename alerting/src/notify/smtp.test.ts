import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailReceiver, startMailReceiver } from '../test-helpers.ts';
import { dotStuff, SmtpError, sendMail, smtpConfigFromUrl, smtpConfigSchema } from './smtp.ts';

describe('minimal SMTP client against smtp-server', () => {
  let server: MailReceiver;
  beforeAll(async () => {
    server = await startMailReceiver({ user: 'alice', pass: 's3cret' });
  });
  afterAll(() => server.close());

  const config = (over: object = {}) =>
    smtpConfigSchema.parse({ host: '127.0.0.1', port: server.port, rejectUnauthorized: false, ...over });

  it('upgrades with STARTTLS, authenticates with AUTH PLAIN, sends a dot-stuffed message', async () => {
    const data = 'Subject: hi\nMessage-ID: <x@y>\n\nline one\n.leading dot\nend\n';
    await sendMail(config({ user: 'alice', pass: 's3cret', from: 'a@b.c' }), {
      from: 'a@b.c',
      to: ['x@y.z', 'w@y.z'],
      data,
    });
    const mail = server.mails.at(-1)!;
    expect(mail.user).toBe('alice');
    expect(mail.to).toEqual(['x@y.z', 'w@y.z']);
    expect(mail.headers['message-id']).toBe('<x@y>');
    expect(mail.body).toContain('line one\r\n.leading dot\r\nend');
  });

  it('wrong credentials are a permanent error; no server is a retryable one', async () => {
    const bad = sendMail(config({ user: 'alice', pass: 'nope' }), { from: 'a@b.c', to: ['x@y.z'], data: 'x' });
    await expect(bad).rejects.toMatchObject({ name: 'SmtpError', retryable: false });
    const down = sendMail(config({ port: 9 }), { from: 'a@b.c', to: ['x@y.z'], data: 'x' });
    await expect(down).rejects.toBeInstanceOf(SmtpError);
    await expect(down).rejects.toMatchObject({ retryable: true });
  });

  it('refuses to send credentials in clear text', async () => {
    const plain = sendMail(config({ user: 'alice', pass: 's3cret', starttls: 'never' }), {
      from: 'a@b.c',
      to: ['x@y.z'],
      data: 'x',
    });
    await expect(plain).rejects.toThrow(/unencrypted/);
  });

  it('reads smtp:// URLs and stuffs dots', () => {
    expect(smtpConfigFromUrl('smtps://u%40x:p@mail.example.com:465?from=al@x.y')).toMatchObject({
      host: 'mail.example.com',
      port: 465,
      secure: true,
      user: 'u@x',
      pass: 'p',
      from: 'al@x.y',
    });
    expect(dotStuff('a\n.b\n..c')).toBe('a\r\n..b\r\n...c');
  });
});
