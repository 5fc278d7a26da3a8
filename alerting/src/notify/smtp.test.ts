import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Connections, connectionsFor } from '../config.ts';
import { LOOPBACK_EGRESS, loopbackConnections, type MailReceiver, startMailReceiver } from '../test-helpers.ts';
import { EgressPolicy } from './egress.ts';
import { Mailer, type MailMessage, SmtpError, smtpConfigFromUrl, smtpConfigSchema } from './smtp.ts';

const message = (over: Partial<MailMessage> = {}): MailMessage => ({
  to: ['x@y.z'],
  subject: 'hi',
  text: 'line one\n.leading dot\nend\n',
  messageId: '<x@y>',
  ...over,
});

/** Sends one message with a fresh Mailer and closes it (loopback allowed, the test CA trusted). */
async function sendOnce(
  config: object,
  mail: MailMessage = message(),
  connections: Connections = loopbackConnections(),
): Promise<string> {
  const mailer = new Mailer(smtpConfigSchema.parse(config), connections);
  try {
    return await mailer.send(mail);
  } finally {
    mailer.close();
  }
}

describe('SMTP through nodemailer against smtp-server (STARTTLS + AUTH required)', () => {
  let server: MailReceiver;
  beforeAll(async () => {
    server = await startMailReceiver({ user: 'alice', pass: 's3cret', accessToken: 'ya29.token' });
  });
  afterAll(() => server.close());

  const config = (over: object = {}) => ({
    host: '127.0.0.1',
    port: server.port,
    from: 'a@b.c',
    ...over,
  });

  it('upgrades with STARTTLS, authenticates, sends the message with its Message-ID; dots survive', async () => {
    await sendOnce(config({ user: 'alice', pass: 's3cret' }), message({ to: ['x@y.z', 'w@y.z'] }));
    const mail = server.mails.at(-1)!;
    expect(mail).toMatchObject({ user: 'alice', secure: true, from: 'a@b.c', to: ['x@y.z', 'w@y.z'] });
    expect(mail.headers['message-id']).toBe('<x@y>');
    expect(mail.body).toContain('line one\r\n.leading dot\r\nend');
  });

  it('authenticates with XOAUTH2 when an access token is given', async () => {
    await sendOnce(config({ user: 'alice', accessToken: 'ya29.token' }));
    expect(server.mails.at(-1)).toMatchObject({ user: 'alice', authMethod: 'XOAUTH2', secure: true });
  });

  it('wrong credentials are a permanent error that names no password; no server is a retryable one', async () => {
    const bad = sendOnce(config({ user: 'alice', pass: 'hunter2-wrong' }));
    await expect(bad).rejects.toBeInstanceOf(SmtpError);
    await expect(bad).rejects.toMatchObject({ retryable: false });
    const error = (await bad.catch((e: unknown) => e)) as SmtpError;
    expect(error.message).not.toContain('hunter2-wrong');
    expect(error.message).not.toContain(Buffer.from('\0alice\0hunter2-wrong').toString('base64'));
    const down = sendOnce(config({ port: 9, timeoutMs: 2000 }));
    await expect(down).rejects.toMatchObject({ name: 'SmtpError', retryable: true });
  });

  it('a 4xx recipient reply is retryable, a 5xx one is not', async () => {
    server.failNextRecipients(1, 450);
    await expect(sendOnce(config({ user: 'alice', pass: 's3cret' }))).rejects.toMatchObject({
      code: 450,
      retryable: true,
    });
    server.failNextRecipients(1, 550);
    await expect(sendOnce(config({ user: 'alice', pass: 's3cret' }))).rejects.toMatchObject({
      code: 550,
      retryable: false,
    });
  });

  it('refuses to send credentials in clear text', async () => {
    const plain = sendOnce(config({ user: 'alice', pass: 's3cret', starttls: 'never' }));
    await expect(plain).rejects.toThrow(/unencrypted/);
    await expect(plain).rejects.toMatchObject({ retryable: false });
  });

  it('with pool, several messages share one connection', async () => {
    const before = server.connections();
    const mailer = new Mailer(
      smtpConfigSchema.parse(config({ user: 'alice', pass: 's3cret', pool: true })),
      loopbackConnections(),
    );
    try {
      for (let i = 0; i < 3; i++) await mailer.send(message({ messageId: `<pool-${i}@y>` }));
    } finally {
      mailer.close();
    }
    expect(server.connections() - before).toBe(1);
    const pooled = server.mails.filter((m) => m.headers['message-id']?.startsWith('<pool-'));
    expect(pooled).toHaveLength(3);
    expect(new Set(pooled.map((m) => m.connection)).size).toBe(1);
  });
});

describe('SMTP without STARTTLS on offer', () => {
  let server: MailReceiver;
  beforeAll(async () => {
    server = await startMailReceiver();
  });
  afterAll(() => server.close());
  const config = (over: object = {}) => ({ host: '127.0.0.1', port: server.port, ...over });

  it('sends in the clear when nothing needs protecting', async () => {
    await sendOnce(config());
    expect(server.mails.at(-1)).toMatchObject({ secure: false, to: ['x@y.z'] });
  });

  it('starttls: require fails (permanently) when the server offers no STARTTLS', async () => {
    await expect(sendOnce(config({ starttls: 'require' }))).rejects.toBeInstanceOf(SmtpError);
    expect(server.mails).toHaveLength(1);
  });

  it('credentials are never sent when the server offers no STARTTLS (auto)', async () => {
    await expect(sendOnce(config({ user: 'alice', pass: 's3cret' }))).rejects.toBeInstanceOf(SmtpError);
    expect(server.mails).toHaveLength(1);
  });
});

describe('SMTP over implicit TLS (smtps)', () => {
  let server: MailReceiver;
  beforeAll(async () => {
    server = await startMailReceiver({ secure: true, user: 'bob', pass: 'pw' });
  });
  afterAll(() => server.close());

  it('connects with TLS from the first byte and authenticates', async () => {
    await sendOnce({
      host: '127.0.0.1',
      port: server.port,
      secure: true,
      user: 'bob',
      pass: 'pw',
    });
    expect(server.mails.at(-1)).toMatchObject({ user: 'bob', secure: true });
  });

  it('verifies the certificate by name: localhost is checked as localhost, connected at its checked address', async () => {
    await sendOnce({ host: 'localhost', port: server.port, secure: true, user: 'bob', pass: 'pw' });
    expect(server.mails.at(-1)).toMatchObject({ user: 'bob', secure: true });
  });

  it('verifies the certificate: without tls.ca_file the test CA is not trusted and nothing is sent', async () => {
    const before = server.mails.length;
    const noCa = connectionsFor({ egress: LOOPBACK_EGRESS });
    const failed = sendOnce(
      { host: '127.0.0.1', port: server.port, secure: true, user: 'bob', pass: 'pw' },
      message(),
      noCa,
    );
    await expect(failed).rejects.toBeInstanceOf(SmtpError);
    await expect(failed).rejects.toMatchObject({ retryable: true });
    expect(server.mails).toHaveLength(before);
  });

  it('the egress policy applies: a loopback server not allowed is refused before any connection', async () => {
    const connections = server.connections();
    const denied = sendOnce(
      { host: '127.0.0.1', port: server.port, secure: true, user: 'bob', pass: 'pw' },
      message(),
      { egress: new EgressPolicy() },
    );
    await expect(denied).rejects.toMatchObject({ name: 'SmtpError', retryable: false });
    await expect(denied).rejects.toThrow(/egress denied: 127\.0\.0\.1 is loopback; allow it in alerting egress\.allow/);
    const viaName = sendOnce({ host: 'localhost', port: server.port, secure: true }, message(), {
      egress: new EgressPolicy(),
    });
    await expect(viaName).rejects.toThrow(/egress denied: localhost resolves to .* loopback/);
    expect(server.connections()).toBe(connections);
  });

  it('the config has no switch to turn certificate checks off', () => {
    const off = { host: 'h', [`reject${'Unauthorized'}`]: false };
    expect(() => smtpConfigSchema.parse(off)).toThrow(/Unrecognized key/);
  });
});

describe('smtp:// URLs', () => {
  it('reads host, port, TLS, credentials, from, starttls and pool', () => {
    expect(smtpConfigFromUrl('smtps://u%40x:p@mail.example.com:465?from=al@x.y')).toMatchObject({
      host: 'mail.example.com',
      port: 465,
      secure: true,
      user: 'u@x',
      pass: 'p',
      from: 'al@x.y',
      pool: false,
    });
    expect(smtpConfigFromUrl('smtp://mail:2525?starttls=require&pool=true&max_connections=4')).toMatchObject({
      secure: false,
      starttls: 'require',
      pool: true,
      maxConnections: 4,
    });
    expect(() => smtpConfigFromUrl('http://mail')).toThrow(/smtp/);
    expect(() => smtpConfigFromUrl('smtp://mail?starttls=maybe')).toThrow();
  });
});
